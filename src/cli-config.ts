/** Command-line flags and environment variables → emulator settings. */
import { parseArgs } from 'node:util';

export const HELP = `stripe-emulator: a stateful Stripe API emulator for invoicing

Usage: npm start -- [options]

Options (environment variable in brackets):
  --port N             port to listen on [PORT] (default 12111)
  --host H             address to bind [HOST] (default 127.0.0.1)
  --api-version V      the account default Stripe API version [STRIPE_API_VERSION]
                       (default 2026-10-28.endive)
  --data FILE          persist state to FILE (default: memory only) [STRIPE_EMULATOR_DATA]
  --quiet              no request log lines [STRIPE_EMULATOR_QUIET=1]
  -h, --help           this help
`;

export interface CliConfig {
  port: number;
  host: string;
  apiVersion?: string;
  dataFile?: string;
  quiet: boolean;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliConfig | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-version': { type: 'string' },
      data: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const portText = values.port ?? env.PORT ?? '12111';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${portText}`);
  return {
    port,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    apiVersion: values['api-version'] ?? env.STRIPE_API_VERSION ?? undefined,
    dataFile: values.data ?? env.STRIPE_EMULATOR_DATA ?? undefined,
    quiet: values.quiet ?? env.STRIPE_EMULATOR_QUIET === '1',
  };
}


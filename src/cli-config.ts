/** Command-line flags and environment variables → emulator settings. */
import { parseArgs } from 'node:util';
import { parseDuration, parseRetrySchedule } from './events/retry-schedule.js';

export const HELP = `stripe-emulator: a stateful Stripe API emulator for invoicing

Usage: npm start -- [options]
       stripe-emulator fixtures FILE… [--api-base URL] [--api-key KEY]   (see: fixtures --help)

Options (environment variable in brackets):
  --port N             port to listen on [PORT] (default 12111)
  --host H             address to bind [HOST] (default 127.0.0.1)
  --api-version V      the account default Stripe API version [STRIPE_API_VERSION]
                       (default 2026-10-28.endive)
  --data FILE          persist state to FILE (default: memory only) [STRIPE_EMULATOR_DATA]
  --quiet              no request log lines [STRIPE_EMULATOR_QUIET=1]
  --webhook-retries L  waits before each webhook retry, e.g. 1s,5s,30s; none = no retries
                       [STRIPE_EMULATOR_WEBHOOK_RETRIES] (default 2s,10s,1m,5m,30m,2h,6h: 8 attempts)
  --webhook-timeout D  webhook request timeout, e.g. 10s [STRIPE_EMULATOR_WEBHOOK_TIMEOUT] (default 10s)
  --fixtures FILE…     run Stripe CLI fixture files at start-up, before listening
                       [STRIPE_EMULATOR_FIXTURES, comma-separated]
  --fixtures-key KEY   the account they run in [STRIPE_API_KEY] (default sk_test_emulator_fixtures)
  -h, --help           this help
`;

export interface CliConfig {
  port: number;
  host: string;
  apiVersion?: string;
  dataFile?: string;
  quiet: boolean;
  /** Waits before each webhook retry, in milliseconds. */
  webhookRetrySchedule?: number[];
  /** Webhook request timeout in milliseconds. */
  webhookTimeout?: number;
  /** Fixture files to run at start-up. */
  fixtures: string[];
  fixturesKey?: string;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliConfig | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-version': { type: 'string' },
      data: { type: 'string' },
      quiet: { type: 'boolean' },
      'webhook-retries': { type: 'string' },
      'webhook-timeout': { type: 'string' },
      fixtures: { type: 'string', multiple: true },
      'fixtures-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return 'help';
  // `--fixtures a.json b.json`: the files after the first are positionals
  if (positionals.length > 0 && !values.fixtures) throw new Error(`Unexpected argument: ${positionals[0]}`);
  const fixtures = values.fixtures ? [...values.fixtures, ...positionals] : (env.STRIPE_EMULATOR_FIXTURES ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  const portText = values.port ?? (env.PORT || '12111');
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535) throw new Error(`Invalid port: ${portText}`);
  return {
    port,
    host: values.host ?? (env.HOST || '127.0.0.1'),
    apiVersion: values['api-version'] ?? (env.STRIPE_API_VERSION || undefined),
    dataFile: values.data ?? (env.STRIPE_EMULATOR_DATA || undefined),
    quiet: values.quiet ?? env.STRIPE_EMULATOR_QUIET === '1',
    ...webhookSettings(values['webhook-retries'] ?? (env.STRIPE_EMULATOR_WEBHOOK_RETRIES || undefined), values['webhook-timeout'] ?? (env.STRIPE_EMULATOR_WEBHOOK_TIMEOUT || undefined)),
    fixtures,
    fixturesKey: values['fixtures-key'] ?? env.STRIPE_API_KEY ?? undefined,
  };
}

function webhookSettings(retries: string | undefined, timeout: string | undefined): Pick<CliConfig, 'webhookRetrySchedule' | 'webhookTimeout'> {
  const out: Pick<CliConfig, 'webhookRetrySchedule' | 'webhookTimeout'> = {};
  if (retries !== undefined) out.webhookRetrySchedule = parseRetrySchedule(retries);
  if (timeout !== undefined) {
    out.webhookTimeout = parseDuration(timeout);
    if (out.webhookTimeout <= 0) throw new Error(`Invalid webhook timeout: ${timeout} (must be more than 0)`);
  }
  return out;
}

#!/usr/bin/env node
/**
 * The command line: flags and environment → createEmulator → serve on
 * 127.0.0.1:12111. SIGINT/SIGTERM finish in-flight requests, persist, exit 0.
 */
import { serve } from '@hono/node-server';
import { parseArgs } from 'node:util';
import { createEmulator } from './emulator.js';
import { DataFileError } from './store/persistence.js';

const HELP = `stripe-emulator: a stateful Stripe API emulator for invoicing

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

async function main(): Promise<void> {
  let config: CliConfig | 'help';
  try {
    config = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (config === 'help') {
    console.log(HELP);
    return;
  }
  const publicHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  let emulator;
  try {
    emulator = await createEmulator({
      apiVersion: config.apiVersion,
      dataFile: config.dataFile,
      quiet: config.quiet,
      publicUrl: `http://${publicHost}:${config.port}`,
    });
  } catch (error) {
    if (error instanceof DataFileError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const server = serve({ fetch: emulator.app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(
      `Stripe emulator listening on http://${config.host}:${info.port} (API version ${emulator.services.defaultVersion}, ${config.dataFile ? `data in ${config.dataFile}` : 'in-memory state'})`,
    );
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight requests…`);
    server.close(async () => {
      await emulator.close();
      console.log('stopped');
      process.exit(0);
    });
    // idle keep-alive connections must not hold the shutdown
    (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();

#!/usr/bin/env node
/**
 * The command line: flags and environment → createEmulator → serve on
 * 127.0.0.1:12111. SIGINT/SIGTERM finish in-flight requests, persist, exit 0.
 */
import { serve } from '@hono/node-server';
import { HELP, parseCli, type CliConfig } from './cli-config.js';
import { createEmulator } from './emulator.js';
import { DataFileError } from './store/persistence.js';

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

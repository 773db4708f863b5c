#!/usr/bin/env node
/**
 * The command line: flags and environment → createEmulator → serve on
 * 127.0.0.1:12111. SIGINT/SIGTERM finish in-flight requests, persist, exit 0.
 * A data file that cannot be used, a bad flag or a busy port is one clear line
 * on stderr and a non-zero exit.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { HELP, parseCli, type CliConfig } from './cli-config.js';
import { createEmulator, type Emulator } from './emulator.js';
import { StripeError } from './errors.js';
import { fixturesCommand } from './fixtures/command.js';
import { seedFixtures } from './fixtures/seed.js';
import { DataFileError } from './store/persistence.js';

/** How long a shutdown waits for in-flight requests before closing their connections. */
const SHUTDOWN_GRACE_MS = 10_000;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'fixtures') {
    process.exit(await fixturesCommand(process.argv.slice(3), { env: process.env, out: (l) => console.log(l), err: (l) => console.error(l) }));
  }
  let config: CliConfig | 'help';
  try {
    config = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`, 2);
  }
  if (config === 'help') {
    console.log(HELP);
    return;
  }
  const publicHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  let emulator: Emulator;
  try {
    emulator = await createEmulator({
      apiVersion: config.apiVersion,
      dataFile: config.dataFile,
      quiet: config.quiet,
      webhookRetrySchedule: config.webhookRetrySchedule,
      webhookTimeout: config.webhookTimeout,
      publicUrl: `http://${publicHost}:${config.port}`,
    });
  } catch (error) {
    if (error instanceof DataFileError) fail(error.message, 1);
    if (error instanceof StripeError) fail(`Cannot start: ${error.message}`, 2); // e.g. an unknown --api-version
    fail(`Cannot start: ${(error as Error)?.stack ?? String(error)}`, 1);
  }
  if (config.fixtures.length > 0) {
    try {
      await seedFixtures(emulator, config.fixtures, { key: config.fixturesKey });
    } catch (error) {
      await emulator.close().catch(() => {});
      fail(`Cannot start: --fixtures failed.\n${(error as Error).message}`, 1);
    }
  }
  const server = serve({ fetch: emulator.app.fetch, port: config.port, hostname: config.host }, (info) => {
    // with --port 0 the OS picks the port: links handed out use the real one
    emulator.services.publicUrl = () => `http://${publicHost}:${info.port}`;
    console.log(
      `Stripe emulator listening on http://${config.host}:${info.port} (API version ${emulator.services.defaultVersion}, ${config.dataFile ? `data in ${config.dataFile}` : 'in-memory state'})`,
    );
  }) as Server;
  server.on('error', (error: NodeJS.ErrnoException) => {
    const why = error.code === 'EADDRINUSE' ? `port ${config.port} is already in use (pass --port or PORT)` : error.message;
    void emulator.close().finally(() => fail(`Cannot start: ${why}`, 1));
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // a second signal: do not wait for slow clients any longer
      server.closeAllConnections();
      return;
    }
    stopping = true;
    console.log(`${signal}: finishing in-flight requests…`);
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(async () => {
      try {
        await emulator.close();
      } catch (error) {
        fail(`error: could not write the data file on shutdown: ${(error as Error).message}`, 1);
      }
      console.log('stopped');
      process.exit(0);
    });
    // idle keep-alive connections must not hold the shutdown, including those that go idle
    // when their in-flight request is answered
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 50).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

await main();

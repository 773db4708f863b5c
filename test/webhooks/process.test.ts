/**
 * The built server: webhook flags reach the dispatcher (its log line names the
 * schedule), and a retry waiting hours does not keep the process from exiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeOverHttp } from '../support/harness.js';
import { buildInto, startServer, type ServerProcess } from '../support/server-process.js';
import { deadPort } from './receiver.js';

let main: string;
let server: ServerProcess | undefined;

beforeAll(() => {
  main = buildInto('webhooks-process').main;
}, 120_000);
afterAll(() => {
  if (server && server.proc.exitCode === null) server.proc.kill('SIGKILL');
});

function lineMatching(s: ServerProcess, re: RegExp): Promise<string> {
  return new Promise((resolve) => {
    const check = () => {
      const line = s.stdout.find((l) => re.test(l));
      if (line === undefined) return false;
      s.proc.stdout!.off('data', onData);
      resolve(line);
      return true;
    };
    const onData = () => setImmediate(check);
    if (!check()) s.proc.stdout!.on('data', onData);
  });
}

describe('webhook flags in the server process', () => {
  it('logs failed attempts with the configured schedule and exits cleanly with a retry pending', async () => {
    server = await startServer(main, ['--port', '0', '--webhook-retries', '1h', '--webhook-timeout', '2s']);
    const stripe = stripeOverHttp(server.port);
    const url = `http://127.0.0.1:${await deadPort()}/hooks`;
    await stripe.webhookEndpoints.create({ url, enabled_events: ['customer.created'] });
    await stripe.customers.create({});
    const line = await lineMatching(server, /^webhook evt_\w+ customer\.created/);
    expect(line).toContain(`→ ${url} failed: connection refused`);
    expect(line).toContain('attempt 1/2, next in 1h');
    const started = Date.now();
    server.proc.kill('SIGTERM');
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 60_000);
});

/**
 * The built command line as a real process: stripe-node over HTTP, the request log, flags and
 * environment, SIGTERM (finish in-flight, persist, exit 0), kill -9 after an acknowledged write,
 * and start-up failures that never start empty.
 */
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKey, stripeOverHttp } from '../support/harness.js';
import { buildInto, failedStart, removeBuild, startServer, type Build, type ServerProcess } from '../support/server-process.js';

let main: string;
let build: Build;
const dir = mkdtempSync(join(tmpdir(), 'emulator-server-'));
const running: ServerProcess[] = [];

const buildDir = `server-test-build-${process.pid}`; // private: test runs may overlap

beforeAll(() => {
  build = buildInto(buildDir);
  main = build.main;
}, 180_000);

afterAll(() => {
  for (const s of running) if (s.proc.exitCode === null && s.proc.signalCode === null) s.proc.kill('SIGKILL');
  removeBuild(buildDir);
});

async function start(args: string[], env: Record<string, string> = {}) {
  const s = await startServer(main, args, env);
  running.push(s);
  return s;
}

async function stop(s: ServerProcess, signal: NodeJS.Signals = 'SIGTERM') {
  s.proc.kill(signal);
  return s.exited;
}

const LOG_LINE = /^(GET|POST|DELETE) (\/\S*) (\d{3}) (\d+\.\d)ms (req_[A-Za-z0-9]{24})$/;

describe('the server process', { timeout: 60_000 }, () => {
  it('compiles without type errors (npm start runs this build first and stops on errors)', () => {
    expect(build.status, `tsc -p src/tsconfig.build.json reported errors, so \`npm start\` would not start:\n${build.output}`).toBe(0);
  });

  it('serves stripe-node over HTTP and logs one line per request', async () => {
    const s = await start(['--port', '0']);
    expect(s.stdout[0]).toMatch(/^Stripe emulator listening on http:\/\/127\.0\.0\.1:\d+ \(API version 2026-10-28\.endive, in-memory state\)$/);
    const stripe = stripeOverHttp(s.port);
    const c = await stripe.customers.create({ email: 'http@example.com' });
    expect(c.id).toMatch(/^cus_/);
    expect((await stripe.customers.retrieve(c.id)) as { email: string }).toMatchObject({ email: 'http@example.com' });
    await stripe.customers.list({ limit: 3 });
    await stripe.customers.retrieve('cus_missing').catch(() => {});
    const health = await fetch(`${s.url}/_emulator/health`);
    expect(health.status).toBe(200);
    expect(await stop(s)).toEqual({ code: 0, signal: null });

    const logs = s.stdout.filter((l) => LOG_LINE.test(l));
    expect(logs.map((l) => LOG_LINE.exec(l)!.slice(1, 4))).toEqual([
      ['POST', '/v1/customers', '200'],
      ['GET', `/v1/customers/${c.id}`, '200'],
      ['GET', '/v1/customers', '200'],
      ['GET', '/v1/customers/cus_missing', '404'],
      ['GET', '/_emulator/health', '200'],
    ]);
    expect(LOG_LINE.exec(logs[0])![5]).toBe(c.lastResponse.requestId);
    expect(s.stdout).toContain('stopped');
  });

  it('is quiet with --quiet or STRIPE_EMULATOR_QUIET=1', async () => {
    for (const [args, env] of [[['--port', '0', '--quiet'], {}], [['--port', '0'], { STRIPE_EMULATOR_QUIET: '1' }]] as const) {
      const s = await start([...args], { ...env });
      await fetch(`${s.url}/v1/customers`, { headers: { authorization: `Bearer ${newKey()}` } });
      await stop(s);
      expect(s.stdout.filter((l) => LOG_LINE.test(l))).toEqual([]);
    }
  });

  it('takes the port, host and API version from flags or the environment, flags first', async () => {
    const port = await freePort();
    const byEnv = await start([], { PORT: String(port), HOST: '127.0.0.1', STRIPE_API_VERSION: '2025-05-28.basil' });
    expect(byEnv.port).toBe(port);
    const res = await fetch(`${byEnv.url}/v1/customers`, { headers: { authorization: `Bearer ${newKey()}` } });
    expect(res.headers.get('stripe-version')).toBe('2025-05-28.basil');
    await stop(byEnv);
    const other = await freePort();
    const byFlag = await start(['--port', String(other), '--host', '127.0.0.1', '--api-version', '2025-03-31.basil'], { PORT: String(port), STRIPE_API_VERSION: '2025-05-28.basil' });
    expect(byFlag.port).toBe(other);
    const res2 = await fetch(`${byFlag.url}/v1/customers`, { headers: { authorization: `Bearer ${newKey()}` } });
    expect(res2.headers.get('stripe-version')).toBe('2025-03-31.basil');
    await stop(byFlag);
  });

  it('finishes an in-flight request on SIGTERM, persists it, exits 0, and the state survives a restart', async () => {
    const file = join(dir, 'sigterm.json');
    const key = newKey();
    const s = await start(['--port', '0', '--data', file]);
    const first = await stripeOverHttp(s.port, key).customers.create({ name: 'before' });
    // a request whose body is still arriving when the signal comes
    const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1', port: s.port, method: 'POST', path: '/v1/customers',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String('name=in-flight'.length) },
      }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.write('name=in-');
      setTimeout(() => {
        s.proc.kill('SIGTERM');
        setTimeout(() => req.end('flight'), 300);
      }, 100);
    });
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    const flightId = JSON.parse(answered.body).id as string;
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(s.stdout).toContain('SIGTERM: finishing in-flight requests…');

    const again = await start(['--port', '0', '--data', file]);
    const stripe = stripeOverHttp(again.port, key);
    expect((await stripe.customers.list()).data.map((c) => c.id)).toEqual([flightId, first.id]);
    expect(await stop(again, 'SIGINT')).toEqual({ code: 0, signal: null });
  });

  it('keeps an acknowledged write after kill -9', async () => {
    const file = join(dir, 'kill9.json');
    const key = newKey();
    const s = await start(['--port', '0', '--data', file]);
    const stripe = stripeOverHttp(s.port, key);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.customers.create({ name: `k${i}` })).id);
    const updated = await stripe.customers.update(ids[0], { metadata: { last: 'write' } });
    expect(updated.metadata).toEqual({ last: 'write' });
    expect(await stop(s, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    const again = await start(['--port', '0', '--data', file]);
    const after = stripeOverHttp(again.port, key);
    expect((await after.customers.list()).data.map((c) => c.id)).toEqual([...ids].reverse());
    expect(((await after.customers.retrieve(ids[0])) as { metadata: unknown }).metadata).toEqual({ last: 'write' });
    await stop(again);
  });

  it('keeps every acknowledged write of concurrent requests after kill -9 (writes of one turn share one append)', async () => {
    const file = join(dir, 'kill9-concurrent.json');
    const key = newKey();
    const s = await start(['--port', '0', '--data', file]);
    const stripe = stripeOverHttp(s.port, key);
    const acknowledged: string[] = [];
    let stop9 = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop9; i++) {
        try {
          acknowledged.push((await stripe.customers.create({ name: `w${w}-${i}` })).id);
        } catch {
          return; // the process is gone
        }
        if (acknowledged.length >= 300) stop9 = true;
      }
    };
    const workers = Array.from({ length: 16 }, (_, w) => worker(w));
    while (!stop9) await new Promise((resolve) => setTimeout(resolve, 5));
    s.proc.kill('SIGKILL'); // requests are still in flight
    await Promise.all(workers);
    await s.exited;

    const again = await start(['--port', '0', '--data', file]);
    const after = stripeOverHttp(again.port, key);
    const kept = new Set((await after.customers.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 })).map((c) => c.id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(acknowledged.filter((id) => !kept.has(id))).toEqual([]);
    await stop(again);
  });

  it.each([
    ['corrupt', '{"format": "stripe-invoicing-emulator", "accounts": {"sk_test_a": {', /is not valid JSON/],
    ['foreign', '{"name": "some other app", "users": []}', /is not a data file of this emulator/],
  ])('refuses a %s --data file with a clear message and a non-zero exit', async (_name, content, message) => {
    const file = join(dir, `bad-${_name}.json`);
    writeFileSync(file, content);
    const r = await failedStart(main, ['--port', '0', '--data', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.join('\n')).toMatch(/^Cannot start: /);
    expect(r.stderr.join('\n')).toMatch(message);
    expect(r.stderr.join('\n')).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(r.stdout.some((l) => /listening/.test(l))).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('refuses bad flags, an unknown API version and a busy port clearly', async () => {
    const flag = await failedStart(main, ['--nope']);
    expect(flag.code).toBe(2);
    expect(flag.stderr.join('\n')).toMatch(/Unknown option '--nope'/);
    const badPort = await failedStart(main, ['--port', 'http']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr.join('\n')).toMatch(/Invalid port: http/);
    const version = await failedStart(main, ['--port', '0', '--api-version', '2019-01-01']);
    expect(version.code).toBe(2);
    expect(version.stderr.join('\n')).toMatch(/Cannot start: Invalid Stripe API version: 2019-01-01/);

    const blocker = createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)));
    try {
      const busy = await failedStart(main, ['--port', String(port)]);
      expect(busy.code).toBe(1);
      expect(busy.stderr.join('\n')).toMatch(new RegExp(`Cannot start: port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('refuses a 10 MB body over HTTP with a 400 and keeps serving', async () => {
    const s = await start(['--port', '0', '--quiet']);
    const key = newKey();
    const res = await fetch(`${s.url}/v1/customers`, {
      method: 'POST', body: `description=${'x'.repeat(10 * 1024 * 1024)}`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
    }).catch((e) => e);
    if (res instanceof Response) {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/too large/);
    } else {
      // the server may close the connection after answering instead of reading 10 MB
      expect(String(res.cause?.code ?? res)).toMatch(/EPIPE|ECONNRESET|UND_ERR_SOCKET/);
    }
    const ok = await fetch(`${s.url}/v1/customers`, { headers: { authorization: `Bearer ${key}` } });
    expect(ok.status).toBe(200);
    await stop(s);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A local webhook receiver for tests: a real HTTP server on 127.0.0.1 (ephemeral
 * port) that records every request (raw body, headers) and answers with what the
 * test scripts: a status per request (then the default), an optional hold.
 * `receiversPerTest(settle)` hands out receivers that are closed after each test.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Statuses for the next requests, in order; afterwards `fallback` (default 200). */
  script(statuses: number[], fallback?: number): void;
  /** Hold answers until `release()` (or forever). */
  hold(): void;
  release(): void;
  /** Resolves once `n` requests have arrived (no sleeping). */
  waitFor(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let statuses: number[] = [];
  let fallback = 200;
  let holding = false;
  let held: Array<() => void> = [];
  let waiters: Array<{ n: number; resolve: () => void }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      waiters = waiters.filter((w) => (received.length >= w.n ? (w.resolve(), false) : true));
      const status = statuses.length > 0 ? statuses.shift()! : fallback;
      const answer = () => {
        if (!res.destroyed) res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `nope ${status}`);
      };
      if (holding) held.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    port,
    received,
    script(next, fb = 200) {
      statuses = [...next];
      fallback = fb;
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    waitFor(n) {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    close() {
      holding = false;
      held = [];
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Registers an `afterEach` that runs `settle` (e.g. draining the emulator's
 * deliveries) and then closes every receiver the returned function started
 * during the test.
 */
export function receiversPerTest(settle: () => Promise<void>): () => Promise<Receiver> {
  const open: Receiver[] = [];
  afterEach(async () => {
    await settle();
    await Promise.all(open.splice(0).map((r) => r.close()));
  });
  return async () => {
    const r = await startReceiver();
    open.push(r);
    return r;
  };
}

/** A port nothing listens on (bound, then released). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

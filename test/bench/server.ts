/**
 * The benchmark's server process: the emulator and bare Hono routes, each on its own
 * loopback port, in one process. Driven over IPC by run.ts (seeding goes through the store).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../../src/app.js';
import { createContext, runUnit } from '../../src/context.js';
import { createEmulator } from '../../src/emulator.js';
import { IdempotencyCache } from '../../src/http/idempotency.js';
import { createCustomer } from '../../src/resources/customers/service.js';
import { apiRouter } from '../../src/resources/index.js';
import { endOfTurn } from '../../src/turn.js';

export interface ServerMessage {
  type: 'ready' | 'seeded' | 'cpu' | 'heap';
  apiPort?: number;
  barePort?: number;
  floorPort?: number;
  ms?: number;
  /** CPU time used by this process so far, microseconds (user + system). */
  cpu?: number;
  /** Bytes of JavaScript heap in use after a full garbage collection (the process runs with --expose-gc). */
  heap?: number;
}

export type ControlMessage = { type: 'seed'; key: string; count: number } | { type: 'cpu' } | { type: 'heap' };

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<number> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
    server.on('error', (e) => {
      console.error(e);
      process.exit(1);
    });
  });
}

const emulator = await createEmulator({ quiet: true, logger: () => {}, dataFile: process.env.BENCH_DATA || undefined });
const bare = new Hono();
bare.get('/', (c) => c.json({ object: 'ok' }));
// the same for a POST that reads its form body: the floor for any endpoint that takes parameters
bare.post('/', async (c) => c.json({ object: 'ok', bytes: (await c.req.text()).length }));
// the API pipeline's floor for a write: the emulator's routes, with create-customer's handler replaced by one that
// returns one stored customer (no write, no event, its JSON cached); authentication, the form, the parameter check,
// idempotency and the response are as for a create
const floorRouter = apiRouter();
const floorCreate = floorRouter.routes.find((r) => r.method === 'POST' && r.path === '/v1/customers')!;
let floorCustomer: unknown;
floorCreate.handler = (ctx) => (floorCustomer ??= createCustomer(ctx, { email: 'floor@example.com', name: 'Floor', metadata: { plan: 'pro' } }));
const floor = createApp({
  services: emulator.services, idempotency: new IdempotencyCache(() => emulator.clock.now()), router: floorRouter,
  persist: endOfTurn, logError: (line) => console.error(line), requestId: () => emulator.services.ids('req'), extensions: [],
});
const apiPort = await listen(emulator.app.fetch);
const barePort = await listen(bare.fetch);
const floorPort = await listen(floor.fetch);

process.on('message', (raw) => {
  const m = raw as ControlMessage;
  if (m.type === 'cpu') {
    const u = process.cpuUsage();
    process.send!({ type: 'cpu', cpu: u.user + u.system } satisfies ServerMessage);
    return;
  }
  if (m.type === 'heap') {
    const gc = (globalThis as { gc?: () => void }).gc!;
    gc();
    gc();
    process.send!({ type: 'heap', heap: process.memoryUsage().heapUsed } satisfies ServerMessage);
    return;
  }
  const started = performance.now();
  const ctx = createContext(emulator.services, m.key);
  for (let done = 0; done < m.count; ) {
    const batch = Math.min(1000, m.count - done);
    runUnit(ctx, () => {
      for (let i = 0; i < batch; i++) createCustomer(ctx, { email: `seed${done + i}@example.com`, name: `Seed ${done + i}`, metadata: { n: String(done + i) } });
    });
    done += batch;
  }
  process.send!({ type: 'seeded', ms: performance.now() - started } satisfies ServerMessage);
});
process.on('SIGTERM', () => {
  void emulator.close().finally(() => process.exit(0));
});
process.send!({ type: 'ready', apiPort, barePort, floorPort } satisfies ServerMessage);

/**
 * `npm run bench`: throughput and latency of the emulator next to a bare Hono route, over
 * loopback HTTP with undici as the load generator (this process; the servers run in children).
 *
 *   npm run bench                    # 3 s per side of each comparison
 *   BENCH_SECONDS=10 npm run bench   # seconds per side, split into BENCH_ROUNDS (6) rounds
 *
 * Every figure is a comparison measured in alternating rounds (reference, subject, reference,
 * subject, …), so both sides see the same machine: on a shared machine the speed drifts by 2×
 * within a minute, and a bare route measured a minute before the subject says little. A ratio
 * is the median of the per-round ratios; requests/s are medians of the rounds.
 *
 * Targets (at concurrency 16): create and retrieve ≥ 50% and list (limit 10) ≥ 40% of the bare
 * route's requests/s; list latency with 100,000 stored customers within 1.5× of that with 100, and
 * with a `created` filter that matches none of them within 1.5× of the unfiltered list (no scan);
 * --data costs at most 30% of create throughput. Prints PASS/FAIL per target; exits 0 either way
 * unless BENCH_STRICT=1. For scale, it also measures a bare POST route and the API pipeline with a
 * create handler that does nothing (what any write pays before its own work), and it prints the heap
 * a created customer keeps alive.
 *
 * Each line also says how busy the server process and the load generator (this process) were, in
 * shares of one core. Whichever is near 100% set the pace: on a machine with two cores the bare
 * route is usually paced by the generator, its server partly idle, so a ratio there compares the
 * emulator with what the generator can send rather than with what the bare server could serve.
 * The server CPU per request of both sides is printed for that reading.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import type { ControlMessage, ServerMessage } from './server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WARMUP_MS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const MAX_REQUESTS = 5_000_000; // a bound on every loop, whatever the clock does
const SERVER = fileURLToPath(new URL('./server.js', import.meta.url));

interface Server {
  child: ChildProcess;
  api: string;
  bare: string;
  /** The API pipeline with a do-nothing create handler (see server.ts). */
  floor: string;
  next(type: ServerMessage['type']): Promise<ServerMessage>;
}

async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const child = fork(SERVER, [], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...process.execArgv, '--expose-gc'],
  });
  const waiting: Array<{ type: string; resolve: (m: ServerMessage) => void; reject: (e: Error) => void }> = [];
  child.on('message', (m: ServerMessage) => {
    const i = waiting.findIndex((w) => w.type === m.type);
    if (i !== -1) waiting.splice(i, 1)[0].resolve(m);
  });
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`bench server exited (${code})`));
  });
  const next = (type: ServerMessage['type']) => new Promise<ServerMessage>((resolve, reject) => waiting.push({ type, resolve, reject }));
  const ready = await next('ready');
  return { child, api: `http://127.0.0.1:${ready.apiPort}`, bare: `http://127.0.0.1:${ready.barePort}`, floor: `http://127.0.0.1:${ready.floorPort}`, next };
}

interface Result {
  name: string;
  concurrency: number;
  /** Median requests/s over the rounds. */
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Server CPU time per request, microseconds. */
  cpuPerRequest: number;
  /** Share of one core the load generator (this process) used while measuring: near 1, it set the pace, not the server. */
  generatorLoad: number;
  /** Share of one core the server process used meanwhile. */
  serverLoad: number;
}

type RequestSpec = { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: () => string; idempotent?: boolean };

/** One side of a comparison: what to send, where. */
interface Load {
  name: string;
  server: Server;
  origin: string;
  spec: RequestSpec;
}

/** Asks the server process for a figure: its CPU time so far (µs) or its heap after a full collection (bytes). */
async function ask(server: Server, type: 'cpu' | 'heap'): Promise<number> {
  const reply = server.next(type);
  server.child.send({ type } satisfies ControlMessage);
  return (await reply)[type]!;
}

/** Each spec's headers as undici's flat name/value list, built once. */
const headerLists = new WeakMap<RequestSpec, string[]>();

/**
 * Sends one request of `spec` (with a fresh Idempotency-Key when it is idempotent) and reads the response; returns its
 * status. The load generator shares the machine with the server, so it spends as little as it can: headers go as a
 * flat list (a spread copy of an object that gains a property costs V8 a new hidden class each time, ~5 µs).
 */
async function send(pool: Pool, spec: RequestSpec): Promise<number> {
  let list = headerLists.get(spec);
  if (!list) headerLists.set(spec, (list = Object.entries(spec.headers ?? {}).flat()));
  const headers = spec.idempotent ? [...list, 'idempotency-key', `bench-${process.pid}-${++idempotencyKeys}`] : list; // as stripe-node sends on every POST
  const res = await pool.request({ method: spec.method, path: spec.path, headers, body: spec.body?.() });
  await res.body.arrayBuffer();
  return res.statusCode;
}

/** Memory a request keeps alive (a create): `count` of them at c=16, heap after less heap before. */
async function keptPerRequest(load: Load, count: number): Promise<number> {
  const pool = new Pool(load.origin, { connections: 16, pipelining: 1 });
  try {
    const before = await ask(load.server, 'heap');
    let sent = 0;
    const worker = async () => {
      for (; sent < count; sent++) await send(pool, load.spec);
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    return ((await ask(load.server, 'heap')) - before) / sent;
  } finally {
    await pool.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A load generator for one side: `concurrency` connections, each sending requests back to back. */
class Side {
  readonly pool: Pool;
  readonly latencies: number[] = [];
  readonly rates: number[] = [];
  errors = 0;
  cpu = 0;
  /** This process's CPU time while measuring, microseconds. */
  generatorCpu = 0;
  /** Time spent measuring, microseconds. */
  measured = 0;
  requests = 0;

  constructor(readonly load: Load, readonly concurrency: number) {
    this.pool = new Pool(load.origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  /** Runs for `ms`; returns requests/s. `record` keeps latencies, CPU and counts. */
  async run(ms: number, record: boolean): Promise<number> {
    const spec = this.load.spec;
    const cpuBefore = record ? await ask(this.load.server, 'cpu') : 0;
    const generatorBefore = process.cpuUsage();
    const started = performance.now();
    const until = started + ms;
    let done = 0;
    const worker = async () => {
      while (performance.now() < until && sent < MAX_REQUESTS) {
        sent++;
        const t = performance.now();
        const status = await send(this.pool, spec);
        done++;
        if (record) {
          this.latencies.push(performance.now() - t);
          if (status !== 200) this.errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    const elapsed = performance.now() - started;
    const rate = done / (elapsed / 1000);
    if (record) {
      const generator = process.cpuUsage(generatorBefore);
      this.generatorCpu += generator.user + generator.system;
      this.measured += elapsed * 1000;
      this.cpu += (await ask(this.load.server, 'cpu')) - cpuBefore;
      this.requests += done;
      this.rates.push(rate);
    }
    return rate;
  }

  result(): Result {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
    return {
      name: this.load.name, concurrency: this.concurrency, rps: median(this.rates), p50: at(0.5), p99: at(0.99),
      errors: this.errors, cpuPerRequest: this.cpu / Math.max(1, this.requests),
      generatorLoad: this.generatorCpu / Math.max(1, this.measured), serverLoad: this.cpu / Math.max(1, this.measured),
    };
  }
}
let sent = 0;

interface Comparison {
  subject: Result;
  reference: Result;
  /** Median over the rounds of subject/reference requests/s. */
  ratio: number;
  /** Median over the rounds of subject/reference p50 latency. */
  latencyRatio: number;
}

function show(r: Result): string {
  return `${r.name.padEnd(34)} c=${String(r.concurrency).padStart(2)}  ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(2).padStart(6)} ms  p99 ${r.p99.toFixed(2).padStart(6)} ms  server cpu ${r.cpuPerRequest.toFixed(0).padStart(5)} µs/req  ${busy(r)}${r.errors ? `  ${r.errors} non-200!` : ''}`;
}

/** How busy the server and the load generator were (shares of one core): whichever is near 100% set the pace. */
function busy(r: Result): string {
  return `busy: server ${(r.serverLoad * 100).toFixed(0).padStart(3)}%, generator ${(r.generatorLoad * 100).toFixed(0).padStart(3)}%`;
}

/** Measures `subject` against `reference` in alternating rounds at one concurrency. */
async function compare(subject: Load, reference: Load, concurrency: number): Promise<Comparison> {
  const a = new Side(reference, concurrency);
  const b = new Side(subject, concurrency);
  try {
    await a.run(WARMUP_MS / 2, false);
    await b.run(WARMUP_MS, false);
    const ratios: number[] = [];
    const latencyRatios: number[] = [];
    const roundMs = (SECONDS * 1000) / ROUNDS;
    for (let round = 0; round < ROUNDS; round++) {
      const aLatencies = a.latencies.length;
      const bLatencies = b.latencies.length;
      const ra = await a.run(roundMs, true);
      const rb = await b.run(roundMs, true);
      ratios.push(rb / ra);
      const p50 = (list: number[], from: number) => median(list.slice(from));
      latencyRatios.push(p50(b.latencies, bLatencies) / p50(a.latencies, aLatencies));
    }
    const comparison = { subject: b.result(), reference: a.result(), ratio: median(ratios), latencyRatio: median(latencyRatios) };
    console.log(`${show(comparison.subject)}   ${(comparison.ratio * 100).toFixed(0).padStart(3)}% of ${reference.name} (${comparison.reference.rps.toFixed(0)} req/s alongside, server cpu ${comparison.reference.cpuPerRequest.toFixed(0)} µs/req, ${busy(comparison.reference)})`);
    return comparison;
  } finally {
    await Promise.all([a.pool.close(), b.pool.close()]);
  }
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
let counter = 0;
let idempotencyKeys = 0;

async function api(origin: string, key: string, method: 'GET' | 'POST', path: string, body?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${origin}${path}`, { method, headers: { ...auth(key), ...form }, body });
  return (await res.json()) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const cores = (await import('node:os')).cpus().length;
  const load = (await import('node:os')).loadavg()[0];
  console.log(
    `Benchmark: ${SECONDS} s per side of each comparison in ${ROUNDS} alternating rounds after a warm-up, loopback HTTP, undici Pool; node ${process.version}; ${cores} CPUs, load average ${load.toFixed(1)} at start\n`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'emulator-bench-'));
  const mem = await startServer();
  const servers = [mem];
  const small = 'sk_test_bench_small';
  const large = 'sk_test_bench_large';
  const writes = 'sk_test_bench_writes';
  const targets: Array<[string, string, boolean]> = [];
  try {
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push((await api(mem.api, small, 'POST', '/v1/customers', `email=b${i}%40example.com&name=Bench+${i}&metadata[i]=${i}`)).id as string);
    mem.child.send({ type: 'seed', key: large, count: 100_000 } satisfies ControlMessage);
    const seeded = await mem.next('seeded');
    console.log(`seeded 100,000 customers through the store in ${(seeded.ms! / 1000).toFixed(1)} s\n`);

    const bare: Load = { name: 'bare Hono route', server: mem, origin: mem.bare, spec: { method: 'GET', path: '/' } };
    const barePost: Load = {
      name: 'bare Hono POST route', server: mem, origin: mem.bare,
      spec: { method: 'POST', path: '/', headers: { ...auth(writes), ...form }, idempotent: true, body: () => `email=c${++counter}%40example.com&name=Created&metadata[plan]=pro` },
    };
    const create = (server: Server, name: string): Load => ({
      name, server, origin: server.api,
      spec: { method: 'POST', path: '/v1/customers', headers: { ...auth(writes), ...form }, idempotent: true, body: () => `email=c${++counter}%40example.com&name=Created&metadata[plan]=pro` },
    });
    const retrieve = (server: Server, id: string, name: string): Load => ({ name, server, origin: server.api, spec: { method: 'GET', path: `/v1/customers/${id}`, headers: auth(small) } });
    const list = (key: string, name: string): Load => ({ name, server: mem, origin: mem.api, spec: { method: 'GET', path: '/v1/customers?limit=10', headers: auth(key) } });
    const list100 = list(small, 'list customers (limit 10), 100');
    const list100k = list(large, 'list customers (limit 10), 100k');

    const atLeast = (c: Comparison, min: number) => {
      const paced = c.reference.generatorLoad >= 0.9 && c.reference.serverLoad < c.reference.generatorLoad;
      const note = paced ? ` (the bare route was paced by the load generator; server cpu ${(c.subject.cpuPerRequest / c.reference.cpuPerRequest).toFixed(1)}× the bare route's)` : '';
      targets.push([`${c.subject.name} c=16 ≥ ${min * 100}% of bare`, `${(c.ratio * 100).toFixed(0)}%${note}`, c.ratio >= min]);
    };
    // reads first: the creates grow the server's heap, which every later measurement would carry
    console.log('concurrency 1 (next to the bare route)');
    for (const subject of [retrieve(mem, ids[42], 'retrieve customer'), list100]) await compare(subject, bare, 1);
    const latency = await compare(list100k, list100, 1);
    targets.push(['list p50 at 100k ≤ 1.5× at 100 (c=1)', `${latency.latencyRatio.toFixed(2)}×`, latency.latencyRatio <= 1.5]);
    // a created range is a binary search: matching none of 100,000 customers must not walk them
    const createdList: Load = {
      name: 'list customers (limit 10, created[lt]=1), 100k', server: mem, origin: mem.api,
      spec: { method: 'GET', path: '/v1/customers?limit=10&created[lt]=1', headers: auth(large) },
    };
    const createdLatency = await compare(createdList, list100k, 1);
    targets.push(['created-filtered list p50 at 100k ≤ 1.5× unfiltered (c=1)', `${createdLatency.latencyRatio.toFixed(2)}×`, createdLatency.latencyRatio <= 1.5]);
    await compare(create(mem, 'create customer'), bare, 1);

    console.log('\nconcurrency 16 (next to the bare route)');
    atLeast(await compare(retrieve(mem, ids[42], 'retrieve customer'), bare, 16), 0.5);
    atLeast(await compare(list100, bare, 16), 0.4);
    await compare(list100k, bare, 16);
    atLeast(await compare(create(mem, 'create customer'), bare, 16), 0.5);

    console.log('\nfor scale, concurrency 16: a bare POST route that reads the same form body (Hono c.req.text()), and the API pipeline');
    console.log('with a create handler that returns one stored customer (no write, no event, its JSON cached)');
    await compare(barePost, bare, 16);
    await compare(create(mem, 'create customer'), barePost, 16);
    await compare({ ...create(mem, 'API pipeline, do-nothing create'), origin: mem.floor }, bare, 16);

    console.log('\n--data (next to the same request in memory, both on fresh servers)');
    mem.child.kill('SIGTERM');
    const [fresh, disk] = await Promise.all([startServer(), startServer({ BENCH_DATA: join(dir, 'bench.json') })]);
    servers.push(fresh, disk);
    const freshId = (await api(fresh.api, small, 'POST', '/v1/customers', 'email=d%40example.com')).id as string;
    const diskId = (await api(disk.api, small, 'POST', '/v1/customers', 'email=d%40example.com')).id as string;
    const dataCreate = await compare(create(disk, 'create customer --data'), create(fresh, 'create customer'), 16);
    targets.push(['--data costs ≤ 30% of create c=16', `${((1 - dataCreate.ratio) * 100).toFixed(0)}%`, 1 - dataCreate.ratio <= 0.3]);
    const dataRetrieve = await compare(retrieve(disk, diskId, 'retrieve customer --data'), retrieve(fresh, freshId, 'retrieve customer'), 16);
    targets.push(['--data costs ≤ 30% of retrieve c=16', `${((1 - dataRetrieve.ratio) * 100).toFixed(0)}%`, 1 - dataRetrieve.ratio <= 0.3]);

    console.log('\nmemory (a fresh server)');
    const memory = await startServer();
    servers.push(memory);
    const kept = await keptPerRequest(create(memory, 'create customer'), 20_000);
    console.log(`a created customer keeps ${(kept / 1024).toFixed(2)} KB of heap alive: the customer, its event, its idempotency entry and their bookkeeping (over 20,000 creates)`);
  } finally {
    for (const server of servers) server.child.kill('SIGTERM');
    await Promise.all(servers.map((server) => new Promise((r) => (server.child.exitCode !== null ? r(null) : server.child.once('exit', r)))));
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('\nTargets');
  for (const [name, shown, ok] of targets) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name.padEnd(44)} ${shown}`);
  const failed = targets.filter((t) => !t[2]).length;
  console.log(failed ? `\n${failed} target(s) missed` : '\nall targets met');
  if (failed && process.env.BENCH_STRICT === '1') process.exitCode = 1;
}

await main();

/**
 * Running the official Stripe CLI (npm `@stripe/cli`) against an emulator
 * served on an ephemeral loopback port:
 *
 *   const server = await serveOnLoopback(h.emulator.app);
 *   const run = await stripeTrigger('payment_intent.succeeded', { apiBase: server.url, key, apiVersion: '2025-08-27.basil' });
 *   expect(run.code).toBe(0);
 *   await server.close();
 *
 * or, for a whole test file, `const served = servedEmulator()` (a harness served
 * on loopback before the file's tests, closed after them: `served.h`,
 * `served.server.url`) and `limiter(n)` to run at most n CLI runs at a time.
 *
 * HOME is a fresh temporary directory per run (the CLI writes its config
 * there) and telemetry is off. `stripeCliAvailable()` lets tests skip where the
 * platform binary is not installed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { afterAll, beforeAll } from 'vitest';
import { createHarness, type Harness } from './harness.js';

/** The CLI binary: the platform package's executable if present (no node shim), else the npm bin link. */
export function stripeCliPath(): string {
  const platform = `${process.platform === 'win32' ? 'win32' : process.platform}-${process.arch}`;
  const direct = resolve(`node_modules/@stripe/cli-${platform}/bin/stripe${process.platform === 'win32' ? '.exe' : ''}`);
  return existsSync(direct) ? direct : resolve('node_modules/.bin/stripe');
}

export function stripeCliAvailable(): boolean {
  return existsSync(stripeCliPath());
}

export interface LoopbackServer {
  port: number;
  /** `http://127.0.0.1:PORT` (the CLI wants an IP, not localhost). */
  url: string;
  close(): Promise<void>;
}

export async function serveOnLoopback(app: Hono): Promise<LoopbackServer> {
  let server!: ServerType;
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export interface ServedEmulator {
  /** The harness (clients, the emulator); set once the file's `beforeAll` has run. */
  readonly h: Harness;
  /** The harness's app on a loopback port, for the CLI's `--api-base`. */
  readonly server: LoopbackServer;
}

/** Registers the file's `beforeAll`/`afterAll`: a harness served on a loopback port, closed after the file's tests. */
export function servedEmulator(): ServedEmulator {
  const served: { h?: Harness; server?: LoopbackServer } = {};
  beforeAll(async () => {
    served.h = await createHarness();
    served.server = await serveOnLoopback(served.h.emulator.app);
  });
  afterAll(async () => {
    await served.server?.close();
    await served.h?.close();
  });
  return served as ServedEmulator;
}

/** At most `n` async jobs at a time (CLI runs in parallel). */
export function limiter(n: number) {
  let active = 0;
  const queue: Array<() => void> = [];
  return async <T>(job: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((go) => queue.push(go));
    active++;
    try {
      return await job();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args` (HOME = a temporary directory, telemetry off); never rejects on a non-zero exit. */
export async function runStripeCli(args: string[], opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliRun> {
  const home = await mkdtemp(join(tmpdir(), 'stripe-cli-home-'));
  try {
    return await new Promise<CliRun>((done) => {
      execFile(
        stripeCliPath(),
        args,
        {
          env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), STRIPE_CLI_TELEMETRY_OPTOUT: '1', ...opts.env },
          timeout: opts.timeoutMs ?? 60_000,
          maxBuffer: 4 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
          done({ code, stdout: String(stdout), stderr: String(stderr) });
        },
      );
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** `stripe trigger EVENT --api-base … --api-key … [--api-version …]`. */
export function stripeTrigger(event: string, opts: { apiBase: string; key: string; apiVersion?: string; timeoutMs?: number }): Promise<CliRun> {
  const args = ['trigger', event, '--api-base', opts.apiBase, '--api-key', opts.key];
  if (opts.apiVersion) args.push('--api-version', opts.apiVersion);
  return runStripeCli(args, { timeoutMs: opts.timeoutMs });
}

/**
 * Test harness: an emulator in process and stripe-node wired to it through
 * `app.request` (no port). `newAccount()` gives each test its own secret key,
 * hence its own isolated account.
 */
import Stripe from 'stripe';
import { randomBytes } from 'node:crypto';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/index.js';

export interface Harness {
  emulator: Emulator;
  /** A stripe-node client for a fresh account (optionally pinned to an API version). */
  stripe(opts?: { apiVersion?: string; key?: string }): Stripe;
  newKey(): string;
  /** Raw HTTP against the app: path, init (method, headers, body). */
  request(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

export function newKey(): string {
  return `sk_test_${randomBytes(12).toString('hex')}`;
}

export async function createHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await createEmulator({ quiet: true, logger: () => {}, ...options });
  const fetchFn = (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return Promise.resolve(emulator.app.request(url, init));
  };
  return {
    emulator,
    newKey,
    stripe(opts = {}) {
      return stripeFor(opts.key ?? newKey(), fetchFn, opts.apiVersion);
    },
    async request(path, init = {}) {
      const { key, headers, ...rest } = init;
      const h = new Headers(headers);
      if (key !== null && !h.has('authorization')) h.set('authorization', `Bearer ${key ?? newKey()}`);
      return emulator.app.request(`http://127.0.0.1:12111${path}`, { ...rest, headers: h });
    },
    close: () => emulator.close(),
  };
}

export function stripeFor(
  key: string,
  fetchFn: (input: string | URL | Request, init?: RequestInit) => Promise<Response>,
  apiVersion?: string,
): Stripe {
  return new Stripe(key, {
    httpClient: Stripe.createFetchHttpClient(fetchFn as typeof fetch),
    host: '127.0.0.1',
    port: 12111,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
    ...(apiVersion ? { apiVersion: apiVersion as Stripe.LatestApiVersion } : {}),
  });
}

/** A stripe-node client against a server listening on a real port. */
export function stripeOverHttp(port: number, key = newKey(), apiVersion?: string): Stripe {
  return new Stripe(key, {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
    telemetry: false,
    ...(apiVersion ? { apiVersion: apiVersion as Stripe.LatestApiVersion } : {}),
  });
}

/**
 * ApiContext: the per-request (or per-job) facts every domain function gets:
 * the account's store, the API version, the request id, the clock, ids, and
 * `emit()` for events. `runUnit` runs domain code as one unit of work and hands
 * the events it emitted to the webhook dispatcher once committed.
 */
import type { Clock } from './clock.js';
import { StripeError } from './errors.js';
import type { IdGenerator } from './ids.js';
import type { AccountStore, Store } from './store/store.js';
import type { ApiVersion } from './versions/known.js';

export interface EventRecord {
  id: string;
  object: 'event';
  type: string;
  [key: string]: unknown;
}

/** What the emulator offers domain code beyond one account's store. */
export interface EmulatorServices {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  /** The account default API version (events are rendered with it). */
  defaultVersion: ApiVersion;
  /** Base URL for links the emulator hands out (hosted invoice pages). */
  publicUrl(): string;
  /** Called after a unit of work committed with the events it emitted. */
  onEvents(accountKey: string, events: EventRecord[]): void;
  /** Counts the endpoints an event will be delivered to (for `pending_webhooks`). */
  matchingEndpoints(accountKey: string, type: string): number;
}

export interface ApiContext {
  readonly services: EmulatorServices;
  readonly accountKey: string;
  readonly account: AccountStore;
  /** The version of this request (rendering, gates). */
  readonly version: ApiVersion;
  readonly requestId: string | null;
  readonly idempotencyKey: string | null;
  now(): number;
  id(prefix: string): string;
  /** Events emitted so far in this unit of work. */
  readonly events: EventRecord[];
}

export function createContext(
  services: EmulatorServices,
  accountKey: string,
  opts: { version?: ApiVersion; requestId?: string | null; idempotencyKey?: string | null } = {},
): ApiContext {
  return {
    services,
    accountKey,
    account: services.store.account(accountKey),
    version: opts.version ?? services.defaultVersion,
    requestId: opts.requestId ?? null,
    idempotencyKey: opts.idempotencyKey ?? null,
    now: () => services.clock.now(),
    id: (prefix) => services.ids(prefix),
    events: [],
  };
}

/**
 * Runs `fn` as one unit of work: all writes commit together, or none do. A
 * StripeError marked `keepWrites` (a declined card) commits what was written
 * before it, events included. Committed events go to the webhook dispatcher.
 */
export function runUnit<T>(ctx: ApiContext, fn: () => T): T {
  const start = ctx.events.length;
  const keep = (error: unknown) => error instanceof StripeError && error.keepWrites;
  try {
    const result = ctx.services.store.transaction(fn, keep);
    dispatch(ctx, start);
    return result;
  } catch (error) {
    if (keep(error)) dispatch(ctx, start);
    else ctx.events.length = start;
    throw error;
  }
}

function dispatch(ctx: ApiContext, start: number): void {
  const events = ctx.events.slice(start);
  if (events.length > 0) ctx.services.onEvents(ctx.accountKey, events);
}

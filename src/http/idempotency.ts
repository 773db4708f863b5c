/**
 * Idempotency-Key on POST: the first response of a key (per account) is kept
 * for 24 hours and replayed for the same parameters; other parameters under
 * the same key are an idempotency_error; a request arriving while the first
 * is still running gets a 409.
 *
 * stripe-node sends a key with every POST, so the cache is bounded and every
 * step is O(1): a queue (array plus head index) keeps entries in the order they
 * were made; expired ones leave from its front as new ones arrive, and beyond
 * `maxEntries` the oldest are evicted. (Deleting from the front of a large Map
 * and iterating it again would skip over every earlier deletion.) Entries are
 * found by account, then by key: a key is looked up as sent, without building
 * a combined string, and an entry knows whether it is still current, so the
 * queue never looks it up again.
 *
 * A request is compared with the first one by its raw form text (a client
 * retrying sends the very same bytes); only when the texts differ are both
 * decoded again and their parameters compared regardless of order. An entry
 * keeps only the text: a decoded form would cost it several times the memory.
 *
 * With `--data`, saved responses are also kept in the store, in each account's
 * IDEMPOTENCY_KEYS bookkeeping collection (so they are journaled and restored like
 * any write, and a reset takes them with the account); the cache is rebuilt from
 * there on start, and entries leaving the cache leave the store too. Without it,
 * the cache is all there is: nothing outlives the process anyway.
 */
import { idempotencyError, idempotencyKeyInUse, invalidRequest } from '../errors.js';
import { deepFreeze, type Collection, type StoredObject } from '../store/collection.js';
import type { Store } from '../store/store.js';
import { decodeForm } from './form.js';

/** The bookkeeping collection of saved responses, when they are durable. */
export const IDEMPOTENCY_KEYS = '_idempotency_key';

/** A key's id in the store: prefixed, since a key may be any text, and ids such as `constructor` are refused. */
const storedId = (key: string): string => `key_${key}`;

/**
 * A saved response as the store keeps it. The response is kept as its JSON text: journaling a string costs a
 * fraction of serializing the object again.
 */
interface StoredKey extends StoredObject {
  /** The Idempotency-Key itself; the id is derived from it (see storedId). */
  key: string;
  method: string;
  path: string;
  text: string;
  saved_at: number;
  response: { status: number; body: string; requestId: string; version: string };
}

export interface SavedResponse {
  status: number;
  /**
   * The JSON value the first response rendered, serialized again for a replay. It is
   * usually the stored (frozen) object itself, so keeping it costs no memory of its own.
   */
  value?: unknown;
  /** Or the response text itself (a response read back from the store after a restart). */
  body?: string;
  requestId: string;
  /** The API version the value was rendered at (a replay is sent as it was, and says so). */
  version: string;
}

/** What identifies a request's parameters: method, path and form text (a body or a query string). */
export interface RequestIdentity {
  method: string;
  path: string;
  text: string;
}

interface Entry extends RequestIdentity {
  account: string;
  key: string;
  savedAt: number;
  response: SavedResponse | null; // null while in flight
  /** Still in the cache (false once replaced, expired, evicted, released or reset: the queue then skips it). */
  current: boolean;
}

export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
const TTL_SECONDS = IDEMPOTENCY_TTL_SECONDS;
export const DEFAULT_MAX_IDEMPOTENCY_ENTRIES = 50_000;

export class IdempotencyCache {
  /** Account → key → entry. */
  private readonly entries = new Map<string, Map<string, Entry>>();
  private count = 0;
  /** Entries oldest first from `head`; an entry no longer current (replaced, released, reset) is skipped. */
  private queue: Entry[] = [];
  private head = 0;

  private readonly store: Store | null;
  /** Whether saved responses are kept in the store (with --data); they are loaded from it now. */
  private readonly durable: boolean;

  /**
   * `store`: where durable responses live, and where a reset clears any kept ones (a restored snapshot may bring
   * some, even into an emulator without --data).
   */
  constructor(
    private readonly now: () => number,
    private readonly maxEntries = DEFAULT_MAX_IDEMPOTENCY_ENTRIES,
    opts: { store?: Store; durable?: boolean } = {},
  ) {
    this.store = opts.store ?? null;
    this.durable = this.store !== null && opts.durable === true;
    if (this.durable) this.load();
  }

  get size(): number {
    return this.count;
  }

  /**
   * Returns a saved response to replay, or null when the request should run
   * (it is then marked in flight until `save` or `release`).
   */
  begin(account: string, key: string, request: RequestIdentity): SavedResponse | null {
    if (key.length > 255) throw invalidRequest('Idempotency-Key must be at most 255 characters.', { param: 'Idempotency-Key' });
    const entry = this.entries.get(account)?.get(key);
    const now = this.now();
    if (entry && now - entry.savedAt < TTL_SECONDS) {
      if (!sameRequest(entry, request)) {
        throw idempotencyError(
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (entry.response === null) throw idempotencyKeyInUse(key);
      return entry.response;
    }
    // new, or expired: the key starts afresh, at the end of the order
    const fresh: Entry = {
      account, key, method: request.method, path: request.path, text: request.text, savedAt: now, response: null, current: true,
    };
    if (entry) this.forget(entry);
    this.add(fresh);
    this.sweep(now);
    return null;
  }

  /**
   * Keeps the response of a running request in the store, when saved responses are durable: called before the
   * request's writes are made durable, so that the key is journaled with them. It is replayed once `save`d.
   */
  keep(account: string, key: string, response: SavedResponse, body: string): void {
    if (!this.durable) return; // (every keyed POST comes here: in memory, nothing to do)
    const entry = this.entries.get(account)?.get(key);
    if (!entry) return;
    const { status, requestId, version } = response;
    // a literal with a literal inside: stored as it is, without a copy (see deepFreeze)
    this.store!.account(account).collection<StoredKey>(IDEMPOTENCY_KEYS).put(deepFreeze({
      id: storedId(key), key, method: entry.method, path: entry.path, text: entry.text, saved_at: entry.savedAt,
      response: { status, body, requestId, version },
    }));
  }

  /** The request is done: a retry with its key replays `response`. */
  save(account: string, key: string, response: SavedResponse): void {
    const entry = this.entries.get(account)?.get(key);
    if (entry) entry.response = response;
  }

  /** Forgets an in-flight key whose request was refused before it ran (nothing is saved then). */
  release(account: string, key: string): void {
    const entry = this.entries.get(account)?.get(key);
    if (entry?.response === null) this.forget(entry);
  }

  /** Forgets the keys of one account, or all; kept copies in the store go too (a restored snapshot's included). */
  reset(account?: string): void {
    if (account === undefined) {
      this.entries.clear();
      this.count = 0;
      this.queue = [];
      this.head = 0;
    } else {
      for (const entry of this.entries.get(account)?.values() ?? []) {
        entry.current = false;
        this.count -= 1;
      }
      this.entries.delete(account);
    }
    for (const name of account === undefined ? (this.store?.accountKeys() ?? []) : [account]) {
      const keys = this.keptKeys(name);
      if (keys) {
        for (const stored of [...keys.values()]) keys.remove(stored.id);
        keys.compact();
      }
    }
  }

  /** An account's kept responses in the store, when it has any (asking for an absent collection would create it). */
  private keptKeys(account: string): Collection<StoredKey> | null {
    const store = this.store;
    if (!store || !store.hasAccount(account)) return null;
    const acct = store.account(account);
    return acct.has(IDEMPOTENCY_KEYS) ? acct.collection<StoredKey>(IDEMPOTENCY_KEYS) : null;
  }

  /** Rebuilds the cache from the store's saved responses, oldest first. */
  private load(): void {
    const loaded: Entry[] = [];
    for (const account of this.store!.accountKeys()) {
      for (const k of this.keptKeys(account)?.values() ?? []) {
        loaded.push({ account, key: k.key, method: k.method, path: k.path, text: k.text, savedAt: k.saved_at, response: k.response, current: true });
      }
    }
    loaded.sort((a, b) => a.savedAt - b.savedAt);
    for (const entry of loaded) this.add(entry);
    this.sweep(this.now());
  }

  /** Puts an entry in the cache, as the newest. */
  private add(entry: Entry): void {
    let keys = this.entries.get(entry.account);
    if (keys === undefined) this.entries.set(entry.account, (keys = new Map()));
    keys.set(entry.key, entry);
    this.count += 1;
    this.queue.push(entry);
  }

  /** Drops an entry from the cache, and its kept response from the store. */
  private forget(entry: Entry): void {
    entry.current = false;
    this.count -= 1;
    const keys = this.entries.get(entry.account)!;
    keys.delete(entry.key);
    if (keys.size === 0) this.entries.delete(entry.account); // (each test run may use an account of its own)
    if (this.durable) {
      const kept = this.keptKeys(entry.account);
      if (kept) {
        kept.remove(storedId(entry.key));
        // a key comes and goes with every POST: the slots it leaves are given back once they outnumber the keys
        if (kept.removedSlots > Math.max(1024, kept.size)) kept.compact();
      }
    }
  }

  /** Drops expired entries from the front and evicts the oldest beyond the bound: O(1) amortized. */
  private sweep(now: number): void {
    while (this.head < this.queue.length) {
      const oldest = this.queue[this.head];
      const expired = now - oldest.savedAt >= TTL_SECONDS; // in flight for 24 hours: abandoned
      if (oldest.current && !expired && this.count <= this.maxEntries) break;
      if (oldest.current) this.forget(oldest);
      this.head += 1;
    }
    // passed entries are dropped once they are most of the queue; stale ones further in (released,
    // reset) are dropped by rebuilding the queue from the live entries (a Map keeps their order)
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.queue.length - this.head > 2 * Math.max(1024, this.count)) {
      this.queue = this.queue.slice(this.head).filter((entry) => entry.current); // still oldest first
      this.head = 0;
    }
  }
}

function sameRequest(a: RequestIdentity, b: RequestIdentity): boolean {
  if (a.method !== b.method || a.path !== b.path) return false;
  return a.text === b.text || canonical(decodeForm(a.text)) === canonical(decodeForm(b.text));
}

/** The parameters in a form that ignores their order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Idempotency-Key on POST: the first response of a key (per account) is kept
 * for 24 hours and replayed for the same parameters; other parameters under
 * the same key are an idempotency_error; a request arriving while the first
 * is still running gets a 409.
 *
 * stripe-node sends a key with every POST, so the cache is bounded: entries
 * are kept in the order they were made (a Map keeps insertion order), expired
 * ones are dropped from the front as new ones arrive, and beyond `maxEntries`
 * the oldest are evicted.
 */
import { idempotencyError, idempotencyKeyInUse, invalidRequest } from '../errors.js';

export interface SavedResponse {
  status: number;
  body: string;
  requestId: string;
}

interface Entry {
  fingerprint: string;
  savedAt: number;
  response: SavedResponse | null; // null while in flight
}

export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
const TTL_SECONDS = IDEMPOTENCY_TTL_SECONDS;
export const DEFAULT_MAX_IDEMPOTENCY_ENTRIES = 50_000;

export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly maxEntries = DEFAULT_MAX_IDEMPOTENCY_ENTRIES,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * Returns a saved response to replay, or null when the request should run
   * (it is then marked in flight until `save` or `release`).
   */
  begin(account: string, key: string, fingerprint: string): SavedResponse | null {
    if (key.length > 255) throw invalidRequest('Idempotency-Key must be at most 255 characters.', { param: 'Idempotency-Key' });
    const id = `${account}\u0000${key}`;
    const entry = this.entries.get(id);
    if (entry && this.now() - entry.savedAt < TTL_SECONDS) {
      if (entry.fingerprint !== fingerprint) {
        throw idempotencyError(
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (entry.response === null) throw idempotencyKeyInUse(key);
      return entry.response;
    }
    this.entries.delete(id); // an expired entry: the key starts afresh, at the end of the order
    this.entries.set(id, { fingerprint, savedAt: this.now(), response: null });
    this.sweep();
    return null;
  }

  save(account: string, key: string, response: SavedResponse): void {
    const entry = this.entries.get(`${account}\u0000${key}`);
    if (entry) entry.response = response;
  }

  /** Forgets an in-flight key whose request was refused before it ran (nothing is saved then). */
  release(account: string, key: string): void {
    const id = `${account}\u0000${key}`;
    if (this.entries.get(id)?.response === null) this.entries.delete(id);
  }

  reset(account?: string): void {
    if (account === undefined) this.entries.clear();
    else for (const id of this.entries.keys()) if (id.startsWith(`${account}\u0000`)) this.entries.delete(id);
  }

  /** Drops expired entries from the front and evicts the oldest beyond the bound: O(1) amortized. */
  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      const expired = now - entry.savedAt >= TTL_SECONDS; // in flight for 24 hours: abandoned
      if (!expired && this.entries.size <= this.maxEntries) break;
      this.entries.delete(id);
    }
  }
}

/** A fingerprint of a request that ignores parameter order. */
export function fingerprint(method: string, path: string, params: unknown): string {
  return `${method} ${path} ${canonical(params)}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

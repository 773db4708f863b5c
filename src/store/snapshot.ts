/**
 * Snapshots: the state of one account or of all, in the `--data` file format
 * (RootData without the journal bookkeeping), so a snapshot saved to a file
 * can be passed to `--data` and a data file can be restored as a snapshot.
 *
 * `parseSnapshot` checks a whole body before anything is applied: a foreign or
 * corrupt body is a SnapshotError with a message saying what is wrong.
 */
import { DATA_FORMAT, DATA_FORMAT_VERSION, type AccountData, type RootData, type Store } from './store.js';

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

export interface Snapshot {
  format: typeof DATA_FORMAT;
  version: number;
  accounts: Record<string, AccountData>;
}

const ACCOUNT_KEY = /^(sk|rk)_test_[A-Za-z0-9_]+$/;
const COLLECTION_NAME = /^[A-Za-z0-9_.]{1,100}$/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** One account's state (empty when it has none), or every account's. */
export function takeSnapshot(store: Store, account?: string): Snapshot {
  const accounts = account === undefined ? store.root.accounts : { [account]: store.root.accounts[account] ?? {} };
  return { format: DATA_FORMAT, version: DATA_FORMAT_VERSION, accounts };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fail(message: string): never {
  throw new SnapshotError(message);
}

/** Parses and checks a snapshot (or a `--data` file's contents). */
export function parseSnapshot(text: string): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    fail(`The snapshot is not valid JSON (${(error as Error).message}).`);
  }
  return checkSnapshot(data);
}

export function checkSnapshot(data: unknown): Snapshot {
  const expected = `expected {"format": "${DATA_FORMAT}", "version": ${DATA_FORMAT_VERSION}, "accounts": {...}}, as GET /_emulator/snapshot returns`;
  if (!isRecord(data)) fail(`The snapshot must be a JSON object (${expected}).`);
  if (data.format !== DATA_FORMAT) {
    fail(`This is not a snapshot of this emulator: "format" is ${JSON.stringify(data.format) ?? 'missing'} (${expected}).`);
  }
  if (typeof data.version !== 'number' || !Number.isInteger(data.version) || data.version < 1) {
    fail(`The snapshot's "version" must be a positive integer (${expected}).`);
  }
  if (data.version > DATA_FORMAT_VERSION) {
    fail(`The snapshot has data format version ${data.version}, written by a newer emulator; this one reads version ${DATA_FORMAT_VERSION}.`);
  }
  // a data file restored as a snapshot brings its bookkeeping: the journal position and the clock offset (the clock,
  // shared by every account, stays where it is)
  const extra = Object.keys(data).filter((k) => !['format', 'version', 'accounts', 'journal_seq', 'clock_offset_seconds'].includes(k));
  if (extra.length > 0) fail(`The snapshot has unknown top-level field(s) ${extra.map((k) => `"${k}"`).join(', ')} (${expected}).`);
  if (!isRecord(data.accounts)) fail(`The snapshot's "accounts" must be an object of accounts by API key (${expected}).`);
  for (const [key, account] of Object.entries(data.accounts)) {
    if (!ACCOUNT_KEY.test(key)) fail(`The snapshot's account ${JSON.stringify(key.slice(0, 40))} is not a test mode secret key (sk_test_…).`);
    if (!isRecord(account)) fail(`Account ${key} in the snapshot must be an object of collections.`);
    for (const [name, objects] of Object.entries(account)) {
      if (!COLLECTION_NAME.test(name) || FORBIDDEN.has(name)) fail(`Account ${key} has a collection with an invalid name: ${JSON.stringify(name.slice(0, 100))}.`);
      if (!isRecord(objects)) fail(`Collection ${name} of account ${key} must be an object of objects by id.`);
      for (const [id, obj] of Object.entries(objects)) {
        if (FORBIDDEN.has(id)) fail(`Collection ${name} of account ${key} has an invalid id: ${id}.`);
        if (!isRecord(obj) || obj.id !== id) fail(`Object ${JSON.stringify(id.slice(0, 100))} in collection ${name} of account ${key} must be an object whose "id" is ${JSON.stringify(id.slice(0, 100))}.`);
      }
    }
  }
  return { format: DATA_FORMAT, version: data.version, accounts: data.accounts as Record<string, AccountData> };
}

/**
 * The accounts a restore puts in place. With an API key: that account's state
 * from the snapshot, or the only account it holds (a shared demo state can be
 * loaded into anyone's key). Without: every account of the snapshot.
 */
export function accountsToRestore(snapshot: Snapshot, account?: string): RootData['accounts'] {
  if (account === undefined) return snapshot.accounts;
  const keys = Object.keys(snapshot.accounts);
  if (snapshot.accounts[account] !== undefined) return { [account]: snapshot.accounts[account] };
  if (keys.length === 0) return { [account]: {} };
  if (keys.length === 1) return { [account]: snapshot.accounts[keys[0]] };
  return fail(
    `The snapshot holds ${keys.length} accounts and none is the one of your API key. Restore it without an Authorization header to load every account, or take a single account's snapshot (GET /_emulator/snapshot with its key).`,
  );
}

export function countObjects(accounts: RootData['accounts']): number {
  let n = 0;
  for (const account of Object.values(accounts)) {
    for (const objects of Object.values(account)) n += objects instanceof Map ? objects.size : Object.keys(objects).length;
  }
  return n;
}

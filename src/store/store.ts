/**
 * The store: collections of Stripe objects per account (one account per secret
 * key), held in a lowdb data root. Writes made inside a transaction can be
 * rolled back; committed writes are reported to listeners (persistence).
 *
 * The invariant: a collection named after a Stripe object holds exactly what
 * the API returns at the newest version with nothing expanded. Bookkeeping
 * lives in collections whose names start with `_`.
 */
import { Low, Memory } from 'lowdb';
import { Collection, type StoredObject } from './collection.js';

export const DATA_FORMAT = 'stripe-invoicing-emulator';
export const DATA_FORMAT_VERSION = 1;

/**
 * One collection's objects by id. In memory it is an ObjectMap (a Map: fast for
 * many ids); as read from a file or a snapshot it is a plain record, turned into
 * an ObjectMap when the collection is first used. Both serialize to the same JSON.
 */
export type CollectionData = Record<string, StoredObject> | ObjectMap;

export type AccountData = Record<string, CollectionData>;

/** A Map of objects by id that serializes as a JSON object (`{"cus_1": {...}}`). */
export class ObjectMap extends Map<string, StoredObject> {
  static from(data: CollectionData): ObjectMap {
    return data instanceof ObjectMap ? data : new ObjectMap(Object.entries(data));
  }

  toJSON(): Record<string, StoredObject> {
    return Object.fromEntries(this);
  }
}

export interface RootData {
  format: typeof DATA_FORMAT;
  version: number;
  accounts: Record<string, AccountData>;
  /** With --data: the last journal line this snapshot contains (see persistence.ts). */
  journal_seq?: number;
  /** With --data: how far the emulator's clock has been moved forward, in seconds (restored at start). */
  clock_offset_seconds?: number;
}

export function emptyRoot(): RootData {
  return { format: DATA_FORMAT, version: DATA_FORMAT_VERSION, accounts: {} };
}

export interface Write {
  account: string;
  collection: string;
  id: string;
  /** The object after the write, or null when it was removed. */
  value: StoredObject | null;
}

interface Transaction {
  undo: Array<() => void>;
  writes: Write[];
}

export class AccountStore {
  private readonly collections = new Map<string, Collection>();

  constructor(
    readonly key: string,
    private readonly data: AccountData,
    private readonly store: Store,
  ) {}

  collection<T extends StoredObject = StoredObject>(name: string): Collection<T> {
    let c = this.collections.get(name);
    if (!c) {
      const objects = ObjectMap.from(this.data[name] ?? {});
      this.data[name] = objects;
      c = new Collection(
        name, objects, (collection, id, after, undo) => this.store.recordWrite(this.key, collection, id, after, undo), () => this.store.inTransaction,
      );
      this.collections.set(name, c);
    }
    return c as unknown as Collection<T>;
  }

  collectionNames(): string[] {
    return Object.keys(this.data);
  }

  /** Whether the account has the collection (reading one that may be absent must not create it). */
  has(name: string): boolean {
    return Object.hasOwn(this.data, name);
  }
}

export type CommitListener = (writes: Write[]) => void;

export class Store {
  private accountsByKey = new Map<string, AccountStore>();
  private tx: Transaction | null = null;
  private readonly listeners: CommitListener[] = [];
  /** Counts commits that changed something (the router persists only after those). */
  private commitCount = 0;

  constructor(readonly db: Low<RootData> = new Low(new Memory<RootData>(), emptyRoot())) {
    if (!db.data) db.data = emptyRoot();
  }

  get root(): RootData {
    return this.db.data;
  }

  account(key: string): AccountStore {
    let acct = this.accountsByKey.get(key);
    if (!acct) {
      const data = (this.root.accounts[key] ??= {});
      acct = new AccountStore(key, data, this);
      this.accountsByKey.set(key, acct);
    }
    return acct;
  }

  /** Whether the account has data (asking for `account(key)` would create it). */
  hasAccount(key: string): boolean {
    return Object.hasOwn(this.root.accounts, key);
  }

  accountKeys(): string[] {
    return Object.keys(this.root.accounts);
  }

  onCommit(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /** Runs `fn` as one unit of work: on a thrown error the writes are undone unless `keep(error)` says otherwise. */
  transaction<T>(fn: () => T, keep: (error: unknown) => boolean = () => false): T {
    if (this.tx) return fn(); // nested: part of the outer unit of work
    const tx: Transaction = { undo: [], writes: [] };
    this.tx = tx;
    try {
      const result = fn();
      if (result instanceof Promise) throw new Error('store transactions must be synchronous');
      this.tx = null;
      this.emitCommit(tx.writes);
      return result;
    } catch (error) {
      this.tx = null;
      if (keep(error)) this.emitCommit(tx.writes);
      else for (let i = tx.undo.length - 1; i >= 0; i--) tx.undo[i]();
      throw error;
    }
  }

  recordWrite(account: string, collection: string, id: string, value: StoredObject | null, undo: () => void): void {
    const write: Write = { account, collection, id, value };
    if (this.tx) {
      this.tx.undo.push(undo);
      this.tx.writes.push(write);
    } else {
      this.emitCommit([write]);
    }
  }

  /** Replaces all state (or one account's) with `data`, e.g. when restoring a snapshot. */
  replace(data: RootData['accounts'], onlyAccount?: string): void {
    if (onlyAccount !== undefined) {
      if (data[onlyAccount] === undefined) delete this.root.accounts[onlyAccount];
      else this.root.accounts[onlyAccount] = data[onlyAccount];
      this.accountsByKey.delete(onlyAccount);
    } else {
      this.root.accounts = data;
      this.accountsByKey.clear();
    }
    this.emitCommit([], true);
  }

  reset(account?: string): void {
    if (account === undefined) this.replace({});
    else this.replace({}, account);
  }

  /** Whether a unit of work is open. */
  get inTransaction(): boolean {
    return this.tx !== null;
  }

  get commits(): number {
    return this.commitCount;
  }

  private emitCommit(writes: Write[], wholesale = false): void {
    if (writes.length === 0 && !wholesale) return;
    this.commitCount += 1;
    for (const l of this.listeners) l(writes);
  }
}

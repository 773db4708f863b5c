/**
 * One collection of one account (e.g. the customers of sk_test_A). Objects live
 * in a Map by id (the persisted data, see ObjectMap). Every object gets a sequence number
 * (`seq`, insertion order) that never changes while the process runs (only
 * `compact`, for bookkeeping collections, numbers them afresh); list cursors
 * are seqs. A page costs O(page · log n) whatever the collection holds:
 *  - slots of removed objects and `deleted: true` stubs are "not listable";
 *    a Fenwick tree over the slots counts listable ones, so a walk jumps over
 *    any run of them in O(log n) instead of stepping through it;
 *  - `where` equality filters are served by lazily built indexes (sorted seq
 *    lists per value);
 *  - a `range` on a numeric field (`created`) is served, while that field
 *    never decreases in seq order, as one run of seqs found by binary search
 *    (see FieldOrder); otherwise it is checked object by object.
 */
import { inRange, type RangeFilter } from './range.js';
import { ListableSlots } from './listable-slots.js';

export interface StoredObject {
  id: string;
  [key: string]: unknown;
}

export interface PageQuery<T> {
  limit: number;
  /** A seq: objects older than it. */
  startingAfter?: number;
  /** A seq: objects newer than it. */
  endingBefore?: number;
  /** Equality on one field (dotted paths allowed); served from an index. */
  where?: { field: string; value: unknown };
  /** `inRange(obj[field], bounds)`, as data so that it can be served by binary search (see `scope`). */
  range?: { field: string; bounds: RangeFilter };
  filter?: (obj: T) => boolean;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

type Undo = () => void;

export function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** First index of `list` (ascending) whose value is ≥ seq. */
function lowerBound(list: number[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > `value` (list sorted). */
function upperBound(list: number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function listable(obj: StoredObject | undefined): boolean {
  return obj !== undefined && obj.deleted !== true;
}

/**
 * One numeric field's key per seq slot, and how many slots break its order, so that each write tells in O(1)
 * whether a range on the field is one run of seqs. `created` is set once, from a clock that only moves forward, so
 * it is normally non-decreasing in seq order; objects whose `created` comes from elsewhere (test clocks, loaded
 * data, seeded objects) may break that, and ranges are then checked object by object until the order is whole again:
 * an update that puts the value back in order mends it, but a slot keeps its key when its object is deleted or
 * removed, so a deleted out-of-order object keeps the slow path until the order is rebuilt at the next start.
 */
class FieldOrder {
  /** Key per seq slot: the field of a listable object (NaN when not a number); see Collection.keyOf for the others. */
  readonly keys: number[] = [];
  /** Slots whose key is below their predecessor's, or NaN: the keys are sorted (and all numbers) iff there are none. */
  private breaks = 0;

  get sorted(): boolean {
    return this.breaks === 0;
  }

  push(key: number): void {
    this.keys.push(key);
    if (this.breaksAt(this.keys.length - 1)) this.breaks += 1;
  }

  pop(): void {
    if (this.breaksAt(this.keys.length - 1)) this.breaks -= 1;
    this.keys.pop();
  }

  set(seq: number, key: number): void {
    if (Object.is(this.keys[seq], key)) return;
    // only the pairs (seq - 1, seq) and (seq, seq + 1) change
    const last = Math.min(seq + 1, this.keys.length - 1);
    for (let i = seq; i <= last; i++) if (this.breaksAt(i)) this.breaks -= 1;
    this.keys[seq] = key;
    for (let i = seq; i <= last; i++) if (this.breaksAt(i)) this.breaks += 1;
  }

  /** First seq whose key is ≥ value (keys sorted). */
  lowerBound(value: number): number {
    return lowerBound(this.keys, value);
  }

  /** First seq whose key is > value (keys sorted). */
  upperBound(value: number): number {
    return upperBound(this.keys, value);
  }

  private breaksAt(i: number): boolean {
    return !(this.keys[i] >= (i === 0 ? -Infinity : this.keys[i - 1])); // NaN compares false either way
  }
}

export class Collection<T extends StoredObject = StoredObject> {
  /**
   * seq → the object stored under it (undefined once removed), kept in step with `objects`: a page reads its objects
   * from here, without a lookup by id.
   */
  private readonly order: Array<T | undefined> = [];
  private readonly seqs = new Map<string, number>();
  private slots = new ListableSlots();
  private readonly indexes = new Map<string, Map<unknown, number[]>>();
  /** Fields that `range` queries have asked for, built on first use and kept in step with each write. */
  private readonly orders = new Map<string, FieldOrder>();

  constructor(
    readonly name: string,
    /** The persisted objects (owned by the store's data root). */
    private readonly objects: Map<string, T>,
    /** Reports a write: the object after it (null when removed) and how to undo it. */
    private readonly recordWrite: (collection: string, id: string, after: T | null, undo: Undo) => void,
    /** Whether a unit of work is open (its undo closures hold seqs: see compact). */
    private readonly inUnit: () => boolean = () => false,
  ) {
    for (const [id, obj] of objects) this.append(id, obj);
  }

  /** Slots left by removed objects: a seq is never reused while the process runs, unless `compact` renumbers. */
  get removedSlots(): number {
    return this.order.length - this.seqs.size;
  }

  /**
   * Gives back the slots of removed objects by numbering the objects' seqs afresh (oldest first, as before). Only for
   * a collection whose seqs nobody keeps (bookkeeping that is never listed with cursors or searched with page
   * tokens), and never inside a unit of work, whose undo closures hold seqs. A collection whose objects come and go
   * (kept idempotency keys) would otherwise grow by a slot per object for as long as the process runs.
   */
  compact(): void {
    if (this.inUnit()) throw new Error(`collection ${this.name} cannot be compacted inside a unit of work`);
    if (this.removedSlots === 0) return;
    const live = [...this.values()];
    this.order.length = 0;
    this.seqs.clear();
    this.slots = new ListableSlots();
    this.orders.clear(); // field orders and indexes are built again on first use, from the new seqs
    this.indexes.clear();
    for (const obj of live) this.append(obj.id, obj);
  }

  /** Number of stored objects (deleted stubs included). */
  get size(): number {
    return this.seqs.size;
  }

  get(id: string): T | undefined {
    return this.objects.get(id);
  }

  seqOf(id: string): number | undefined {
    return this.seqs.get(id);
  }

  /**
   * Inserts or replaces; returns the object as stored, which is frozen and never changes (build a new object to change
   * one). An object not frozen yet is stored as a copy (see freezeForStore); a frozen one as it is.
   */
  put(obj: T): T {
    const id = obj.id;
    const frozen = freezeForStore(obj);
    // whether the id is new shows in the Map's size: a create (most puts) costs one lookup in a large Map, not two
    const size = this.objects.size;
    this.objects.set(id, frozen);
    if (this.objects.size !== size) {
      this.append(id, frozen);
      this.reindex(id, undefined, frozen);
      this.recordWrite(this.name, id, frozen, () => this.forget(id, frozen));
      return frozen;
    }
    const seq = this.seqs.get(id)!;
    const before = this.order[seq]!;
    this.replaced(id, seq, before, frozen);
    this.recordWrite(this.name, id, frozen, () => {
      this.objects.set(id, before);
      this.replaced(id, seq, frozen, before);
    });
    return frozen;
  }

  /** Removes an object entirely (most Stripe deletes keep a `deleted: true` stub instead). */
  remove(id: string): void {
    const seq = this.seqs.get(id);
    if (seq === undefined) return;
    const before = this.order[seq]!;
    this.forget(id, before);
    this.recordWrite(this.name, id, null, () => {
      this.objects.set(id, before);
      this.seqs.set(id, seq);
      if (seq === this.order.length) {
        // it was the newest and its slot was dropped (later slots were undone first)
        this.order.push(before);
        this.slots.push(listable(before));
      } else {
        this.order[seq] = before;
        this.slots.set(seq, listable(before));
      }
      this.track(seq, before);
      this.reindex(id, undefined, before);
    });
  }

  /** Every stored object (deleted stubs included), oldest first. */
  *values(): IterableIterator<T> {
    for (const obj of this.order) if (obj !== undefined) yield obj;
  }

  /** Newest first, as Stripe lists. Objects marked `deleted: true` are skipped. */
  page(q: PageQuery<T>): Page<T> {
    const { lo, hi, filter } = this.scope(q);
    if (lo >= hi) return { data: [], hasMore: false };
    if (q.where) return this.pageFromIndex(q, lo, hi, filter);
    const out: T[] = [];
    const take = (seq: number): void => {
      const obj = this.order[seq]!;
      if (!filter || filter(obj)) out.push(obj);
    };
    if (q.endingBefore !== undefined) {
      // oldest to newest from just after the cursor, then reversed
      for (let seq = this.slots.nextAtOrAfter(Math.max(lo, Math.floor(q.endingBefore) + 1)); seq !== -1 && seq < hi && out.length <= q.limit; seq = this.slots.nextAtOrAfter(seq + 1)) take(seq);
      return { data: out.slice(0, q.limit).reverse(), hasMore: out.length > q.limit };
    }
    const from = q.startingAfter !== undefined ? Math.min(hi - 1, Math.ceil(q.startingAfter) - 1) : hi - 1;
    for (let seq = this.slots.prevAtOrBefore(from); seq !== -1 && seq >= lo && out.length <= q.limit; seq = this.slots.prevAtOrBefore(seq - 1)) take(seq);
    return { data: out.slice(0, q.limit), hasMore: out.length > q.limit };
  }

  /**
   * The seqs [lo, hi) a page may take, and the filter left to check on each object there. A `range` on a field in
   * order is a run of seqs found by binary search: no object outside it matches and every listable one inside does,
   * so a page reads about `limit` objects. Out of order, the range joins the filter and the page walks as without it.
   */
  private scope(q: PageQuery<T>): { lo: number; hi: number; filter?: (obj: T) => boolean } {
    const n = this.order.length;
    if (!q.range) return { lo: 0, hi: n, filter: q.filter };
    const { field, bounds } = q.range;
    const order = this.fieldOrder(field);
    if (!order.sorted) {
      const more = q.filter;
      return { lo: 0, hi: n, filter: (obj) => inRange(readPath(obj, field) as number, bounds) && (!more || more(obj)) };
    }
    let lo = 0;
    let hi = n;
    if (bounds.gt !== undefined) lo = Math.max(lo, order.upperBound(bounds.gt));
    if (bounds.gte !== undefined) lo = Math.max(lo, order.lowerBound(bounds.gte));
    if (bounds.lt !== undefined) hi = Math.min(hi, order.lowerBound(bounds.lt));
    if (bounds.lte !== undefined) hi = Math.min(hi, order.upperBound(bounds.lte));
    return { lo, hi, filter: q.filter };
  }

  private pageFromIndex(q: PageQuery<T>, lo: number, hi: number, filter: ((obj: T) => boolean) | undefined): Page<T> {
    const where = q.where!;
    const key = normalizeKey(where.value);
    const seqList = (key === undefined ? undefined : this.index(where.field).get(key)) ?? [];
    const matches = (seq: number): T | undefined => {
      const obj = this.order[seq];
      if (!listable(obj)) return undefined;
      if (normalizeKey(readPath(obj, where.field)) !== key) return undefined;
      if (filter && !filter(obj!)) return undefined;
      return obj;
    };
    const out: T[] = [];
    if (q.endingBefore !== undefined) {
      for (let i = lowerBound(seqList, Math.max(lo, Math.floor(q.endingBefore) + 1)); i < seqList.length && seqList[i] < hi && out.length <= q.limit; i++) {
        const obj = matches(seqList[i]);
        if (obj) out.push(obj);
      }
      return { data: out.slice(0, q.limit).reverse(), hasMore: out.length > q.limit };
    }
    let i = lowerBound(seqList, q.startingAfter !== undefined ? Math.min(hi, q.startingAfter) : hi) - 1;
    for (; i >= 0 && seqList[i] >= lo && out.length <= q.limit; i--) {
      const obj = matches(seqList[i]);
      if (obj) out.push(obj);
    }
    return { data: out.slice(0, q.limit), hasMore: out.length > q.limit };
  }

  private append(id: string, obj: T): void {
    const seq = this.order.length;
    this.seqs.set(id, seq);
    this.order.push(obj);
    this.slots.push(listable(obj));
    this.track(seq, obj);
  }

  /** A replaced object (at `seq`): its slot may become (un)listable; its index entries move; its field keys follow it. */
  private replaced(id: string, seq: number, before: T, after: T): void {
    this.order[seq] = after;
    if (listable(before) !== listable(after)) this.slots.set(seq, listable(after));
    this.track(seq, after);
    this.reindex(id, before, after, seq);
  }

  private forget(id: string, obj: T): void {
    const seq = this.seqs.get(id);
    this.objects.delete(id);
    this.seqs.delete(id);
    if (seq !== undefined) {
      if (seq === this.order.length - 1) {
        this.order.pop();
        this.slots.pop();
        for (const order of this.orders.values()) order.pop();
      } else {
        // the slot keeps its keys in the field orders (see keyOf)
        this.order[seq] = undefined;
        this.slots.set(seq, false);
      }
    }
    this.reindex(id, obj, undefined, seq);
  }

  private fieldOrder(field: string): FieldOrder {
    let order = this.orders.get(field);
    if (!order) {
      order = new FieldOrder();
      for (let seq = 0; seq < this.order.length; seq++) {
        order.push(this.keyOf(order, field, seq, this.order[seq]));
      }
      this.orders.set(field, order);
    }
    return order;
  }

  /** Sets (or appends) slot `seq`'s key in each field order, for `obj` now in that slot. */
  private track(seq: number, obj: T): void {
    for (const [field, order] of this.orders) {
      const key = this.keyOf(order, field, seq, obj);
      if (seq === order.keys.length) order.push(key);
      else order.set(seq, key);
    }
  }

  /**
   * A slot's key in a field order: a listable object's field. A slot that is not listable (a removed object, a
   * `deleted` stub, which has no `created`) is never listed, so any key that keeps the order will do: the one it
   * had, or a new slot its predecessor's. Deleting and removing thus never break the order.
   */
  private keyOf(order: FieldOrder, field: string, seq: number, obj: T | undefined): number {
    if (listable(obj)) {
      const value = readPath(obj, field);
      return typeof value === 'number' ? value : NaN;
    }
    if (seq < order.keys.length) return order.keys[seq];
    return seq === 0 ? -Infinity : order.keys[seq - 1];
  }

  private index(field: string): Map<unknown, number[]> {
    let idx = this.indexes.get(field);
    if (!idx) {
      idx = new Map();
      for (let seq = 0; seq < this.order.length; seq++) {
        const obj = this.order[seq];
        if (obj === undefined) continue;
        const key = normalizeKey(readPath(obj, field));
        if (key === undefined) continue;
        let list = idx.get(key);
        if (!list) idx.set(key, (list = []));
        list.push(seq);
      }
      this.indexes.set(field, idx);
    }
    return idx;
  }

  private reindex(id: string, before: T | undefined, after: T | undefined, knownSeq?: number): void {
    if (this.indexes.size === 0) return;
    const seq = knownSeq ?? this.seqs.get(id);
    if (seq === undefined) return;
    for (const [field, idx] of this.indexes) {
      const oldKey = before ? normalizeKey(readPath(before, field)) : undefined;
      const newKey = after ? normalizeKey(readPath(after, field)) : undefined;
      if (oldKey === newKey) continue;
      if (oldKey !== undefined) {
        const list = idx.get(oldKey);
        if (list) {
          const at = lowerBound(list, seq);
          if (list[at] === seq) list.splice(at, 1);
          if (list.length === 0) idx.delete(oldKey);
        }
      }
      if (newKey !== undefined) {
        let list = idx.get(newKey);
        if (!list) idx.set(newKey, (list = []));
        const at = lowerBound(list, seq);
        if (list[at] !== seq) list.splice(at, 0, seq);
      }
    }
  }
}

/** Index keys: strings and numbers as themselves; an expanded object by its id; null/absent not indexed. */
function normalizeKey(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object') return (value as { id?: unknown }).id;
  return value;
}

/**
 * Freezes a value for storage, nested values first, and returns it as stored. A plain object not frozen yet is
 * stored as a copy of itself, made from it once frozen: V8 gives such copies the hidden class their siblings share.
 * Frozen in place, some objects (those built by spreading a fresh object, as `{ ...base, status }` or
 * `{ ...draft }`) would each get a hidden class of their own, built on the spot (several microseconds) and kept as
 * long as the object (about 1 KB). Frozen values (stored objects referred to, or objects given already frozen) and
 * objects without Object's prototype are kept as they are.
 */
export function freezeForStore<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') value[i] = freezeForStore(item);
    }
    return Object.freeze(value);
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const v = record[key];
    if (v !== null && typeof v === 'object') {
      const stored = freezeForStore(v);
      if (stored !== v) record[key] = stored;
    }
  }
  Object.freeze(record);
  return (Object.getPrototypeOf(record) === Object.prototype ? Object.freeze({ ...record }) : record) as T;
}

/**
 * Freezes a value and everything in it, in place, for a hot path that hands `put` an object it built as a literal
 * (with literals inside): such an object already has the shared hidden class, and `put` then stores it without a copy.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // only nested objects need a call (most fields are primitives)
    if (Array.isArray(value)) {
      for (const v of value) if (v !== null && typeof v === 'object') deepFreeze(v);
    } else {
      for (const key in value) {
        const v = (value as Record<string, unknown>)[key];
        if (v !== null && typeof v === 'object') deepFreeze(v);
      }
    }
  }
  return value;
}

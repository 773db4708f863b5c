/**
 * One collection of one account (e.g. the customers of sk_test_A). Objects live
 * in a plain record (the persisted data); an insertion-ordered sequence and
 * lazily built secondary indexes make a list page cost O(page), not O(n).
 */
export interface StoredObject {
  id: string;
  [key: string]: unknown;
}

export interface PageQuery<T> {
  limit: number;
  startingAfter?: number; // a seq
  endingBefore?: number; // a seq
  /** Equality on one field (dotted paths allowed); served from an index. */
  where?: { field: string; value: unknown };
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

export class Collection<T extends StoredObject = StoredObject> {
  private readonly order: Array<string | undefined> = [];
  private readonly seqs = new Map<string, number>();
  private readonly indexes = new Map<string, Map<unknown, number[]>>();

  constructor(
    readonly name: string,
    /** The persisted record (owned by the store's data root). */
    private readonly objects: Record<string, T>,
    private readonly recordWrite: (collection: string, id: string, before: T | undefined, undo: Undo) => void,
  ) {
    for (const id of Object.keys(objects)) this.append(id);
  }

  get size(): number {
    return this.seqs.size;
  }

  get(id: string): T | undefined {
    return Object.hasOwn(this.objects, id) ? this.objects[id] : undefined;
  }

  seqOf(id: string): number | undefined {
    return this.seqs.get(id);
  }

  /** Inserts or replaces. Stored objects are frozen: build a new object to change one. */
  put(obj: T): T {
    const before = this.get(obj.id);
    const frozen = deepFreeze(obj);
    this.objects[obj.id] = frozen;
    if (before === undefined) {
      this.append(obj.id);
      this.reindex(obj.id, undefined, frozen);
    } else {
      this.reindex(obj.id, before, frozen);
    }
    this.recordWrite(this.name, obj.id, before, () => {
      if (before === undefined) this.forget(obj.id, frozen);
      else {
        this.objects[obj.id] = before;
        this.reindex(obj.id, frozen, before);
      }
    });
    return frozen;
  }

  /** Removes an object entirely (most Stripe deletes keep a `deleted: true` stub instead). */
  remove(id: string): void {
    const before = this.get(id);
    if (before === undefined) return;
    const seq = this.seqs.get(id)!;
    this.forget(id, before);
    this.recordWrite(this.name, id, before, () => {
      this.objects[id] = before;
      this.order[seq] = id;
      this.seqs.set(id, seq);
      this.reindex(id, undefined, before);
    });
  }

  *values(): IterableIterator<T> {
    for (const id of this.order) if (id !== undefined) yield this.objects[id];
  }

  /** Newest first, as Stripe lists. Objects marked `deleted: true` are skipped. */
  page(q: PageQuery<T>): Page<T> {
    const seqList = q.where ? this.index(q.where.field).get(normalizeKey(q.where.value)) ?? [] : undefined;
    const length = seqList ? seqList.length : this.order.length;
    const seqAt = seqList ? (i: number) => seqList[i] : (i: number) => i;
    const positionOf = (seq: number) => (seqList ? lowerBound(seqList, seq) : seq);
    const matches = (id: string | undefined): T | undefined => {
      if (id === undefined) return undefined;
      const obj = this.objects[id];
      if (obj === undefined || obj.deleted === true) return undefined;
      if (q.where && normalizeKey(readPath(obj, q.where.field)) !== normalizeKey(q.where.value)) return undefined;
      if (q.filter && !q.filter(obj)) return undefined;
      return obj;
    };
    const out: T[] = [];
    if (q.endingBefore !== undefined) {
      let i = positionOf(q.endingBefore);
      if (seqList ? seqList[i] === q.endingBefore : true) i += 1;
      for (; i < length && out.length <= q.limit; i++) {
        const obj = matches(this.order[seqAt(i)]);
        if (obj) out.push(obj);
      }
      const hasMore = out.length > q.limit;
      return { data: out.slice(0, q.limit).reverse(), hasMore };
    }
    let i = q.startingAfter !== undefined ? positionOf(q.startingAfter) - 1 : length - 1;
    for (; i >= 0 && out.length <= q.limit; i--) {
      const obj = matches(this.order[seqAt(i)]);
      if (obj) out.push(obj);
    }
    return { data: out.slice(0, q.limit), hasMore: out.length > q.limit };
  }

  private append(id: string): void {
    this.seqs.set(id, this.order.length);
    this.order.push(id);
  }

  private forget(id: string, obj: T): void {
    const seq = this.seqs.get(id);
    delete this.objects[id];
    this.seqs.delete(id);
    if (seq !== undefined) {
      if (seq === this.order.length - 1) this.order.pop();
      else this.order[seq] = undefined;
    }
    this.reindex(id, obj, undefined, seq);
  }

  private index(field: string): Map<unknown, number[]> {
    let idx = this.indexes.get(field);
    if (!idx) {
      idx = new Map();
      for (let seq = 0; seq < this.order.length; seq++) {
        const id = this.order[seq];
        if (id === undefined) continue;
        const key = normalizeKey(readPath(this.objects[id], field));
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

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

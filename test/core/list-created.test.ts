/**
 * `created` filters served by the store (Collection.page's `range`): the same pages as checking `inRange` on every
 * object, with cursors and limits, in order and out of order, and a page that reads about `limit` objects however
 * many are stored while `created` follows creation order.
 */
import fc from 'fast-check';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inRange, type RangeFilter } from '../../src/store/range.js';
import { systemClock } from '../../src/index.js';
import type { StoredObject } from '../../src/store/collection.js';
import { Store } from '../../src/store/store.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ clock: systemClock() });
});
afterAll(() => h.close());

/**
 * Counts the objects a page reads: a customer stored through `counted` is a frozen proxy (stored as it is) that counts
 * the reads of its `created`. A page reads it once for each object it walks past under a filter, and each object it
 * returns a couple of times (rendering).
 */
let createdReads = 0;
function counted<T extends object>(obj: T): T {
  const get = (target: T, prop: string | symbol, receiver: unknown) => {
    if (prop === 'created') createdReads++;
    return Reflect.get(target, prop, receiver);
  };
  return Object.freeze(new Proxy(Object.freeze(obj), { get }));
}

interface Item {
  id: string;
  created: number;
}

type ListArgs = { created?: RangeFilter | number; limit?: number; starting_after?: string; ending_before?: string };

/** What a list returns, computed from every object (newest first) by the documented rules. */
function expectedPage(newestFirst: Item[], args: ListArgs): { ids: string[]; hasMore: boolean } {
  const bounds = typeof args.created === 'number' ? { gte: args.created, lte: args.created } : args.created;
  const limit = args.limit ?? 10;
  if (args.ending_before !== undefined) {
    const at = newestFirst.findIndex((x) => x.id === args.ending_before);
    const newer = newestFirst.slice(0, at).filter((x) => inRange(x.created, bounds));
    return { ids: newer.slice(-limit).map((x) => x.id), hasMore: newer.length > limit };
  }
  const from = args.starting_after === undefined ? 0 : newestFirst.findIndex((x) => x.id === args.starting_after) + 1;
  const older = newestFirst.slice(from).filter((x) => inRange(x.created, bounds));
  return { ids: older.slice(0, limit).map((x) => x.id), hasMore: older.length > limit };
}

/** Every combination of a few filters, cursors and limits, listed through the SDK and checked against expectedPage. */
async function checkGrid(s: Stripe, newestFirst: Item[]): Promise<number> {
  const values = [...new Set(newestFirst.map((x) => x.created))].sort((a, b) => a - b);
  const mid = values[values.length >> 1];
  const filters: Array<RangeFilter | number | undefined> = [
    undefined, {}, mid, values[0] - 1, { gt: mid }, { gte: mid }, { lt: mid }, { lte: mid }, { gte: values[1], lt: values[values.length - 2] },
    { gt: values[values.length - 1] }, { lt: values[0] }, { gt: mid, lt: mid }, { gte: mid, lte: mid + 10 },
  ];
  const cursors = [undefined, newestFirst[0].id, newestFirst[3].id, newestFirst[newestFirst.length >> 1].id, newestFirst[newestFirst.length - 1].id];
  let checked = 0;
  for (const created of filters) {
    for (const limit of [1, 2, 3, 100]) {
      for (const cursor of cursors) {
        for (const dir of cursor === undefined ? ['none'] : ['starting_after', 'ending_before']) {
          const args: ListArgs = { limit, ...(created === undefined ? {} : { created }), ...(cursor === undefined ? {} : { [dir]: cursor }) };
          const page = await s.customers.list(args as Stripe.CustomerListParams);
          const want = expectedPage(newestFirst, args);
          expect({ args, ids: page.data.map((c) => c.id), hasMore: page.has_more }).toEqual({ args, ...want });
          checked++;
        }
      }
    }
    const all = await s.customers.list({ limit: 2, ...(created === undefined ? {} : { created }) } as Stripe.CustomerListParams).autoPagingToArray({ limit: 1000 });
    expect(all.map((c) => c.id)).toEqual(expectedPage(newestFirst, { created, limit: 1000 }).ids);
  }
  return checked;
}

describe('created filters through the API', () => {
  it('page like checking every object, with cursors and limits (created in order)', async () => {
    const key = h.newKey();
    const s = h.stripe({ key });
    const items: Item[] = [];
    for (let i = 0; i < 12; i++) {
      const c = await s.customers.create({ email: `c${i}@example.com` });
      items.push({ id: c.id, created: c.created });
      if (i % 3 !== 0) h.emulator.clock.advance(10); // some customers share a second
    }
    await s.customers.del(items[5].id); // a deleted stub among them
    const live = items.filter((_, i) => i !== 5).reverse();
    expect(await checkGrid(s, live)).toBeGreaterThan(300);
  });

  it('page like checking every object when created is out of order (set from elsewhere)', async () => {
    const key = h.newKey();
    const s = h.stripe({ key });
    const collection = h.emulator.store.account(key).collection('customer');
    const items: Item[] = [];
    for (let i = 0; i < 12; i++) {
      const c = await s.customers.create({ email: `c${i}@example.com` });
      // as data loaded from a file or a test clock would: created not following creation order
      const created = c.created - ((i * 7) % 12) * 100;
      collection.put({ ...collection.get(c.id)!, created });
      items.push({ id: c.id, created });
    }
    expect(await checkGrid(s, [...items].reverse())).toBeGreaterThan(300);
    // back in order: the created values rewritten to follow creation order again
    items.forEach((item, i) => {
      item.created = 1_700_000_000 + Math.floor(i / 2);
      collection.put({ ...collection.get(item.id)!, created: item.created });
    });
    expect(await checkGrid(s, [...items].reverse())).toBeGreaterThan(300);
  });

  it('filter invoice items by created on their date', async () => {
    const s = h.stripe();
    const customer = await s.customers.create();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push((await s.invoiceItems.create({ customer: customer.id, amount: 100 + i, currency: 'usd' })).id);
      h.emulator.clock.advance(60);
    }
    const dates = await Promise.all(ids.map(async (id) => (await s.invoiceItems.retrieve(id)).date));
    expect((await s.invoiceItems.list({ created: { gt: dates[1] } })).data.map((x) => x.id)).toEqual([ids[3], ids[2]]);
    expect((await s.invoiceItems.list({ created: dates[1], customer: customer.id })).data.map((x) => x.id)).toEqual([ids[1]]);
    const page = await s.invoiceItems.list({ created: { lte: dates[2] }, limit: 1, starting_after: ids[2] });
    expect(page.data.map((x) => x.id)).toEqual([ids[1]]);
    expect(page.has_more).toBe(true);
  });
});

describe('created filter page cost', () => {
  it('reads about a page of objects at 100,000 customers while created is in order, and walks them when not', async () => {
    const key = h.newKey();
    const s = h.stripe({ key });
    const template = await s.customers.create({ email: 'bulk@example.com' });
    const collection = h.emulator.store.account(key).collection('customer');
    const base = template.created + 1;
    const n = 100_000;
    // 100 customers a second; customer i is created at base + ⌊i / 100⌋
    for (let i = 0; i < n; i++) collection.put(counted({ ...collection.get(template.id)!, id: `cus_bulk${i}`, created: base + Math.floor(i / 100) }));
    const bulk = (i: number) => `cus_bulk${i}`;
    const reads = async (args: Stripe.CustomerListParams): Promise<{ ids: string[]; hasMore: boolean; reads: number }> => {
      createdReads = 0;
      const page = await s.customers.list(args);
      return { ids: page.data.map((c) => c.id), hasMore: page.has_more, reads: createdReads };
    };
    await reads({ created: { lt: 1 } }); // the collection lists its created values once, on the first created filter

    expect(await reads({ limit: 10, created: { lt: 1 } })).toEqual({ ids: [], hasMore: false, reads: 0 });
    const mid = await reads({ limit: 10, created: { gte: base + 500, lt: base + 510 } }); // customers 50,000 … 50,999
    expect(mid.ids).toEqual(Array.from({ length: 10 }, (_, k) => bulk(50_999 - k)));
    expect(mid.hasMore).toBe(true);
    expect(mid.reads).toBeLessThanOrEqual(2 * 11);
    const after = await reads({ limit: 10, created: { gte: base + 500, lt: base + 510 }, starting_after: bulk(50_003) });
    expect(after).toMatchObject({ ids: [bulk(50_002), bulk(50_001), bulk(50_000)], hasMore: false });
    expect(after.reads).toBeLessThanOrEqual(2 * 11);
    const before = await reads({ limit: 10, created: { gt: base + 500, lte: base + 509 }, ending_before: bulk(20) });
    expect(before).toMatchObject({ ids: Array.from({ length: 10 }, (_, k) => bulk(50_109 - k)), hasMore: true });
    expect(before.reads).toBeLessThanOrEqual(2 * 11);
    const exact = await reads({ limit: 3, created: base + 999 });
    expect(exact).toMatchObject({ ids: [bulk(99_999), bulk(99_998), bulk(99_997)], hasMore: true });
    expect(exact.reads).toBeLessThanOrEqual(2 * 4);

    // one customer created "in the past" (as loaded data could be): filters check every object, and stay right
    collection.put(counted({ ...collection.get(template.id)!, id: 'cus_early', created: base + 250 }));
    const scanned = await reads({ limit: 10, created: { gte: base + 250, lt: base + 251 } });
    expect(scanned.ids).toEqual(['cus_early', ...Array.from({ length: 9 }, (_, k) => bulk(25_099 - k))]);
    expect(scanned.reads).toBeGreaterThan(n / 2); // walks down from the newest to customer 25,089
    // removing it (as a rolled back create does) puts created back in order
    collection.remove('cus_early');
    const again = await reads({ limit: 10, created: { gte: base + 250, lt: base + 251 } });
    expect(again.ids).toEqual(Array.from({ length: 10 }, (_, k) => bulk(25_099 - k)));
    expect(again.reads).toBeLessThanOrEqual(2 * 11);
    // deleting customers leaves stubs (no created) that never break the order
    for (let i = 25_050; i < 25_100; i++) collection.put({ id: bulk(i), object: 'customer', deleted: true });
    const skipped = await reads({ limit: 10, created: { gte: base + 250, lt: base + 251 } });
    expect(skipped.ids).toEqual(Array.from({ length: 10 }, (_, k) => bulk(25_049 - k)));
    expect(skipped.reads).toBeLessThanOrEqual(2 * 11);
  });
});

type Create = { kind: 'create'; step: number; early: boolean; numeric: boolean; group: 'a' | 'b' };
type Op =
  | Create
  | { kind: 'update'; pick: number; group: 'a' | 'b'; created: number | null }
  | { kind: 'delete'; pick: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'rollback'; ops: Array<Create | { kind: 'delete' | 'remove'; pick: number }> };

const group = fc.constantFrom('a' as const, 'b' as const);
/** In order: created only moves forward. Out of order: some creates are "early", some lack created, updates may change it. */
const createArb = (inOrder: boolean): fc.Arbitrary<Create> =>
  fc.record({
    kind: fc.constant('create' as const),
    step: fc.integer({ min: 0, max: 3 }),
    early: inOrder ? fc.constant(false) : fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
    numeric: inOrder ? fc.constant(true) : fc.integer({ min: 0, max: 9 }).map((x) => x !== 0),
    group,
  });
const opArb = (inOrder: boolean): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 6, arbitrary: createArb(inOrder) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), group, created: inOrder ? fc.constant(null) : fc.option(fc.integer({ min: 0, max: 40 }), { freq: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('rollback' as const),
        ops: fc.array(fc.oneof(createArb(inOrder), fc.record({ kind: fc.constantFrom('delete' as const, 'remove' as const), pick: fc.nat() })), { maxLength: 4 }),
      }),
    },
  );

const boundArb = fc.option(fc.integer({ min: -1, max: 42 }), { freq: 2 });
const queryArb = fc.record({
  limit: fc.integer({ min: 1, max: 5 }),
  cursor: fc.nat(),
  dir: fc.constantFrom('after', 'before', 'none'),
  where: fc.constantFrom(undefined, 'a', 'b'),
  bounds: fc.oneof(
    fc.record({ gt: boundArb, gte: boundArb, lt: boundArb, lte: boundArb })
      .map((b) => Object.fromEntries(Object.entries(b).filter(([, v]) => v !== null)) as RangeFilter),
    fc.integer({ min: 0, max: 40 }).map((v) => ({ gte: v, lte: v })), // an exact `created`
  ),
  extra: fc.boolean(),
});

const scenarioArb = fc.boolean().chain((inOrder) =>
  fc.record({
    before: fc.array(opArb(inOrder), { maxLength: 40 }),
    after: fc.array(opArb(inOrder), { maxLength: 20 }),
    queries: fc.array(queryArb, { minLength: 1, maxLength: 8 }),
  }),
);

describe('Collection range against the per-object check', () => {
  it('pages as `filter: inRange` would, in order and out of order, through creates, updates, deletes, removes and rollbacks', () => {
    fc.assert(
      fc.property(scenarioArb, ({ before, after, queries }) => {
        const store = new Store();
        const c = store.account('sk_test_range').collection<StoredObject>('thing');
        let n = 0;
        let clock = 0;
        const ids: string[] = [];
        const live = () => ids.filter((id) => c.get(id) !== undefined);
        const apply = (op: Exclude<Op, { kind: 'rollback' }>) => {
          if (op.kind === 'create') {
            clock += op.step;
            const created = op.early ? Math.max(0, clock - 7) : clock;
            const obj: StoredObject = { id: `t_${n++}`, object: 'thing', group: op.group, ...(op.numeric ? { created } : {}) };
            c.put(obj);
            ids.push(obj.id);
            return;
          }
          const stored = live();
          if (stored.length === 0) return;
          const id = stored[op.pick % stored.length];
          const obj = c.get(id)!;
          if (op.kind === 'update') {
            if (obj.deleted !== true) c.put({ ...obj, group: op.group, ...(op.created !== null ? { created: op.created } : {}) });
          } else if (op.kind === 'delete') c.put({ id, object: 'thing', deleted: true });
          else c.remove(id);
        };
        const run = (ops: Op[]) => {
          for (const op of ops) {
            if (op.kind !== 'rollback') {
              store.transaction(() => apply(op));
              continue;
            }
            const savedClock = clock;
            expect(() => store.transaction(() => {
              for (const inner of op.ops) apply(inner);
              throw new Error('roll back');
            })).toThrow('roll back');
            clock = savedClock;
          }
        };
        const check = () => {
          const stored = live();
          for (const q of queries) {
            const cursor = q.dir === 'none' || stored.length === 0 ? undefined : c.seqOf(stored[q.cursor % stored.length]);
            const base = {
              limit: q.limit,
              startingAfter: q.dir === 'after' ? cursor : undefined,
              endingBefore: q.dir === 'before' ? cursor : undefined,
              where: q.where === undefined ? undefined : { field: 'group', value: q.where },
            };
            const extra = q.extra ? (o: StoredObject) => Number(o.id.slice(2)) % 3 !== 0 : undefined;
            const served = c.page({ ...base, range: { field: 'created', bounds: q.bounds }, filter: extra });
            const checked = c.page({ ...base, filter: (o) => inRange(o.created as number, q.bounds) && (!extra || extra(o)) });
            expect(served.data.map((o) => o.id)).toEqual(checked.data.map((o) => o.id));
            expect(served.hasMore).toBe(checked.hasMore);
          }
        };
        run(before);
        check(); // the first range query lists the created values
        run(after); // which each write then keeps in step
        check();
      }),
      { numRuns: 500 },
    );
  });
});

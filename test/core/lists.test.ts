/** Lists: order, limit, cursors, created filters, auto-pagination, deleted objects, and page cost independent of collection size. */
import fc from 'fast-check';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection, type StoredObject } from '../../src/store/collection.js';
import { ListableSlots } from '../../src/store/listable-slots.js';
import { Store } from '../../src/store/store.js';
import { systemClock } from '../../src/index.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ clock: systemClock() });
});
afterAll(() => h.close());

async function seed(s: Stripe, n: number, advance = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push((await s.customers.create({ email: `c${i}@example.com`, metadata: { i: String(i) } })).id);
    if (advance) h.emulator.clock.advance(advance);
  }
  return ids;
}

describe('list endpoints', () => {
  it('list newest first with limit, starting_after and ending_before', async () => {
    const s = h.stripe();
    const ids = await seed(s, 12);
    const newest = [...ids].reverse();
    const first = await s.customers.list();
    expect(first.data.map((c) => c.id)).toEqual(newest.slice(0, 10)); // default limit 10
    expect(first.has_more).toBe(true);
    const next = await s.customers.list({ limit: 5, starting_after: newest[9] });
    expect(next.data.map((c) => c.id)).toEqual(newest.slice(10));
    expect(next.has_more).toBe(false);
    const back = await s.customers.list({ limit: 3, ending_before: newest[5] });
    expect(back.data.map((c) => c.id)).toEqual(newest.slice(2, 5));
    expect(back.has_more).toBe(true);
    const top = await s.customers.list({ limit: 3, ending_before: newest[2] });
    expect(top.data.map((c) => c.id)).toEqual(newest.slice(0, 2));
    expect(top.has_more).toBe(false);
    const all = await s.customers.list({ limit: 100 });
    expect(all.data.map((c) => c.id)).toEqual(newest);
    expect(all.has_more).toBe(false);
    // both cursors at once: Stripe's 400
    expect(await s.customers.list({ starting_after: newest[3], ending_before: newest[1] }).catch((e) => e)).toMatchObject({
      statusCode: 400, type: 'StripeInvalidRequestError', message: 'Received both starting_after and ending_before parameters. Please pass in only one.',
    });
  });

  it('filter by created with gt, gte, lt, lte and an exact value', async () => {
    const s = h.stripe();
    const ids = await seed(s, 5, 10);
    const created = await Promise.all(ids.map(async (id) => ((await s.customers.retrieve(id)) as Stripe.Customer).created));
    const pick = (list: Stripe.ApiList<Stripe.Customer>) => list.data.map((c) => c.id);
    expect(pick(await s.customers.list({ created: { gt: created[1] } }))).toEqual([ids[4], ids[3], ids[2]]);
    expect(pick(await s.customers.list({ created: { gte: created[1], lt: created[3] } }))).toEqual([ids[2], ids[1]]);
    expect(pick(await s.customers.list({ created: { lte: created[0] } }))).toEqual([ids[0]]);
    expect(pick(await s.customers.list({ created: created[2] }))).toEqual([ids[2]]);
    const paged = await s.customers.list({ created: { gte: created[1] }, limit: 2, starting_after: ids[3] });
    expect(pick(paged)).toEqual([ids[2], ids[1]]);
    expect(paged.has_more).toBe(false);
  });

  it('auto-paginate every object exactly once, in order, also while deleting', async () => {
    const s = h.stripe();
    const ids = await seed(s, 37);
    const seen = await s.customers.list({ limit: 5 }).autoPagingToArray({ limit: 1000 });
    expect(seen.map((c) => c.id)).toEqual([...ids].reverse());
    // the classic clean-up loop: delete each customer as it is listed
    const deleted: string[] = [];
    for await (const c of s.customers.list({ limit: 4 })) {
      await s.customers.del(c.id);
      deleted.push(c.id);
    }
    expect(deleted).toEqual([...ids].reverse());
    expect((await s.customers.list()).data).toEqual([]);
  });

  it('skip deleted customers, and accept a deleted customer as a cursor', async () => {
    const s = h.stripe();
    const ids = await seed(s, 10);
    for (const i of [2, 3, 4, 5, 8]) await s.customers.del(ids[i]);
    const live = [9, 7, 6, 1, 0].map((i) => ids[i]);
    expect((await s.customers.list()).data.map((c) => c.id)).toEqual(live);
    expect((await s.customers.list({ starting_after: ids[4], limit: 1 })).data.map((c) => c.id)).toEqual([ids[1]]);
    expect((await s.customers.list({ ending_before: ids[4] })).data.map((c) => c.id)).toEqual([ids[9], ids[7], ids[6]]);
    expect((await s.customers.list({ email: 'c4@example.com' })).data).toEqual([]);
  });

  it('page with filters served from an index (email)', async () => {
    const s = h.stripe();
    const same: string[] = [];
    for (let i = 0; i < 7; i++) {
      same.push((await s.customers.create({ email: 'dup@example.com' })).id);
      await s.customers.create({ email: `other${i}@example.com` });
    }
    const page1 = await s.customers.list({ email: 'dup@example.com', limit: 3 });
    expect(page1.data.map((c) => c.id)).toEqual([same[6], same[5], same[4]]);
    expect(page1.has_more).toBe(true);
    const all = await s.customers.list({ email: 'dup@example.com', limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(all.map((c) => c.id)).toEqual([...same].reverse());
    await s.customers.update(same[6], { email: 'moved@example.com' });
    expect((await s.customers.list({ email: 'dup@example.com', limit: 1 })).data[0].id).toBe(same[5]);
    expect((await s.customers.list({ email: 'moved@example.com' })).data.map((c) => c.id)).toEqual([same[6]]);
  });
});

/** A collection over a Map that counts how many objects a page reads. */
function countingCollection() {
  let reads = 0;
  class CountingMap extends Map<string, StoredObject> {
    override get(id: string): StoredObject | undefined {
      if (id.startsWith('o_')) reads++;
      return super.get(id);
    }
  }
  const collection = new Collection('thing', new CountingMap(), () => {});
  return { collection, reads: () => reads, reset: () => (reads = 0) };
}

describe('page cost', () => {
  it('does not grow with stored objects, removed objects or deleted stubs', () => {
    const { collection, reads, reset } = countingCollection();
    const n = 120_000;
    for (let i = 0; i < n; i++) collection.put({ id: `o_${i}`, object: 'thing', group: i % 2 === 0 ? 'even' : 'odd' });
    // a long run of holes at the newest end and scattered ones elsewhere
    for (let i = n - 2; i > n - 60_000; i--) collection.remove(`o_${i}`);
    for (let i = 0; i < 50_000; i += 2) collection.put({ id: `o_${i}`, object: 'thing', deleted: true });
    reset();
    const page = collection.page({ limit: 10 });
    expect(page.data.map((o) => o.id)).toEqual([`o_${n - 1}`, ...Array.from({ length: 9 }, (_, k) => `o_${n - 60_000 - k}`)]);
    expect(reads()).toBeLessThanOrEqual(11 + 2);
    reset();
    const after = collection.page({ limit: 10, startingAfter: collection.seqOf('o_50001')! });
    expect(after.data.slice(0, 3).map((o) => o.id)).toEqual(['o_50000', 'o_49999', 'o_49997']);
    expect(reads()).toBeLessThanOrEqual(11 + 2);
    reset();
    const before = collection.page({ limit: 10, endingBefore: collection.seqOf('o_10')! });
    expect(before.data.map((o) => o.id)).toEqual(['o_29', 'o_27', 'o_25', 'o_23', 'o_21', 'o_19', 'o_17', 'o_15', 'o_13', 'o_11']);
    expect(before.hasMore).toBe(true);
    expect(reads()).toBeLessThanOrEqual(11 + 2);
    reset();
    const indexed = collection.page({ limit: 10, where: { field: 'group', value: 'odd' } }); // builds the index once
    expect(indexed.data[0].id).toBe(`o_${n - 1}`);
    reset();
    collection.page({ limit: 10, where: { field: 'group', value: 'odd' }, startingAfter: collection.seqOf('o_60001')! });
    expect(reads()).toBeLessThanOrEqual(11 + 2);
  });

  it('clamps out-of-range cursors instead of walking to them', () => {
    const { collection } = countingCollection();
    for (let i = 0; i < 5; i++) collection.put({ id: `o_${i}` });
    const started = performance.now();
    expect(collection.page({ limit: 2, startingAfter: 1e15 }).data.map((o) => o.id)).toEqual(['o_4', 'o_3']);
    expect(collection.page({ limit: 2, endingBefore: -1e15 }).data.map((o) => o.id)).toEqual(['o_1', 'o_0']);
    expect(collection.page({ limit: 2, startingAfter: -5 }).data).toEqual([]);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('ListableSlots', () => {
  it('finds the nearest listable slot like a linear scan (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 300 }), fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 50 }), fc.integer({ min: -5, max: 310 }), (flags, flips, probe) => {
        const slots = new ListableSlots();
        const model = [...flags];
        for (const f of flags) slots.push(f);
        for (const [i, f] of flips) {
          if (model.length === 0) break;
          slots.set(i % model.length, f);
          model[i % model.length] = f;
        }
        let prev = -1;
        for (let i = Math.min(probe, model.length - 1); i >= 0; i--) if (model[i]) { prev = i; break; }
        let next = -1;
        for (let i = Math.max(probe, 0); i < model.length; i++) if (model[i]) { next = i; break; }
        expect(slots.prevAtOrBefore(probe)).toBe(prev);
        expect(slots.nextAtOrAfter(probe)).toBe(next);
        expect(slots.count).toBe(model.filter(Boolean).length);
      }),
      { numRuns: 500 },
    );
  });
});

type Op =
  | { kind: 'create'; group: 'a' | 'b' }
  | { kind: 'update'; pick: number; group: 'a' | 'b' }
  | { kind: 'delete'; pick: number }
  | { kind: 'remove'; pick: number }
  | { kind: 'rollback'; ops: Array<{ kind: 'create' | 'remove' | 'delete'; pick: number }> }
  | { kind: 'compact' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('create' as const), group: fc.constantFrom('a' as const, 'b' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), group: fc.constantFrom('a' as const, 'b' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rollback' as const), ops: fc.array(fc.record({ kind: fc.constantFrom('create' as const, 'remove' as const, 'delete' as const), pick: fc.nat() }), { maxLength: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('compact' as const) }) },
);

describe('Collection.compact', () => {
  it('gives back the slots of removed objects, keeping order, indexes and created ranges, and never inside a unit of work', () => {
    const store = new Store();
    const c = store.account('sk_test_compact').collection<StoredObject>('thing');
    for (let i = 0; i < 10; i++) c.put({ id: `t_${i}`, object: 'thing', created: 100 + i, group: i % 2 ? 'odd' : 'even' });
    // a range and an index are in use before the compaction (both are kept per seq)
    expect(c.page({ limit: 3, range: { field: 'created', bounds: { gte: 104 } } }).data.map((o) => o.id)).toEqual(['t_9', 't_8', 't_7']);
    expect(c.page({ limit: 10, where: { field: 'group', value: 'odd' } }).data).toHaveLength(5);
    for (const i of [0, 2, 3, 5, 8]) c.remove(`t_${i}`);
    expect(c.removedSlots).toBe(5);
    expect(() => store.transaction(() => c.compact())).toThrow(/inside a unit of work/);
    c.compact();
    expect(c.removedSlots).toBe(0);
    expect([...c.values()].map((o) => o.id)).toEqual(['t_1', 't_4', 't_6', 't_7', 't_9']);
    expect(['t_1', 't_4', 't_6', 't_7', 't_9'].map((id) => c.seqOf(id))).toEqual([0, 1, 2, 3, 4]);
    expect(c.get('t_6')).toMatchObject({ created: 106 });
    expect(c.page({ limit: 2, startingAfter: c.seqOf('t_7') }).data.map((o) => o.id)).toEqual(['t_6', 't_4']);
    expect(c.page({ limit: 10, range: { field: 'created', bounds: { gte: 104, lt: 109 } } }).data.map((o) => o.id)).toEqual(['t_7', 't_6', 't_4']);
    expect(c.page({ limit: 10, where: { field: 'group', value: 'odd' } }).data.map((o) => o.id)).toEqual(['t_9', 't_7', 't_1']);
    c.put({ id: 't_10', object: 'thing', created: 110, group: 'even' });
    expect(c.seqOf('t_10')).toBe(5);
    expect(c.page({ limit: 10, where: { field: 'group', value: 'even' }, range: { field: 'created', bounds: { gt: 105 } } }).data.map((o) => o.id)).toEqual(['t_10', 't_6']);
  });
});

describe('Collection against a model', () => {
  it('pages like filtering the insertion order, through creates, updates, deletes, removes, rollbacks and compactions', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 60 }),
        fc.array(fc.record({ limit: fc.integer({ min: 1, max: 5 }), cursor: fc.nat(), dir: fc.constantFrom('after', 'before', 'none'), where: fc.constantFrom(undefined, 'a', 'b') }), { minLength: 1, maxLength: 6 }),
        (ops, queries) => {
          const store = new Store();
          const c = store.account('sk_test_model').collection<StoredObject>('thing');
          // the model: insertion order of ids ever created and still stored, with their current object
          let model: Array<{ id: string; obj: StoredObject }> = [];
          let n = 0;
          const stored = () => model.filter((m) => m.obj !== undefined);
          const apply = (op: { kind: string; pick?: number; group?: 'a' | 'b' }) => {
            const live = stored();
            if (op.kind === 'create') {
              const obj = { id: `t_${n++}`, object: 'thing', group: op.group ?? 'a' };
              c.put(obj);
              model.push({ id: obj.id, obj });
            } else if (live.length > 0) {
              const target = live[op.pick! % live.length];
              if (op.kind === 'update' && target.obj.deleted !== true) {
                target.obj = { ...target.obj, group: op.group };
                c.put(target.obj);
              } else if (op.kind === 'delete') {
                target.obj = { id: target.id, object: 'thing', deleted: true };
                c.put(target.obj);
              } else if (op.kind === 'remove') {
                c.remove(target.id);
                model = model.filter((m) => m.id !== target.id);
              }
            }
          };
          for (const op of ops) {
            if (op.kind === 'rollback') {
              const saved = model.map((m) => ({ ...m }));
              const savedN = n;
              expect(() => store.transaction(() => {
                for (const inner of op.ops) apply(inner);
                throw new Error('roll back');
              })).toThrow('roll back');
              model = saved;
              n = savedN;
            } else if (op.kind === 'compact') {
              c.compact(); // renumbers the seqs: the cursors below are taken afterwards
              expect(c.removedSlots).toBe(0);
            } else {
              store.transaction(() => apply(op));
            }
          }
          for (const q of queries) {
            const listable = stored().filter((m) => m.obj.deleted !== true && (q.where === undefined || m.obj.group === q.where));
            const newestFirst = [...listable].reverse().map((m) => m.id);
            const all = stored();
            let expected: string[];
            let cursorSeq: number | undefined;
            if (q.dir === 'none' || all.length === 0) {
              expected = newestFirst.slice(0, q.limit + 1);
            } else {
              const cursor = all[q.cursor % all.length];
              cursorSeq = c.seqOf(cursor.id);
              const pos = model.findIndex((m) => m.id === cursor.id);
              if (q.dir === 'after') {
                expected = newestFirst.filter((id) => model.findIndex((m) => m.id === id) < pos).slice(0, q.limit + 1);
              } else {
                const newer = newestFirst.filter((id) => model.findIndex((m) => m.id === id) > pos);
                expected = newer.slice(Math.max(0, newer.length - q.limit - 1));
              }
            }
            const page = c.page({
              limit: q.limit,
              startingAfter: q.dir === 'after' ? cursorSeq : undefined,
              endingBefore: q.dir === 'before' ? cursorSeq : undefined,
              where: q.where === undefined ? undefined : { field: 'group', value: q.where },
            });
            const hasMore = expected.length > q.limit;
            const data = q.dir === 'before' && cursorSeq !== undefined ? expected.slice(hasMore ? 1 : 0) : expected.slice(0, q.limit);
            expect(page.data.map((o) => o.id)).toEqual(data);
            expect(page.hasMore).toBe(hasMore);
          }
          expect([...c.values()].map((o) => o.id)).toEqual(stored().map((m) => m.id));
        },
      ),
      { numRuns: 400 },
    );
  });
});

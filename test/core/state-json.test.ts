/** The --data snapshot's text (src/store/state-json.ts): the state cut at once, serialized a chunk at a time. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutState, stateChunks } from '../../src/store/state-json.js';
import { emptyRoot, ObjectMap, type RootData } from '../../src/store/store.js';

function sampleRoot(): RootData {
  const root = emptyRoot();
  root.journal_seq = 42;
  root.clock_offset_seconds = 3600;
  root.accounts.sk_test_a = {
    customer: new ObjectMap([
      ['cus_1', { id: 'cus_1', object: 'customer', name: 'Ada "the first"', metadata: { k: '€' } }],
      ['cus_2', { id: 'cus_2', object: 'customer', name: null, preferred_locales: ['en', 'fr'] }],
    ]),
    event: {}, // a collection read from a file and never used since: still a plain record
  };
  root.accounts.sk_test_b = { thing: { t_1: { id: 't_1', object: 'thing', n: 1 } } };
  return root;
}

const text = (root: RootData, size?: number) => [...stateChunks(cutState(root), size)].join('');

describe('the state as JSON, piece by piece', () => {
  it('is the JSON of the same data as JSON.stringify, whatever the chunk size', () => {
    const root = sampleRoot();
    const expected = JSON.stringify(root);
    expect(text(root)).toBe(expected);
    for (const size of [1, 7, 64]) expect(text(root, size)).toBe(expected);
    expect(text(emptyRoot())).toBe(JSON.stringify(emptyRoot()));
  });

  it('comes in chunks of about the size asked', () => {
    const root = emptyRoot();
    root.accounts.sk_test_big = { thing: new ObjectMap(Array.from({ length: 200 }, (_, i) => [`t_${i}`, { id: `t_${i}`, payload: 'x'.repeat(100) }])) };
    const chunks = [...stateChunks(cutState(root), 1000)];
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(1000);
    expect(JSON.parse(chunks.join(''))).toEqual(JSON.parse(JSON.stringify(root)));
  });

  it('holds the state as it was when cut, whatever is written while it is serialized', () => {
    const root = sampleRoot();
    const before = JSON.stringify(root);
    const chunks = stateChunks(cutState(root), 1);
    const first = chunks.next().value as string;
    // writes store new objects and new collections; the objects cut are never changed
    const customers = root.accounts.sk_test_a.customer as ObjectMap;
    customers.set('cus_1', { id: 'cus_1', object: 'customer', name: 'changed' });
    customers.set('cus_3', { id: 'cus_3', object: 'customer' });
    customers.delete('cus_2');
    root.accounts.sk_test_c = { thing: {} };
    root.journal_seq = 99;
    expect(first + [...chunks].join('')).toBe(before);
  });

  it('agrees with JSON.stringify on any ids and objects', () => {
    const object = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 })), { maxKeys: 5 });
    const collection = fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), object), { maxLength: 6 });
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), collection, { maxKeys: 3 }), { maxKeys: 3 }), fc.integer({ min: 1, max: 50 }), (accounts, size) => {
        const root = emptyRoot();
        for (const [key, collections] of Object.entries(accounts)) {
          root.accounts[key] = Object.fromEntries(Object.entries(collections).map(([name, entries], i) => {
            const objects = entries.map(([id, obj]) => [id, { ...obj, id }] as [string, { id: string }]);
            return [name, i % 2 === 0 ? new ObjectMap(objects) : Object.fromEntries(objects)];
          }));
        }
        expect(JSON.parse(text(root, size))).toEqual(JSON.parse(JSON.stringify(root)));
      }),
      { numRuns: 200 },
    );
  });
});

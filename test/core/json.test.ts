/** Response serialization: toJson is JSON.stringify, with the text of stored (frozen) objects reused. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/render/json.js';
import { deepFreeze } from '../../src/store/collection.js';

/** JSON-like values where some objects are deep-frozen (as stored objects are), with the odd undefined. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.constant(undefined)),
  object: fc.tuple(fc.dictionary(fc.string(), tie('any'), { maxKeys: 5 }), fc.boolean()).map(([o, frozen]) => (frozen ? deepFreeze(o) : o)),
  array: fc.array(tie('any'), { maxLength: 5 }),
  any: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('object'), tie('array')),
}));

describe('toJson', () => {
  it('is byte for byte JSON.stringify, the first time and from the cache', () => {
    fc.assert(
      fc.property(value.any, (v) => {
        expect(toJson(v)).toBe(JSON.stringify(v));
        expect(toJson(v)).toBe(JSON.stringify(v));
      }),
      { numRuns: 500 },
    );
  });

  it('serializes a list of stored objects once per object', () => {
    const customer = deepFreeze({ id: 'cus_1', object: 'customer', metadata: { a: '1' }, preferred_locales: ['en'] });
    const list = { object: 'list', data: [customer, customer], has_more: false, url: '/v1/customers' };
    expect(toJson(list)).toBe(JSON.stringify(list));
    expect(toJson({ error: { type: 'invalid_request_error', message: 'x', param: undefined } })).toBe('{"error":{"type":"invalid_request_error","message":"x"}}');
    expect(toJson({ created: new Date(0), n: 1 })).toBe(JSON.stringify({ created: new Date(0), n: 1 }));
  });
});

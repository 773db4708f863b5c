/** Random ids and tokens: Stripe's prefixes, the right characters, no favoured character. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomIds, randomInvoicePrefix, randomToken, sequentialIds } from '../../src/ids.js';

describe('ids', () => {
  it('are the prefix, an underscore and 24 alphanumerics, never repeated', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const id = randomIds('cus');
      expect(id).toMatch(/^cus_[0-9A-Za-z]{24}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(10_000);
  });

  it('keep any prefix whole, even one longer than the working buffer', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z_]{1,600}$/), (prefix) => {
        const id = randomIds(prefix);
        expect(id.slice(0, prefix.length + 1)).toBe(`${prefix}_`);
        expect(id.slice(prefix.length + 1)).toMatch(/^[0-9A-Za-z]{24}$/);
      }),
    );
  });

  it('draw every character about equally often', () => {
    const counts = new Map<string, number>();
    const rounds = 5_000; // 120,000 characters: about 1,935 of each of 62
    for (let i = 0; i < rounds; i++) for (const ch of randomIds('x').slice(2)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (rounds * 24) / 62;
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.15); // > 6 standard deviations
  });

  it('tokens have 32 alphanumerics, invoice prefixes 8 upper-case letters and digits', () => {
    expect(randomToken()).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(randomToken()).not.toBe(randomToken());
    const prefixes = Array.from({ length: 2_000 }, randomInvoicePrefix);
    for (const p of prefixes) expect(p).toMatch(/^[0-9A-Z]{8}$/);
    expect(new Set(prefixes.join(''))).toEqual(new Set('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'));
  });

  it('sequential ids (for tests) count up', () => {
    const next = sequentialIds();
    expect(next('cus')).toBe('cus_000000000000000000000001');
    expect(next('in')).toBe('in_000000000000000000000002');
  });
});

/** Unit tests of the form decoder/encoder (src/http/form.ts), with property-based round trips. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StripeError } from '../../src/errors.js';
import { decodeForm, encodeForm, FORM_LIMITS, type FormValue } from '../../src/http/form.js';

const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

function refused(input: string): StripeError {
  try {
    decodeForm(input);
  } catch (error) {
    expect(error).toBeInstanceOf(StripeError);
    expect((error as StripeError).status).toBe(400);
    return error as StripeError;
  }
  throw new Error(`expected ${input.slice(0, 60)} to be refused`);
}

describe('decodeForm', () => {
  it('decodes the bracket syntax', () => {
    expect(plain(decodeForm('a[b][c]=v'))).toEqual({ a: { b: { c: 'v' } } });
    expect(plain(decodeForm('a[]=x&a[]=y'))).toEqual({ a: ['x', 'y'] });
    expect(plain(decodeForm('a[0]=x&a[1]=y'))).toEqual({ a: ['x', 'y'] });
    expect(plain(decodeForm('a[1]=y&a[0]=x'))).toEqual({ a: ['x', 'y'] });
    expect(plain(decodeForm('lines[0][amount]=100&lines[0][currency]=usd&lines[1][amount]=5'))).toEqual({
      lines: [{ amount: '100', currency: 'usd' }, { amount: '5' }],
    });
    expect(plain(decodeForm('key='))).toEqual({ key: '' });
    expect(plain(decodeForm('key'))).toEqual({ key: '' });
    expect(plain(decodeForm('metadata[a]=1&metadata[b]='))).toEqual({ metadata: { a: '1', b: '' } });
    expect(plain(decodeForm(''))).toEqual({});
    expect(plain(decodeForm('&&a=1&'))).toEqual({ a: '1' });
  });

  it('decodes percent-encoding and + as space, in keys and values', () => {
    expect(plain(decodeForm('name=Ada+Lovelace&email=a%40b.c&metadata%5Bk%5D=%E2%82%AC'))).toEqual({
      name: 'Ada Lovelace', email: 'a@b.c', metadata: { k: '€' },
    });
    expect(plain(decodeForm('q=a%2Bb%26c%3Dd'))).toEqual({ q: 'a+b&c=d' });
  });

  it('keeps the last of a repeated scalar key', () => {
    expect(plain(decodeForm('a=1&a=2'))).toEqual({ a: '2' });
  });

  it('tolerates an empty value before fields of the same name (unset then set)', () => {
    expect(plain(decodeForm('a=&a[b]=1'))).toEqual({ a: { b: '1' } });
  });

  it('keeps numeric keys as object keys once a non-numeric key appears', () => {
    expect(plain(decodeForm('m[0]=x&m[k]=y'))).toEqual({ m: { '0': 'x', k: 'y' } });
  });

  it('refuses ambiguous mixes of value, array and object', () => {
    expect(refused('a=1&a[b]=2').param).toBe('a[b]');
    refused('a[b]=1&a=2');
    refused('a[]=1&a[k]=2');
  });

  it("keeps keys named like Object.prototype's members as the sender's own values", () => {
    const d = decodeForm('toString=1&metadata[hasOwnProperty]=2&metadata[valueOf]=3&c[0][isPrototypeOf]=4');
    expect(Object.keys(d)).toEqual(['toString', 'metadata', 'c']);
    expect(Object.hasOwn(d, 'toString') && d.toString).toBe('1');
    expect(Object.entries(d.metadata)).toEqual([['hasOwnProperty', '2'], ['valueOf', '3']]);
    expect(Object.entries((d.c as FormValue[])[0])).toEqual([['isPrototypeOf', '4']]);
    expect(Object.keys(decodeForm('a[b]=1'))).toEqual(['a']); // nothing inherited is enumerable
  });

  it('refuses prototype-polluting keys', () => {
    for (const input of [
      '__proto__[x]=1', 'constructor[prototype][x]=1', 'a[__proto__][x]=1', 'a[constructor][prototype][x]=1',
      '__proto__=1', 'a[0][__proto__]=1', '%5F%5Fproto%5F%5F[x]=1', 'a[prototype]=1',
    ]) {
      const err = refused(input);
      expect(err.message).toMatch(/Invalid parameter name/);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses invalid percent-encoding', () => {
    for (const input of ['a=%', 'a=%zz', 'a=%E2%82', '%=1', 'a=%ED%A0%80']) {
      expect(refused(input).message).toMatch(/percent-encoding/);
    }
  });

  it('bounds parameters, depth, key length and array indexes', () => {
    const many = Array.from({ length: FORM_LIMITS.maxParameters + 1 }, (_, i) => `k${i}=v`).join('&');
    expect(refused(many).message).toMatch(/Too many parameters/);
    const ok = Array.from({ length: FORM_LIMITS.maxParameters }, (_, i) => `k${i}=v`).join('&');
    expect(Object.keys(decodeForm(ok))).toHaveLength(FORM_LIMITS.maxParameters);

    expect(refused(`a${'[b]'.repeat(100)}=1`).message).toMatch(/nested too deeply/);
    expect(plain(decodeForm(`a${'[b]'.repeat(FORM_LIMITS.maxDepth)}=1`))).toBeTruthy();
    refused(`a${'[b]'.repeat(FORM_LIMITS.maxDepth + 1)}=1`);

    expect(refused(`${'k'.repeat(FORM_LIMITS.maxKeyLength + 1)}=1`).message).toMatch(/too long/);
    expect(refused(`a[${FORM_LIMITS.maxArrayIndex + 1}]=1`).message).toMatch(/array index/);
    // a huge index is an object key, not a sparse array of a million holes
    const big = decodeForm('a[1000000000]=1');
    expect(plain(big)).toEqual({ a: { '1000000000': '1' } });
  });

  it('refuses malformed bracket names', () => {
    refused('a[b=1');
    refused('a[b]c=1');
  });

  it('decodes a 1 MB value in linear time', () => {
    const started = performance.now();
    const d = decodeForm(`v=${'x'.repeat(1024 * 1024)}&w=${'%41'.repeat(100_000)}`);
    expect((d.v as string).length).toBe(1024 * 1024);
    expect(d.w).toBe('A'.repeat(100_000));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('encodeForm', () => {
  it('encodes the way stripe-node does', () => {
    expect(encodeForm({ a: { b: 'c' }, l: [{ amount: 1 }, 'x'], n: null, u: undefined, s: 'a b&c' })).toBe(
      'a[b]=c&l[0][amount]=1&l[1]=x&n=&s=a%20b%26c',
    );
    expect(encodeForm({ 'k&=%': 'v' })).toBe('k%26%3D%25=v');
  });
});

// Values the form encoding can represent: strings; non-empty arrays; non-empty objects whose keys
// are not array indexes, contain no brackets, and are not the refused prototype names.
const key = fc
  .string({ minLength: 1, maxLength: 12, unit: 'grapheme' })
  .filter((k) => !/[[\]]/.test(k) && !/^(0|[1-9][0-9]{0,5})$/.test(k) && !['__proto__', 'constructor', 'prototype'].includes(k));
const text = fc.string({ maxLength: 16, unit: 'grapheme' });
const { value: formValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, text, tie('array'), tie('object')),
  array: fc.array(tie('value'), { minLength: 1, maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { minKeys: 1, maxKeys: 4 }),
}));
const formObject = fc.dictionary(key, formValue, { maxKeys: 6 });

describe('decodeForm(encodeForm(x))', () => {
  it('round-trips every representable value', () => {
    fc.assert(
      fc.property(formObject, (x) => {
        expect(plain(decodeForm(encodeForm(x)))).toEqual(x);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips arrays of objects (the lines[0][amount] shape)', () => {
    const line = fc.record({ amount: fc.integer().map(String), description: text, metadata: fc.dictionary(key, text, { minKeys: 1 }) });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), (lines) => {
        expect(plain(decodeForm(encodeForm({ lines })))).toEqual({ lines });
      }),
    );
  });

  it('never throws anything but a 400 on arbitrary input, and never pollutes prototypes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.array(fc.constantFrom('[', ']', '=', '&', '%', '__proto__', 'constructor', '0', 'a', '+', '%5B'), { maxLength: 30 }), (s, parts) => {
        for (const input of [s, parts.join('')]) {
          try {
            decodeForm(input);
          } catch (error) {
            expect(error).toBeInstanceOf(StripeError);
            expect((error as StripeError).status).toBe(400);
          }
        }
        expect(({} as Record<string, unknown>).x).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });
});

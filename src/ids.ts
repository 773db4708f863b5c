/**
 * Ids and random tokens: Stripe's prefix followed by random characters drawn
 * uniformly (rejection sampling) from crypto-random bytes, read from a pool.
 *
 * Each id is written into a buffer and read back as one flat string. Built by
 * appending a character at a time (as nanoid does), V8 keeps a string of 28
 * characters as a chain of a dozen partial strings, about 400 bytes more per
 * id, for as long as the object holding it lives: in an emulator that keeps
 * every object, that was a quarter of the memory a created customer retained.
 */
import { randomFillSync } from 'node:crypto';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const UPPER_ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const pool = Buffer.allocUnsafe(8192);
let poolAt = pool.length;
const scratch = Buffer.allocUnsafe(512);

function randomByte(): number {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return pool[poolAt++];
}

/** A generator of `prefix` (ASCII, as Stripe's are) + `size` characters of `alphabet` (ASCII, at most 256 characters). */
function randomText(alphabet: string, size: number): (prefix?: string) => string {
  const codes = Buffer.from(alphabet, 'latin1');
  const limit = 256 - (256 % codes.length); // bytes at or above it would favour the first characters
  const next = (prefix = ''): string => {
    if (prefix.length + size > scratch.length) return prefix + next(); // never for Stripe's short prefixes
    const start = prefix.length;
    for (let i = 0; i < start; i++) scratch[i] = prefix.charCodeAt(i); // a few ASCII characters: cheaper than a write() call
    for (let i = start, end = start + size; i < end; ) {
      const byte = randomByte();
      if (byte < limit) scratch[i++] = codes[byte % codes.length];
    }
    return scratch.toString('latin1', 0, start + size);
  };
  return next;
}

const alphanumeric24 = randomText(ALPHANUMERIC, 24);

/** An id generator: Stripe's prefix followed by 24 random alphanumerics. */
export type IdGenerator = (prefix: string) => string;

export const randomIds: IdGenerator = (prefix) => alphanumeric24(`${prefix}_`);

/** Deterministic ids for tests: `cus_000000000000000000000001`, … */
export function sequentialIds(): IdGenerator {
  let n = 0;
  return (prefix) => `${prefix}_${String(++n).padStart(24, '0')}`;
}

const alphanumeric32 = randomText(ALPHANUMERIC, 32);

/** A random secret-ish token (client secrets, webhook secrets, hosted page tokens). */
export const randomToken = (): string => alphanumeric32();

const upper8 = randomText(UPPER_ALPHANUMERIC, 8);

/** A customer's invoice prefix: 8 upper-case letters and digits (e.g. `7F3A9C21`). */
export const randomInvoicePrefix = (): string => upper8();

import { customAlphabet } from 'nanoid';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const random24 = customAlphabet(ALPHANUMERIC, 24);

/** An id generator: Stripe's prefix followed by 24 random alphanumerics. */
export type IdGenerator = (prefix: string) => string;

export const randomIds: IdGenerator = (prefix) => `${prefix}_${random24()}`;

/** Deterministic ids for tests: `cus_000000000000000000000001`, … */
export function sequentialIds(): IdGenerator {
  let n = 0;
  return (prefix) => `${prefix}_${String(++n).padStart(24, '0')}`;
}

/** A random secret-ish token (client secrets, webhook secrets, hosted page tokens). */
export const randomToken = customAlphabet(ALPHANUMERIC, 32);

/** A customer's invoice prefix: 8 upper-case letters and digits (e.g. `7F3A9C21`). */
export const randomInvoicePrefix = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 8);

/** Small helpers shared by the invoicing tests. */
import { accountKeyFrom } from '../../src/http/auth.js';
import type { EventRecord } from '../../src/context.js';
import type { Harness } from '../support/harness.js';
import { expectShape, type ApiVersion } from '../support/shape.js';

/** The events recorded for the account of `key`, oldest first. */
export function eventsOf(h: Harness, key: string): EventRecord[] {
  const account = h.emulator.store.account(accountKeyFrom(`Bearer ${key}`));
  return [...account.collection<EventRecord>('event').values()];
}

export function eventTypes(h: Harness, key: string): string[] {
  return eventsOf(h, key).map((e) => e.type);
}

/** The wire JSON of an SDK object (stripe-node turns decimal strings into Decimal objects). */
export function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** expectShape over the wire JSON. */
export function shape(value: unknown, typeName: string, version: ApiVersion): void {
  expectShape(json(value), typeName, version);
}

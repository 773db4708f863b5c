/**
 * Emitting events: every state change calls `emit` (or `emitUpdated`, which
 * computes `previous_attributes`). The event is stored with the unit of work
 * that caused it; its `data.object` is a frozen snapshot in the newest shape,
 * rendered at the event's `api_version` whenever it is read or delivered.
 */
import type { ApiContext, EventRecord } from '../context.js';
import { deepFreeze, type StoredObject } from '../store/collection.js';

export const EVENT_COLLECTION = 'event';

export function emit(
  ctx: ApiContext,
  type: string,
  object: StoredObject,
  previousAttributes?: Record<string, unknown>,
): EventRecord {
  const data: Record<string, unknown> = { object };
  if (previousAttributes !== undefined) data.previous_attributes = previousAttributes;
  const event: EventRecord = {
    id: ctx.id('evt'),
    object: 'event',
    api_version: ctx.services.defaultVersion,
    created: ctx.now(),
    data,
    livemode: false,
    pending_webhooks: ctx.services.matchingEndpoints(ctx.accountKey, type),
    request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey },
    type,
  };
  // a literal with literals inside: stored as it is, without a copy (see deepFreeze)
  const stored = ctx.account.collection<EventRecord>(EVENT_COLLECTION).put(deepFreeze(event));
  ctx.events.push(stored);
  return stored;
}

/** Emits `type` (an `*.updated` event) when `after` differs from `before`; returns whether it did. */
export function emitUpdated(ctx: ApiContext, type: string, before: StoredObject, after: StoredObject): boolean {
  const previous = previousAttributes(before, after);
  if (Object.keys(previous).length === 0) return false;
  emit(ctx, type, after, previous);
  return true;
}

/** The prior values of the top-level fields that changed (whole arrays and objects, as Stripe sends them). */
export function previousAttributes(before: StoredObject, after: StoredObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const a = before[key];
    const b = after[key];
    if (a === b) continue;
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    out[key] = a === undefined ? null : a;
  }
  return out;
}

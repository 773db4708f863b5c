/**
 * The webhook delivery log and queue, kept in the private store collection
 * `_webhook_delivery` so that `--data` persists it: one record per event and
 * endpoint (plus one per manual resend), with every attempt made. Records in
 * state `pending` are the queue; a restart resumes them.
 */
import type { EventRecord } from '../context.js';
import type { StoredObject } from '../store/collection.js';
import type { AccountStore, Store } from '../store/store.js';
import { EVENT_COLLECTION } from './emit.js';

export const DELIVERIES = '_webhook_delivery';
export const WEBHOOK_SECRETS = '_webhook_secret';
export const WEBHOOK_ENDPOINTS = 'webhook_endpoint';

export interface WebhookEndpoint extends StoredObject {
  object: 'webhook_endpoint';
  api_version: string | null;
  enabled_events: string[];
  status: 'enabled' | 'disabled';
  url: string;
}

export interface WebhookSecret extends StoredObject {
  secret: string;
}

export interface DeliveryAttempt {
  attempt: number;
  /** Unix seconds (emulator clock). */
  created: number;
  url: string;
  /** The HTTP status answered, or null when none arrived. */
  status: number | null;
  duration_ms: number;
  /** Why the attempt failed (no 2xx): `HTTP 500`, `timed out after 10000ms`, `connection refused …`. */
  error: string | null;
  /** The start of the endpoint's answer. */
  response_body: string | null;
}

export type DeliveryState = 'pending' | 'succeeded' | 'failed' | 'canceled';

export interface Delivery extends StoredObject {
  object: 'webhook_delivery';
  event: string;
  event_type: string;
  endpoint: string;
  /** `automatic` (retried on the schedule) or `resend` (one attempt, from the control plane). */
  kind: 'automatic' | 'resend';
  state: DeliveryState;
  created: number;
  attempts: DeliveryAttempt[];
  /** When the next attempt is due (real time, Unix milliseconds); null unless a retry is waiting. */
  next_attempt_at_ms: number | null;
  /** Whether the event's `pending_webhooks` still counts this endpoint (cleared on the first 2xx). */
  pending_counted: boolean;
  /** Why a delivery was canceled. */
  canceled_reason?: string;
}

export function deliveriesOf(acct: AccountStore) {
  return acct.collection<Delivery>(DELIVERIES);
}

/**
 * An endpoint acknowledged `delivery`'s event: the event's `pending_webhooks`
 * drops by one unless this endpoint was already acknowledged for it, and the
 * automatic deliveries of the same pair stop retrying.
 */
export function acknowledge(acct: AccountStore, delivery: Delivery): void {
  const deliveries = deliveriesOf(acct);
  let counted = false;
  const siblings = deliveries.page({ limit: 1000, where: { field: 'event', value: delivery.event } }).data;
  for (const d of siblings) {
    if (d.endpoint !== delivery.endpoint) continue;
    const current = deliveries.get(d.id)!;
    if (current.pending_counted) counted = true;
    if (current.id === delivery.id) {
      if (current.pending_counted) deliveries.put({ ...current, pending_counted: false });
      continue;
    }
    const stop = current.state === 'pending' && current.kind === 'automatic';
    if (!current.pending_counted && !stop) continue;
    const next: Delivery = { ...current, pending_counted: false };
    if (stop) {
      next.state = 'canceled';
      next.next_attempt_at_ms = null;
      next.canceled_reason = `acknowledged by ${delivery.id}`;
    }
    deliveries.put(next);
  }
  if (!counted) return;
  const events = acct.collection<EventRecord>(EVENT_COLLECTION);
  const event = events.get(delivery.event);
  if (event && typeof event.pending_webhooks === 'number' && event.pending_webhooks > 0) {
    events.put({ ...event, pending_webhooks: event.pending_webhooks - 1 });
  }
}

export interface DeliveryFilter {
  event?: string;
  endpoint?: string;
  state?: DeliveryState;
  limit: number;
}

/** Deliveries of one account (or of all), newest first. */
export function listDeliveries(store: Store, account: string | undefined, f: DeliveryFilter): { data: Delivery[]; hasMore: boolean } {
  const accounts = account !== undefined ? [account] : store.accountKeys();
  const matches = (d: Delivery) =>
    (f.event === undefined || d.event === f.event) && (f.endpoint === undefined || d.endpoint === f.endpoint) && (f.state === undefined || d.state === f.state);
  const found: Array<{ d: Delivery; seq: number }> = [];
  for (const key of accounts) {
    const acct = store.account(key);
    if (!acct.has(DELIVERIES)) continue;
    const deliveries = deliveriesOf(acct);
    const where = f.event !== undefined ? { field: 'event', value: f.event } : f.endpoint !== undefined ? { field: 'endpoint', value: f.endpoint } : undefined;
    const page = deliveries.page({ limit: f.limit + 1, where, filter: matches });
    for (const d of page.data) found.push({ d, seq: deliveries.seqOf(d.id) ?? 0 });
  }
  found.sort((a, b) => b.d.created - a.d.created || b.seq - a.seq);
  return { data: found.slice(0, f.limit).map((x) => x.d), hasMore: found.length > f.limit };
}

/**
 * Whether every automatic delivery of an event is over (acknowledged, given up
 * or canceled): what `invoice.webhooks_delivered_at` waits for. An event that
 * matched no endpoint is settled at once.
 */
export function eventDeliveriesSettled(acct: AccountStore, eventId: string): boolean {
  if (!acct.has(DELIVERIES)) return true;
  const pending = deliveriesOf(acct).page({
    limit: 1, where: { field: 'event', value: eventId }, filter: (d) => d.kind === 'automatic' && d.state === 'pending',
  });
  return pending.data.length === 0;
}

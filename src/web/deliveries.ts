/**
 * The webhook delivery log as the dashboard shows it, read from the
 * dispatcher's log (`_webhook_delivery`), and resending through the
 * dispatcher (one new attempt to the same endpoint).
 */
import type { Emulator } from '../emulator.js';
import { findIn } from './read.js';
import { StripeError } from '../errors.js';
import { deliveriesOf, listDeliveries, DELIVERIES, WEBHOOK_ENDPOINTS, type WebhookEndpoint } from '../events/deliveries.js';

export interface DeliveryView {
  id: string;
  event: string;
  eventType?: string;
  endpoint: string;
  url?: string;
  kind: string;
  status: string;
  attempts: Array<{ at: number; status?: number | null; error?: string | null; durationMs?: number }>;
  nextAttemptAt?: number | null;
  canResend: boolean;
}

export function deliveryViews(emulator: Emulator, account: string, limit = 100): DeliveryView[] {
  const acct = emulator.store.account(account);
  return listDeliveries(emulator.store, account, { limit }).data.map((d) => {
    const endpoint = findIn<WebhookEndpoint>(acct, WEBHOOK_ENDPOINTS, d.endpoint);
    return {
      id: d.id,
      event: d.event,
      eventType: d.event_type,
      endpoint: d.endpoint,
      url: endpoint?.url,
      kind: d.kind,
      status: d.state,
      attempts: d.attempts.map((a) => ({ at: a.created, status: a.status, error: a.error, durationMs: a.duration_ms })),
      nextAttemptAt: d.next_attempt_at_ms === null ? null : Math.floor(d.next_attempt_at_ms / 1000),
      canResend: endpoint !== undefined && endpoint.status === 'enabled',
    };
  });
}

/** Sends a delivery's event to its endpoint again; returns a message for the page. */
export function resendDelivery(emulator: Emulator, account: string, id: string): { ok: boolean; text: string; event?: string } {
  const acct = emulator.store.account(account);
  const delivery = acct.has(DELIVERIES) ? deliveriesOf(acct).get(id) : undefined;
  if (!delivery) return { ok: false, text: `No such webhook delivery: ${id}.` };
  try {
    const created = emulator.webhooks.resend(account, delivery.event, delivery.endpoint);
    if (created.length === 0) return { ok: false, text: 'Nothing was resent: the endpoint no longer takes this event.' };
    return { ok: true, text: `Event ${delivery.event} queued again for ${delivery.endpoint}.`, event: delivery.event };
  } catch (error) {
    if (error instanceof StripeError) return { ok: false, text: error.message };
    throw error;
  }
}

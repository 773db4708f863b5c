/**
 * Webhook signatures as Stripe makes them: `Stripe-Signature: t=<unix>,v1=<hex>`,
 * where v1 is HMAC-SHA256 keyed by the endpoint's whole `whsec_…` secret over
 * `"<t>.<raw body>"` (reference §7.1).
 */
import { createHmac } from 'node:crypto';
import { randomToken } from '../ids.js';

export function signatureHeader(body: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** A new endpoint signing secret. */
export function newWebhookSecret(): string {
  return `whsec_${randomToken()}`;
}

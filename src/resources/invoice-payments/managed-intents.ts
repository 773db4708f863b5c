/**
 * The PaymentIntent behind an invoice's default payment belongs to the invoice:
 * Stripe keeps it in step with `amount_remaining`, and it "can't be edited or
 * canceled directly" (reference §6.3). The PaymentIntents API refuses those
 * edits; the invoice's own endpoints (pay, void, …) move it.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { paymentsOfPaymentIntent } from './service.js';

export function assertNotManagedByInvoice(ctx: ApiContext, paymentIntentId: string, action: 'updated' | 'canceled'): void {
  const managed = paymentsOfPaymentIntent(ctx, paymentIntentId).find((p) => p.is_default && p.status === 'open');
  if (!managed) return;
  throw invalidRequest(
    `This PaymentIntent is the default payment of invoice ${managed.invoice} and can't be ${action} directly. Use the invoice's endpoints instead (pay, void, mark_uncollectible, credit notes).`,
    { code: 'payment_intent_unexpected_state', param: 'intent' },
  );
}

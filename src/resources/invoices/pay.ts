/**
 * POST /v1/invoices/{invoice}/pay (reference §6.9). A draft is finalized
 * first. Then, in order:
 *   paid_out_of_band  → the remainder is recorded as paid outside Stripe; paid.
 *   nothing remaining → paid.
 *   otherwise         → the default payment's PaymentIntent is confirmed with
 *                       `payment_method` / `source`, else the invoice's default,
 *                       else the customer's; none at all is a 400. A decline is a
 *                       402 card error (`invoice.payment_failed`); authentication
 *                       is a 402 `invoice_payment_intent_requires_action`
 *                       (`invoice.payment_action_required`).
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { setFacts, invoiceFacts } from './facts.js';
import { attemptDefaultPayment } from './default-payment.js';
import { finalizeInvoice, settleInvoice } from './lifecycle.js';
import { currentInvoice } from './service.js';
import type { Invoice } from './types.js';
import { withAmounts } from './amounts.js';

export interface PayParams {
  forgive?: boolean;
  mandate?: string | null;
  off_session?: boolean;
  paid_out_of_band?: boolean;
  payment_method?: string;
  source?: string;
}

export function payInvoice(ctx: ApiContext, id: string, p: PayParams): Invoice {
  let inv = currentInvoice(ctx, id, 'invoice');
  if (p.payment_method !== undefined && p.source !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: payment_method, source.', { code: 'parameters_exclusive', param: 'source' });
  }
  if (inv.status === 'draft') {
    inv = finalizeInvoice(ctx, id);
    if (inv.status === 'paid') return inv;
  }
  if (inv.status === 'paid') throw invalidRequest('Invoice is already paid.', { param: 'invoice' });
  if (inv.status === 'void') throw invalidRequest(`You can't pay invoice ${inv.id}: it is void.`, { param: 'invoice' });

  const fresh = withAmounts(ctx, inv);
  if (p.paid_out_of_band) {
    const facts = invoiceFacts(ctx, id);
    setFacts(ctx, id, { out_of_band_amount: facts.out_of_band_amount + fresh.amount_remaining, paid_out_of_band: true });
    return settleInvoice(ctx, inv, 'out_of_band');
  }
  if (fresh.amount_remaining === 0) return settleInvoice(ctx, inv, 'payment');
  return attemptDefaultPayment(ctx, inv, {
    paymentMethod: p.payment_method ?? p.source,
    param: p.source !== undefined ? 'source' : 'payment_method',
    offSession: p.off_session ?? true,
  });
}

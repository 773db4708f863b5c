/**
 * Crediting attached payments. An InvoicePayment made by `attach_payment`
 * follows its PaymentIntent (the payments `onPaymentIntentChange` hook):
 *   succeeded → the payment is `paid` with the intent's `amount_received`, at
 *               most its `amount_requested` (`invoice_payment.paid`); the
 *               invoice re-derives its amounts
 *               (`invoice.updated`, and when nothing remains `invoice.paid`,
 *               `invoice.payment_succeeded`, `invoice.overpaid` with an
 *               `invoice_overpaid` credit to the customer);
 *   canceled  → the payment is `canceled` (no snapshot event exists for it);
 *   an asynchronous failure (3D Secure failed, a bank debit bounced)
 *             → `invoice.payment_failed` on the invoice while it is payable.
 * The invoice's default payment follows its intent through the invoices
 * module's own listener (default-payment.ts); this one handles only attached
 * payments. `creditOverpayment` makes sure the customer has been credited
 * every overpaid unit.
 *
 * A payment that succeeds after its invoice was already paid (several open
 * payments together exceeding the amount due) adds to `amount_overpaid`; the
 * extra is credited to the customer and announced with another
 * `invoice.overpaid` (emulator choice).
 */
import type { ApiContext } from '../../context.js';
import { emit } from '../../events/emit.js';
import { BALANCE_TRANSACTIONS, recordBalanceTransaction, type BalanceTransaction } from '../customers/balance.js';
import {
  cancelInvoicePayment, markInvoicePaymentPaid, paymentsOfPaymentIntent, type InvoicePayment,
} from '../invoice-payments/service.js';
import { withAmounts } from '../invoices/amounts.js';
import { announcePaymentFailed, failedAsynchronously } from '../invoices/default-payment.js';
import { setFacts } from '../invoices/facts.js';
import { reconcileInvoice } from '../invoices/lifecycle.js';
import { getInvoice, saveInvoice } from '../invoices/service.js';
import type { Invoice } from '../invoices/types.js';
import { onPaymentIntentChange, type PaymentIntent } from '../payment-intents/model.js';

/** Σ credited to the customer so far for the invoice's overpayment (its `invoice_overpaid` balance transactions). */
export function overpaymentCredited(ctx: ApiContext, invoice: Invoice): number {
  const txns = ctx.account.collection<BalanceTransaction>(BALANCE_TRANSACTIONS).page({
    limit: Number.MAX_SAFE_INTEGER,
    where: { field: 'customer', value: invoice.customer },
    filter: (t) => t.type === 'invoice_overpaid' && t.invoice === invoice.id,
  }).data;
  return txns.reduce((sum, t) => sum - t.amount, 0);
}

/** A paid invoice whose overpayment grew: store its amounts, credit the customer the difference, emit `invoice.overpaid`. */
export function creditOverpayment(ctx: ApiContext, invoiceId: string): Invoice {
  const inv = getInvoice(ctx, invoiceId);
  if (inv.status !== 'paid') return inv;
  const saved = saveInvoice(ctx, inv, withAmounts(ctx, inv), { event: true });
  const excess = saved.amount_overpaid - overpaymentCredited(ctx, saved);
  if (excess > 0) {
    recordBalanceTransaction(ctx, saved.customer, { amount: -excess, currency: saved.currency, type: 'invoice_overpaid', invoice: saved.id });
    emit(ctx, 'invoice.overpaid', saved);
  }
  return saved;
}

/**
 * Marks the attached payment paid with what its intent received (capped at the
 * amount requested when it was attached) and lets the invoice follow.
 */
export function creditPayment(ctx: ApiContext, payment: InvoicePayment, pi: PaymentIntent): Invoice {
  markInvoicePaymentPaid(ctx, payment.id, Math.min(pi.amount_received, payment.amount_requested));
  // the pre-basil `invoice.charge`: the last charge that paid the invoice (as the invoices module records it)
  setFacts(ctx, payment.invoice, { charge: pi.latest_charge });
  const inv = getInvoice(ctx, payment.invoice);
  if (inv.status !== 'paid') reconcileInvoice(ctx, inv.id, 'payment');
  return creditOverpayment(ctx, inv.id);
}

function followIntent(ctx: ApiContext, before: PaymentIntent, after: PaymentIntent): void {
  const attached = paymentsOfPaymentIntent(ctx, after.id).filter((p) => !p.is_default && p.status === 'open');
  if (attached.length === 0) return;
  if (after.status === 'succeeded') {
    for (const payment of attached) creditPayment(ctx, payment, after);
  } else if (after.status === 'canceled') {
    for (const payment of attached) cancelInvoicePayment(ctx, payment.id);
  } else if (failedAsynchronously(before, after)) {
    for (const invoiceId of new Set(attached.map((p) => p.invoice))) announcePaymentFailed(ctx, invoiceId);
  }
}

onPaymentIntentChange(followIntent);

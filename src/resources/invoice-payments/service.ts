/**
 * InvoicePayments (`inpay_`, 2025-03-31.basil+): the join between an invoice
 * and one payment. Finalization creates the invoice's default payment
 * (`is_default: true`) backed by a PaymentIntent; partial payments attach more.
 *
 * Lifecycle: open → paid (amount_paid, status_transitions.paid_at,
 * `invoice_payment.paid`) or open → canceled (status_transitions.canceled_at,
 * no snapshot event exists for it). The invoice's amounts are derived from its
 * payments by `src/resources/invoices/amounts.ts`.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest, resourceMissing } from '../../errors.js';
import { emit } from '../../events/emit.js';
import type { StoredObject } from '../../store/collection.js';

export const INVOICE_PAYMENTS = 'invoice_payment';

export type InvoicePaymentStatus = 'open' | 'paid' | 'canceled';

export interface InvoicePaymentRef {
  type: 'payment_intent' | 'charge' | 'payment_record';
  payment_intent?: string;
  charge?: string;
  payment_record?: string;
}

export interface InvoicePayment extends StoredObject {
  object: 'invoice_payment';
  amount_paid: number | null;
  amount_requested: number;
  created: number;
  currency: string;
  invoice: string;
  is_default: boolean;
  livemode: boolean;
  payment: InvoicePaymentRef;
  status: InvoicePaymentStatus;
  status_transitions: { canceled_at: number | null; paid_at: number | null };
}

export function getInvoicePayment(ctx: ApiContext, id: string, param = 'invoice_payment'): InvoicePayment {
  const p = ctx.account.collection<InvoicePayment>(INVOICE_PAYMENTS).get(id);
  if (!p) throw resourceMissing('invoice_payment', id, param);
  return p;
}

export function createInvoicePayment(
  ctx: ApiContext,
  input: { invoice: string; currency: string; amount_requested: number; payment: InvoicePaymentRef; is_default?: boolean },
): InvoicePayment {
  const payment: InvoicePayment = {
    id: ctx.id('inpay'),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: input.amount_requested,
    created: ctx.now(),
    currency: input.currency,
    invoice: input.invoice,
    is_default: input.is_default ?? false,
    livemode: false,
    payment: { ...input.payment },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
  return ctx.account.collection<InvoicePayment>(INVOICE_PAYMENTS).put(payment);
}

/** open → paid with the amount received; emits `invoice_payment.paid`. The caller settles the invoice (amounts.ts). */
export function markInvoicePaymentPaid(ctx: ApiContext, id: string, amountPaid: number, ref?: Partial<InvoicePaymentRef>): InvoicePayment {
  const before = getInvoicePayment(ctx, id);
  if (before.status !== 'open') throw invalidRequest(`This invoice payment is ${before.status}; only open invoice payments can be paid.`);
  const after = ctx.account.collection<InvoicePayment>(INVOICE_PAYMENTS).put({
    ...before,
    payment: { ...before.payment, ...(ref ?? {}) },
    amount_paid: amountPaid,
    status: 'paid',
    status_transitions: { ...before.status_transitions, paid_at: ctx.now() },
  });
  emit(ctx, 'invoice_payment.paid', after);
  return after;
}

/** open → canceled (no-op for payments already canceled; paid ones stay paid). */
export function cancelInvoicePayment(ctx: ApiContext, id: string): InvoicePayment {
  const before = getInvoicePayment(ctx, id);
  if (before.status !== 'open') return before;
  return ctx.account.collection<InvoicePayment>(INVOICE_PAYMENTS).put({
    ...before,
    status: 'canceled',
    status_transitions: { ...before.status_transitions, canceled_at: ctx.now() },
  });
}

/** Keeps an open payment's `amount_requested` in step (the default payment tracks `amount_remaining`). */
export function setAmountRequested(ctx: ApiContext, id: string, amount: number): InvoicePayment {
  const before = getInvoicePayment(ctx, id);
  if (before.amount_requested === amount) return before;
  return ctx.account.collection<InvoicePayment>(INVOICE_PAYMENTS).put({ ...before, amount_requested: amount });
}

/** The payments whose `field` is `value` (served from the collection's index), oldest first. */
function paymentsWhere(ctx: ApiContext, field: string, value: string): InvoicePayment[] {
  const page = ctx.account.collection<InvoicePayment>(INVOICE_PAYMENTS).page({ limit: Number.MAX_SAFE_INTEGER, where: { field, value } });
  return [...page.data].reverse();
}

/** The invoice's payments, oldest first. */
export function invoicePaymentsOf(ctx: ApiContext, invoiceId: string): InvoicePayment[] {
  return paymentsWhere(ctx, 'invoice', invoiceId);
}

/** The invoice's default payment (created at finalization; the newest one if it had to be replaced), if any. */
export function defaultPaymentOf(ctx: ApiContext, invoiceId: string): InvoicePayment | undefined {
  return invoicePaymentsOf(ctx, invoiceId).filter((p) => p.is_default).pop();
}

/** The invoice payments made through a PaymentIntent (one PaymentIntent may pay several invoices). */
export function paymentsOfPaymentIntent(ctx: ApiContext, paymentIntentId: string): InvoicePayment[] {
  return paymentsWhere(ctx, 'payment.payment_intent', paymentIntentId);
}

/** The invoice a PaymentIntent belongs to (pre-basil `payment_intent.invoice` / `charge.invoice`), or null. */
export function invoiceOfPaymentIntent(ctx: ApiContext, paymentIntentId: string): string | null {
  return paymentsOfPaymentIntent(ctx, paymentIntentId)[0]?.invoice ?? null;
}

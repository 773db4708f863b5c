/**
 * The invoice's default payment (reference §6.3): created at finalization as an
 * InvoicePayment (`is_default: true`, `open`, `amount_requested` = amount due)
 * backed by a PaymentIntent; kept in step with `amount_remaining`; canceled
 * (with its PaymentIntent) when the invoice is voided or settled otherwise.
 *
 * Whatever confirms an invoice's PaymentIntent (POST /pay, a client confirming
 * the default PaymentIntent itself, 3D Secure completed later, a bank debit
 * settling), the `onPaymentIntentChange` listener below credits the invoice:
 * the InvoicePayment becomes paid and the invoice is reconciled (amounts.ts),
 * which settles it once nothing remains. Attached (non-default) payments follow
 * their intents through the partial payments module (partial-payments/crediting.ts).
 */
import type { ApiContext } from '../../context.js';
import { minimumAmount } from '../../currencies.js';
import { StripeError, invalidRequest } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { downgrade } from '../../versions/downgrade.js';
import { getCustomer } from '../customers/service.js';
import {
  cancelInvoicePayment, createInvoicePayment, defaultPaymentOf, markInvoicePaymentPaid, paymentsOfPaymentIntent, setAmountRequested,
} from '../invoice-payments/service.js';
import { paymentMethodBehaviour } from '../payment-methods/service.js';
import {
  cancelPaymentIntent, createPaymentIntent, getPaymentIntent, onPaymentIntentChange, resolvePaymentMethod, tryConfirmPaymentIntent,
  updatePaymentIntentAmount, type PaymentIntent,
} from '../payment-intents/service.js';
import { withAmounts } from './amounts.js';
import { setFacts } from './facts.js';
import { reconcileInvoice } from './lifecycle.js';
import { getInvoice, saveInvoice } from './service.js';
import type { Invoice } from './types.js';

export type CancelReason = 'void_invoice' | 'automatic';

const CONFIRMABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);
const CANCELABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture']);

/** PaymentIntents being confirmed by `attemptDefaultPayment` right now (it reports their failures itself). */
const attempting = new Set<string>();

export function openDefaultPayment(ctx: ApiContext, invoice: Invoice, amount = invoice.amount_due): void {
  const types = (invoice.payment_settings as { payment_method_types?: string[] | null } | undefined)?.payment_method_types;
  const pi = createPaymentIntent(ctx, {
    amount,
    currency: invoice.currency,
    customer: invoice.customer,
    description: invoice.number ? `Invoice ${invoice.number}` : null,
    ...(types && types.length > 0 ? { payment_method_types: types } : {}),
  });
  createInvoicePayment(ctx, {
    invoice: invoice.id,
    currency: invoice.currency,
    amount_requested: amount,
    payment: { type: 'payment_intent', payment_intent: pi.id },
    is_default: true,
  });
  setFacts(ctx, invoice.id, { payment_intent: pi.id });
}

/** The default PaymentIntent of an invoice, if it has one. */
export function defaultPaymentIntent(ctx: ApiContext, invoiceId: string): PaymentIntent | undefined {
  const id = defaultPaymentOf(ctx, invoiceId)?.payment.payment_intent;
  return id ? getPaymentIntent(ctx, id) : undefined;
}

/** `invoice.confirmation_secret` (includable): the open default PaymentIntent's client secret, else null. */
export function confirmationSecret(ctx: ApiContext, invoice: Invoice): { client_secret: string; type: string } | null {
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') return null;
  const payment = defaultPaymentOf(ctx, invoice.id);
  const pi = payment?.status === 'open' && payment.payment.payment_intent ? getPaymentIntent(ctx, payment.payment.payment_intent) : undefined;
  const secret = pi?.client_secret;
  return typeof secret === 'string' ? { client_secret: secret, type: 'payment_intent' } : null;
}

export function cancelDefaultPayment(ctx: ApiContext, invoiceId: string, reason: CancelReason): void {
  const payment = defaultPaymentOf(ctx, invoiceId);
  if (!payment || payment.status !== 'open') return;
  const piId = payment.payment.payment_intent;
  if (piId && CANCELABLE.has(getPaymentIntent(ctx, piId).status)) cancelPaymentIntent(ctx, piId, reason);
  cancelInvoicePayment(ctx, payment.id);
}

/** Keeps the open default payment (and its PaymentIntent) at the invoice's `amount_remaining`. */
export function syncDefaultPayment(ctx: ApiContext, invoice: Invoice): void {
  const payment = defaultPaymentOf(ctx, invoice.id);
  if (!payment || payment.status !== 'open' || payment.amount_requested === invoice.amount_remaining) return;
  const piId = payment.payment.payment_intent;
  const pi = piId ? getPaymentIntent(ctx, piId) : undefined;
  if (!pi || !CONFIRMABLE.has(pi.status)) return;
  if (invoice.amount_remaining < minimumAmount(invoice.currency)) return;
  updatePaymentIntentAmount(ctx, pi.id, invoice.amount_remaining);
  setAmountRequested(ctx, payment.id, invoice.amount_remaining);
}

export interface AttemptOptions {
  paymentMethod?: string;
  param: string;
  offSession: boolean;
  /** Automatic collection: a missing payment method is a failed attempt, not a 400. */
  automatic?: boolean;
}

function noPaymentMethod(inv: Invoice): StripeError {
  return invalidRequest(
    `This customer (${inv.customer}) has no attached payment source or default payment method. Pass \`payment_method\`, or set the invoice's ` +
      "`default_payment_method` or the customer's `invoice_settings[default_payment_method]`.",
    { param: 'payment_method' },
  );
}

function requiresAction(ctx: ApiContext, pi: PaymentIntent): StripeError {
  return new StripeError(
    402,
    'card_error',
    'This payment requires additional user action before it can be completed successfully. Payment can be completed using the ' +
      'PaymentIntent associated with the invoice (or the hosted invoice page).',
    { code: 'invoice_payment_intent_requires_action', payment_intent: downgrade(pi, ctx.version, ctx) },
  ).committing();
}

/**
 * One payment attempt on the default payment for what remains: success settles
 * the invoice (through the listener), a bank debit leaves it open while
 * processing; a decline or required authentication is recorded, announced and
 * thrown as a 402 (the writes are kept).
 */
export function attemptDefaultPayment(ctx: ApiContext, invoice: Invoice, opts: AttemptOptions): Invoice {
  const customer = getCustomer(ctx, invoice.customer, 'customer');
  const chosen = opts.paymentMethod
    ?? invoice.default_payment_method
    ?? invoice.default_source
    ?? customer.invoice_settings.default_payment_method
    ?? (customer.default_source as string | null | undefined)
    ?? null;
  let inv = saveInvoice(ctx, invoice, { ...invoice, attempted: true, attempt_count: invoice.attempt_count + 1, next_payment_attempt: null });
  if (chosen === null) {
    if (!opts.automatic) throw noPaymentMethod(invoice);
    emit(ctx, 'invoice.payment_failed', inv);
    return inv;
  }
  const pm = resolvePaymentMethod(ctx, chosen, invoice.customer, opts.paymentMethod ? opts.param : 'default_payment_method');
  // a default payment whose PaymentIntent was canceled from outside is replaced
  if (defaultPaymentOf(ctx, inv.id)?.status !== 'open') openDefaultPayment(ctx, inv, withAmounts(ctx, inv).amount_remaining);
  syncDefaultPayment(ctx, inv);
  const pi = defaultPaymentIntent(ctx, inv.id)!;
  if (!CONFIRMABLE.has(pi.status)) {
    throw invalidRequest(`The invoice's payment is ${pi.status}; it can't be attempted again now.`, { code: 'payment_intent_unexpected_state', param: 'invoice' });
  }
  // invoices move to requires_action (not a decline) when the card asks for authentication
  const card = paymentMethodBehaviour(ctx, pm.id);
  const auth = card.card?.auth ?? 'none';
  const needsAuth = auth === 'always' || (auth === 'unless_setup' && !(card.setUp && opts.offSession));
  attempting.add(pi.id);
  let attempt;
  try {
    attempt = tryConfirmPaymentIntent(ctx, pi.id, { payment_method: pm.id, off_session: needsAuth ? false : opts.offSession });
  } finally {
    attempting.delete(pi.id);
  }
  inv = getInvoice(ctx, inv.id);
  if (attempt.error) {
    emit(ctx, 'invoice.payment_failed', inv);
    if (opts.automatic) return inv;
    throw attempt.error.committing();
  }
  if (attempt.intent.status === 'requires_action') {
    emit(ctx, 'invoice.payment_action_required', inv);
    if (opts.automatic) return inv;
    throw requiresAction(ctx, attempt.intent);
  }
  return inv;
}

/**
 * An asynchronous attempt failed (3D Secure failed, a bank debit bounced): the
 * intent went back to `requires_payment_method` from `processing` or
 * `requires_action`. Attempts made by `attemptDefaultPayment` report their own failures.
 */
export function failedAsynchronously(before: PaymentIntent, after: PaymentIntent): boolean {
  return after.status === 'requires_payment_method' && (before.status === 'processing' || before.status === 'requires_action') && !attempting.has(after.id);
}

/** Announces a failed payment attempt on the invoice (`invoice.payment_failed`) while it can still be paid. */
export function announcePaymentFailed(ctx: ApiContext, invoiceId: string): void {
  const inv = getInvoice(ctx, invoiceId);
  if (inv.status === 'open' || inv.status === 'uncollectible') emit(ctx, 'invoice.payment_failed', inv);
}

/**
 * Follows the PaymentIntents of open default payments: success credits the invoice,
 * cancellation cancels the payment, an asynchronous failure is announced. Attached
 * (non-default) payments are the partial payments module's (crediting.ts).
 */
onPaymentIntentChange((ctx, before, after) => {
  const payments = paymentsOfPaymentIntent(ctx, after.id).filter((p) => p.is_default && p.status === 'open');
  if (payments.length === 0) return;
  if (after.status === 'succeeded') {
    for (const payment of payments) {
      markInvoicePaymentPaid(ctx, payment.id, after.amount_received);
      setFacts(ctx, payment.invoice, { charge: after.latest_charge });
    }
    for (const invoiceId of new Set(payments.map((p) => p.invoice))) reconcileInvoice(ctx, invoiceId);
    return;
  }
  if (after.status === 'canceled') {
    for (const payment of payments) cancelInvoicePayment(ctx, payment.id);
    return;
  }
  if (failedAsynchronously(before, after)) for (const invoiceId of new Set(payments.map((p) => p.invoice))) announcePaymentFailed(ctx, invoiceId);
});

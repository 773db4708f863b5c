/**
 * `attachPayment(ctx, invoiceId, paymentIntentId)` — POST /v1/invoices/{invoice}/attach_payment
 * (reference §6.4) and the dashboard's "Charge customer" / payment-request flows.
 *
 * The invoice must be open; the PaymentIntent must share its currency and
 * customer, must not be canceled, attached to this invoice already, or
 * attached to another invoice, and its amount must not exceed the invoice's
 * `amount_remaining` now. Each refusal is a 400 with `param: payment_intent`.
 * The attach creates an open InvoicePayment (`amount_requested` = the intent's
 * amount); an intent that already succeeded is credited at once, others when
 * they succeed (crediting.ts).
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { createInvoicePayment, paymentsOfPaymentIntent } from '../invoice-payments/service.js';
import { withAmounts } from '../invoices/amounts.js';
import { getInvoice } from '../invoices/service.js';
import type { Invoice } from '../invoices/types.js';
import { getPaymentIntent } from '../payment-intents/model.js';
import { creditPayment } from './crediting.js';

function refuse(message: string): Error {
  return invalidRequest(message, { param: 'payment_intent' });
}

export function attachPayment(ctx: ApiContext, invoiceId: string, paymentIntentId: string): Invoice {
  const stored = getInvoice(ctx, invoiceId, 'invoice');
  if (stored.status !== 'open') {
    throw refuse(`Payments can only be attached to open invoices; invoice ${stored.id} is ${stored.status === 'draft' ? 'a draft' : stored.status}.`);
  }
  const pi = getPaymentIntent(ctx, paymentIntentId, 'payment_intent');
  const invoice = withAmounts(ctx, stored);
  if (pi.currency !== invoice.currency) {
    throw refuse(`The PaymentIntent's currency (${pi.currency}) does not match the invoice's currency (${invoice.currency}).`);
  }
  if (pi.customer !== invoice.customer) {
    throw refuse(
      pi.customer === null
        ? `The PaymentIntent ${pi.id} has no customer; it must belong to the invoice's customer (${invoice.customer}).`
        : `The PaymentIntent's customer (${pi.customer}) does not match the invoice's customer (${invoice.customer}).`,
    );
  }
  if (pi.status === 'canceled') throw refuse(`The PaymentIntent ${pi.id} is canceled; canceled PaymentIntents can't pay an invoice.`);
  const payments = paymentsOfPaymentIntent(ctx, pi.id);
  if (payments.some((p) => p.invoice === invoice.id)) {
    throw refuse(`The PaymentIntent ${pi.id} is already attached to invoice ${invoice.id}.`);
  }
  const elsewhere = payments.find((p) => p.status !== 'canceled');
  if (elsewhere) {
    throw refuse(`The PaymentIntent ${pi.id} is already attached to invoice ${elsewhere.invoice}; the emulator lets a PaymentIntent pay one invoice.`);
  }
  if (pi.amount > invoice.amount_remaining) {
    throw refuse(
      `The PaymentIntent's amount (${pi.amount}) exceeds the invoice's amount_remaining (${invoice.amount_remaining}); ` +
        'attach a PaymentIntent for at most the amount remaining.',
    );
  }
  const payment = createInvoicePayment(ctx, {
    invoice: invoice.id,
    currency: invoice.currency,
    amount_requested: pi.amount,
    payment: { type: 'payment_intent', payment_intent: pi.id },
  });
  if (pi.status === 'succeeded') return creditPayment(ctx, payment, pi);
  return getInvoice(ctx, invoice.id);
}

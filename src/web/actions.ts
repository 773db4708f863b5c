/**
 * The payment actions behind the pages, built on the payment and invoice
 * services. Each runs inside the caller's unit of work (`runUnit`): a declined
 * card keeps its failed PaymentIntent and events (a committing card error) and
 * attaches nothing; any other refusal changes nothing.
 */
import type { ApiContext } from '../context.js';
import { attachPayment } from '../resources/partial-payments/attach.js';
import { createPaymentIntent } from '../resources/payment-intents/service.js';
import { payInvoice } from '../resources/invoices/pay.js';
import { getInvoice } from '../resources/invoices/service.js';
import { markRequestPaid, type PaymentRequest } from './payment-requests/service.js';

export interface ChargeInput {
  amount: number;
  paymentMethod: string;
}

function describeFor(number: string | null): string {
  return number ? `Partial payment for invoice ${number}` : 'Partial payment for invoice';
}

/**
 * "Charge customer": a PaymentIntent on the customer's saved payment method
 * (confirmed off session), attached to the invoice as a partial payment.
 */
export function chargeInvoice(ctx: ApiContext, invoiceId: string, input: ChargeInput): { paymentIntent: string } {
  const invoice = getInvoice(ctx, invoiceId, 'invoice');
  const pi = createPaymentIntent(ctx, {
    amount: input.amount,
    currency: invoice.currency,
    customer: invoice.customer,
    payment_method: input.paymentMethod,
    confirm: true,
    off_session: true,
    description: describeFor(invoice.number),
  });
  attachPayment(ctx, invoice.id, pi.id);
  return { paymentIntent: pi.id };
}

/** The hosted invoice page: pays what remains with a test card, the customer present (POST /v1/invoices/{id}/pay). */
export function payRemaining(ctx: ApiContext, invoiceId: string, testCard: string): void {
  payInvoice(ctx, invoiceId, { payment_method: testCard, off_session: false });
}

/** A payment request link: a PaymentIntent for the requested amount (customer present), attached to the invoice. */
export function payRequest(ctx: ApiContext, request: PaymentRequest, testCard: string): string {
  const invoice = getInvoice(ctx, request.invoice, 'invoice');
  const pi = createPaymentIntent(ctx, {
    amount: request.amount,
    currency: request.currency,
    customer: invoice.customer,
    payment_method: testCard,
    confirm: true,
    description: describeFor(invoice.number),
    metadata: { emulator_payment_request: request.id },
  });
  attachPayment(ctx, invoice.id, pi.id);
  markRequestPaid(ctx, request, pi.id);
  return pi.id;
}

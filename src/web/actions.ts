/**
 * The payment actions behind the pages, built on the payment and invoice
 * services: charging a saved payment method for part of an invoice, paying an
 * invoice's remaining amount with a test card, paying a payment request.
 * Each runs inside the caller's unit of work (`runUnit`).
 */
import type { ApiContext } from '../context.js';
import { apiError } from '../errors.js';
import type { PaymentRequest } from './payment-requests/service.js';

export interface ChargeInput {
  amount: number;
  paymentMethod: string;
  description?: string;
}

/** Creates a PaymentIntent (confirm, off_session) on a saved payment method and attaches it to the invoice. */
export function chargeInvoice(_ctx: ApiContext, _invoiceId: string, _input: ChargeInput): { paymentIntent: string } {
  throw apiError('Charging is not available in this build yet (payment intents / attach_payment missing).');
}

/** Pays what remains on the invoice with a test card (the hosted invoice page). */
export function payRemaining(_ctx: ApiContext, _invoiceId: string, _testCard: string): void {
  throw apiError('Paying is not available in this build yet.');
}

/** Pays a payment request: a PaymentIntent for the requested amount, attached to the invoice; the request becomes paid. */
export function payRequest(_ctx: ApiContext, _request: PaymentRequest, _testCard: string): string {
  throw apiError('Paying is not available in this build yet.');
}

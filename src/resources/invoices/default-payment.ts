/**
 * The invoice's default payment (reference §6.3): created at finalization as an
 * InvoicePayment (`is_default: true`, `open`, `amount_requested` = amount due)
 * backed by a PaymentIntent; kept in step with `amount_remaining`; canceled
 * (with its PaymentIntent) when the invoice is voided or settled otherwise.
 */
import type { ApiContext } from '../../context.js';
import type { Invoice } from './types.js';

export type CancelReason = 'void_invoice' | 'automatic';

export function openDefaultPayment(_ctx: ApiContext, _invoice: Invoice): void {
  // wired to the PaymentIntent service once it exists
}

export function cancelDefaultPayment(_ctx: ApiContext, _invoiceId: string, _reason: CancelReason): void {}

export function syncDefaultPayment(_ctx: ApiContext, _invoice: Invoice): void {}

export interface AttemptOptions {
  paymentMethod?: string;
  param: string;
  offSession: boolean;
}

/** Confirms the default payment's PaymentIntent for what remains; settles the invoice on success. */
export function attemptDefaultPayment(_ctx: ApiContext, _invoice: Invoice, _opts: AttemptOptions): Invoice {
  throw new Error('payments are not wired yet');
}

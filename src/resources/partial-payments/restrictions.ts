/**
 * What an invoice with partial payments may no longer do (reference §6.6 is
 * SILENT; these are the emulator's rules, seed "Invoice payment statuses"):
 *   void                 refused while any non-default payment is open or paid;
 *   mark_uncollectible   refused while any non-default payment is open.
 * Edits that change amounts are refused on every finalized invoice anyway.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { invoicePaymentsOf, type InvoicePayment, type InvoicePaymentStatus } from '../invoice-payments/service.js';
import type { Invoice } from '../invoices/types.js';

/** The invoice's attached (non-default) payments in the given statuses. */
export function partialPayments(ctx: ApiContext, invoiceId: string, statuses: InvoicePaymentStatus[]): InvoicePayment[] {
  return invoicePaymentsOf(ctx, invoiceId).filter((p) => !p.is_default && statuses.includes(p.status));
}

function describe(payments: InvoicePayment[]): string {
  const ids = payments.slice(0, 3).map((p) => `${p.id} (${p.status})`).join(', ');
  return payments.length > 3 ? `${ids} and ${payments.length - 3} more` : ids;
}

export function assertCanVoid(ctx: ApiContext, invoice: Invoice): void {
  const blocking = partialPayments(ctx, invoice.id, ['open', 'paid']);
  if (blocking.length === 0) return;
  throw invalidRequest(
    `You can't void invoice ${invoice.id}: it has partial payments that are open or paid: ${describe(blocking)}. ` +
      'Cancel open payments; reduce what is owed with a credit note instead of voiding.',
    { param: 'invoice' },
  );
}

export function assertCanMarkUncollectible(ctx: ApiContext, invoice: Invoice): void {
  const blocking = partialPayments(ctx, invoice.id, ['open']);
  if (blocking.length === 0) return;
  throw invalidRequest(
    `You can't mark invoice ${invoice.id} uncollectible while it has open partial payments: ${describe(blocking)}. ` +
      'Wait for them to complete or cancel their PaymentIntents first.',
    { param: 'invoice' },
  );
}

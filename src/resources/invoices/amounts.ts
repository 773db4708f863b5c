/**
 * Invoice amounts — the one place that computes them.
 *
 *   subtotal = total            Σ line amounts (no discounts, no tax engine)
 *   base due                    draft: max(0, total + customer balance) (a preview);
 *                               finalized: total + starting_balance − ending_balance
 *                               (the customer balance applied at finalization)
 *   amount_due                  max(0, base due − pre_payment_credit_notes_amount)
 *   amount_paid                 Σ paid InvoicePayments' amount_paid + out-of-band amount
 *                               (basil+ semantics; older versions subtract out of band)
 *   amount_remaining            max(0, amount_due − amount_paid)
 *   amount_overpaid             max(0, amount_paid − amount_due)
 *   pre/post_payment_credit_notes_amount   Σ over the invoice's issued credit notes
 *
 * `withAmounts(ctx, invoice)` returns the invoice with all of these brought up
 * to date from its lines, payments, credit notes and facts; it writes nothing.
 */
import type { ApiContext } from '../../context.js';
import type { StoredObject } from '../../store/collection.js';
import { balanceIn } from '../customers/balance.js';
import { INVOICE_PAYMENTS, type InvoicePayment } from '../invoice-payments/service.js';
import { invoiceFacts } from './facts.js';
import { linesOf } from './lines.js';
import { EMBEDDED_LINES, type Invoice, type LineItem } from './types.js';

/** The credit note collection (maintained by the credit notes module). */
export const CREDIT_NOTES = 'credit_note';

export interface CreditNoteTotals {
  pre_payment: number;
  post_payment: number;
}

/** Σ pre/post payment amounts over the invoice's credit notes that are not void. */
export function creditNoteTotals(ctx: ApiContext, invoiceId: string): CreditNoteTotals {
  const notes = ctx.account.collection<StoredObject>(CREDIT_NOTES).page({
    limit: Number.MAX_SAFE_INTEGER,
    where: { field: 'invoice', value: invoiceId },
    filter: (n) => n.status !== 'void',
  }).data;
  let pre = 0;
  let post = 0;
  for (const n of notes) {
    pre += typeof n.pre_payment_amount === 'number' ? n.pre_payment_amount : 0;
    post += typeof n.post_payment_amount === 'number' ? n.post_payment_amount : 0;
  }
  return { pre_payment: pre, post_payment: post };
}

/** Σ amount_paid of the invoice's paid InvoicePayments. */
export function paymentsPaid(ctx: ApiContext, invoiceId: string): number {
  const paid = ctx.account.collection<InvoicePayment>(INVOICE_PAYMENTS).page({
    limit: Number.MAX_SAFE_INTEGER,
    where: { field: 'invoice', value: invoiceId },
    filter: (p) => p.status === 'paid',
  }).data;
  return paid.reduce((sum, p) => sum + (p.amount_paid ?? 0), 0);
}

/** What the invoice would take from (negative) or add to (positive) the customer balance at finalization. */
export function balanceApplication(total: number, startingBalance: number): { amount_due: number; ending_balance: number } {
  const due = Math.max(0, total + startingBalance);
  return { amount_due: due, ending_balance: startingBalance + total - due };
}

export function totalsOf(lines: LineItem[]): { subtotal: number; total: number } {
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  return { subtotal, total: subtotal };
}

/** The embedded `lines` list of the invoice object. */
export function embeddedLines(invoiceId: string, lines: LineItem[]): Invoice['lines'] {
  return { object: 'list', data: lines.slice(0, EMBEDDED_LINES), has_more: lines.length > EMBEDDED_LINES, url: `/v1/invoices/${invoiceId}/lines` };
}

/** The invoice with lines, totals and every amount recomputed (see the header). Pure: writes nothing. */
export function withAmounts(ctx: ApiContext, invoice: Invoice): Invoice {
  const lines = linesOf(ctx, invoice.id);
  const { subtotal, total } = invoice.status === 'draft' ? totalsOf(lines) : { subtotal: invoice.subtotal, total: invoice.total };
  const next: Invoice = { ...invoice, lines: embeddedLines(invoice.id, lines) };
  if (invoice.status === 'draft') {
    Object.assign(next, { subtotal, subtotal_excluding_tax: subtotal, total, total_excluding_tax: total });
  }
  let baseDue: number;
  if (invoice.status === 'draft') {
    next.starting_balance = balanceIn(ctx, invoice.customer, invoice.currency);
    next.ending_balance = null;
    baseDue = balanceApplication(total, next.starting_balance).amount_due;
  } else {
    baseDue = total + invoice.starting_balance - (invoice.ending_balance ?? invoice.starting_balance);
  }
  const notes = creditNoteTotals(ctx, invoice.id);
  const facts = invoiceFacts(ctx, invoice.id);
  const amountDue = Math.max(0, baseDue - notes.pre_payment);
  const amountPaid = paymentsPaid(ctx, invoice.id) + facts.out_of_band_amount;
  next.pre_payment_credit_notes_amount = notes.pre_payment;
  next.post_payment_credit_notes_amount = notes.post_payment;
  next.amount_due = amountDue;
  next.amount_paid = amountPaid;
  next.amount_remaining = Math.max(0, amountDue - amountPaid);
  next.amount_overpaid = Math.max(0, amountPaid - amountDue);
  return next;
}

/**
 * Finding what a customer-facing link points at, in whichever account holds
 * it: the hosted invoice page (`/invoices/<token-or-id>`, matching the
 * invoice's `hosted_invoice_url`) and payment requests (`/pay/<token>`).
 */
import type { Emulator } from '../../emulator.js';
import { findIn, type CreditNoteView, type InvoiceView } from '../read.js';

export const HOSTED_INVOICE_PATH = '/invoices';

/** The link of an invoice's hosted page: its `hosted_invoice_url`, else one by id (finalized invoices only). */
export function hostedInvoiceLink(inv: InvoiceView): string | null {
  if (inv.hosted_invoice_url) return inv.hosted_invoice_url;
  return inv.status === 'draft' || inv.deleted ? null : `${HOSTED_INVOICE_PATH}/${inv.id}`;
}

export function findHostedInvoice(emulator: Emulator, segment: string): { accountKey: string; invoice: InvoiceView } | undefined {
  if (!/^[A-Za-z0-9_-]{3,200}$/.test(segment)) return undefined;
  const url = `${emulator.services.publicUrl()}${HOSTED_INVOICE_PATH}/${segment}`;
  for (const accountKey of emulator.store.accountKeys()) {
    const acct = emulator.store.account(accountKey);
    if (!acct.has('invoice')) continue;
    const coll = acct.collection<InvoiceView>('invoice'); // exists (checked above)
    let inv = segment.startsWith('in_') ? coll.get(segment) : undefined;
    // by id only when the invoice's own link is id-based (or it has none): a token link stays the only way in
    if (inv && inv.hosted_invoice_url && inv.hosted_invoice_url !== url) inv = undefined;
    inv ??= coll.page({ limit: 1, where: { field: 'hosted_invoice_url', value: url } }).data[0];
    if (inv && !inv.deleted && inv.status !== 'draft') return { accountKey, invoice: inv };
  }
  return undefined;
}

/** A credit note by id (its `pdf` link), in whichever account holds it. */
export function findCreditNote(emulator: Emulator, id: string): { accountKey: string; creditNote: CreditNoteView } | undefined {
  if (!/^cn_[A-Za-z0-9]{6,64}$/.test(id)) return undefined;
  for (const accountKey of emulator.store.accountKeys()) {
    const acct = emulator.store.account(accountKey);
    if (!acct.has('credit_note')) continue;
    const creditNote = findIn<CreditNoteView>(acct, 'credit_note', id);
    if (creditNote) return { accountKey, creditNote };
  }
  return undefined;
}

/**
 * Keeps draft invoices in step with their invoice items: an item created on,
 * changed on or deleted from a draft invoice updates the invoice's lines and
 * totals (`invoice.updated`). Installed into the invoice-items module's hooks.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { invoiceItemHooks, type InvoiceItem } from '../invoice-items/service.js';
import { addLine, removeLine } from './lines.js';
import { getInvoice, saveInvoice } from './service.js';

export function notEditable(inv: { id: string; status: string }): Error {
  return invalidRequest(
    `Invoice ${inv.id} is ${inv.status}; its lines can only change while it is a draft.`,
    { code: 'invoice_not_editable', param: 'invoice' },
  );
}

/** Throws unless the item (customer, currency) can go on the draft invoice. */
export function checkAttachable(ctx: ApiContext, invoiceId: string, customer: string, currency: string, param: string): void {
  const inv = getInvoice(ctx, invoiceId, param);
  if (inv.status !== 'draft') throw notEditable(inv);
  if (inv.customer !== customer) {
    throw invalidRequest(`The invoice item's customer (${customer}) does not match the invoice's customer (${inv.customer}).`, { param });
  }
  if (inv.currency !== currency) {
    throw invalidRequest(`The invoice item's currency (${currency}) does not match the invoice's currency (${inv.currency}).`, { param });
  }
}

export function itemChanged(ctx: ApiContext, invoiceId: string, item: InvoiceItem, change: 'created' | 'updated' | 'deleted'): void {
  const inv = getInvoice(ctx, invoiceId);
  if (change === 'created') addLine(ctx, invoiceId, item);
  if (change === 'deleted') removeLine(ctx, invoiceId, item.id);
  saveInvoice(ctx, inv, inv, { event: true });
}

invoiceItemHooks.checkAttachable = checkAttachable;
invoiceItemHooks.isEditable = (ctx, invoiceId) => {
  const inv = ctx.account.collection<{ id: string; status?: string; deleted?: boolean }>('invoice').get(invoiceId);
  return !inv || inv.deleted === true || inv.status === 'draft';
};
invoiceItemHooks.changed = itemChanged;

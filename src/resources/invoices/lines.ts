/**
 * Invoice line items. Every line is the projection of one invoice item onto
 * its invoice (`parent.invoice_item_details.invoice_item`); `_invoice_lines`
 * keeps each invoice's lines in display order: pending items pulled in at
 * creation newest first, items added later in the order they were added.
 */
import type { ApiContext } from '../../context.js';
import { resourceMissing } from '../../errors.js';
import { INVOICE_ITEMS, type InvoiceItem } from '../invoice-items/service.js';
import { INVOICE_LINES, LINE_ITEMS, type InvoiceLines, type LineItem } from './types.js';

export function lineFromItem(item: InvoiceItem, lineId: string, invoiceId: string | null): LineItem {
  return {
    id: lineId,
    object: 'line_item',
    amount: item.amount,
    currency: item.currency,
    description: item.description,
    discount_amounts: [],
    discountable: item.discountable,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: { ...(item.metadata ?? {}) },
    parent: {
      invoice_item_details: { invoice_item: item.id, proration: false, proration_details: { credited_items: null }, subscription: null },
      subscription_item_details: null,
      type: 'invoice_item_details',
    },
    period: { end: item.period.end, start: item.period.start },
    pretax_credit_amounts: [],
    pricing: item.pricing,
    quantity: item.quantity,
    quantity_decimal: item.quantity_decimal,
    subscription: null,
    subtotal: item.amount,
    taxes: [],
  };
}

function order(ctx: ApiContext, invoiceId: string): InvoiceLines {
  return ctx.account.collection<InvoiceLines>(INVOICE_LINES).get(invoiceId) ?? { id: invoiceId, lines: [] };
}

/** Puts an item on the invoice as a new line (at the end, or at the start for pending items pulled in at creation). */
export function addLine(ctx: ApiContext, invoiceId: string, item: InvoiceItem, at: 'end' | 'start' = 'end'): string {
  const current = order(ctx, invoiceId);
  const existing = current.lines.find((l) => l.item === item.id);
  if (existing) return existing.line;
  const entry = { line: ctx.id('il'), item: item.id };
  const lines = at === 'start' ? [entry, ...current.lines] : [...current.lines, entry];
  ctx.account.collection<InvoiceLines>(INVOICE_LINES).put({ id: invoiceId, lines });
  ctx.account.collection<LineItem>(LINE_ITEMS).put(lineFromItem(item, entry.line, invoiceId));
  return entry.line;
}

/** Takes the item's line off the invoice. */
export function removeLine(ctx: ApiContext, invoiceId: string, itemId: string): void {
  const current = order(ctx, invoiceId);
  const entry = current.lines.find((l) => l.item === itemId);
  if (!entry) return;
  ctx.account.collection<InvoiceLines>(INVOICE_LINES).put({ id: invoiceId, lines: current.lines.filter((l) => l !== entry) });
  ctx.account.collection(LINE_ITEMS).remove(entry.line);
}

/** Rewrites every line of the invoice from its invoice item (after item changes); returns them in order. */
export function syncLines(ctx: ApiContext, invoiceId: string): LineItem[] {
  const items = ctx.account.collection<InvoiceItem>(INVOICE_ITEMS);
  const lines = ctx.account.collection<LineItem>(LINE_ITEMS);
  const out: LineItem[] = [];
  for (const { line, item } of order(ctx, invoiceId).lines) {
    const source = items.get(item);
    if (!source || source.deleted) continue;
    const next = lineFromItem(source, line, invoiceId);
    const current = lines.get(line);
    out.push(current && JSON.stringify(current) === JSON.stringify(next) ? current : lines.put(next));
  }
  return out;
}

/** The invoice's lines in display order. */
export function linesOf(ctx: ApiContext, invoiceId: string): LineItem[] {
  const lines = ctx.account.collection<LineItem>(LINE_ITEMS);
  const out: LineItem[] = [];
  for (const { line } of order(ctx, invoiceId).lines) {
    const l = lines.get(line);
    if (l) out.push(l);
  }
  return out;
}

/** Entries `{line, item}` of the invoice, in display order. */
export function lineEntries(ctx: ApiContext, invoiceId: string): Array<{ line: string; item: string }> {
  return order(ctx, invoiceId).lines;
}

/** The invoice item behind a line of the invoice, or 404 naming `param`. */
export function itemOfLine(ctx: ApiContext, invoiceId: string, lineId: string, param: string): string {
  const entry = order(ctx, invoiceId).lines.find((l) => l.line === lineId);
  if (!entry) throw resourceMissing('invoice line item', lineId, param);
  return entry.item;
}

/** Drops all line bookkeeping of an invoice (deleted drafts). */
export function forgetLines(ctx: ApiContext, invoiceId: string): void {
  for (const { line } of order(ctx, invoiceId).lines) ctx.account.collection(LINE_ITEMS).remove(line);
  ctx.account.collection(INVOICE_LINES).remove(invoiceId);
}

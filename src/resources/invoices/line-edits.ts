/**
 * Editing a draft invoice's lines: add_lines, update_lines, remove_lines and
 * POST /v1/invoices/{invoice}/lines/{line_item_id}. Every line is backed by an
 * invoice item, so adding a line creates (or attaches) an item, updating one
 * updates its item, and removing one deletes or unassigns its item.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import {
  createInvoiceItem, deleteInvoiceItem, getInvoiceItem, setItemInvoice, updateInvoiceItem, type InvoiceItemInput,
} from '../invoice-items/service.js';
import { createProduct } from '../products/service.js';
import { checkAttachable, notEditable } from './item-sync.js';
import { addLine, itemOfLine, removeLine } from './lines.js';
import { currentInvoice, saveInvoice } from './service.js';
import { LINE_ITEMS, type Invoice, type LineItem } from './types.js';

export interface LineInput extends Omit<InvoiceItemInput, 'customer' | 'invoice' | 'price_data'> {
  invoice_item?: string;
  price_data?: {
    currency: string; product?: string; product_data?: { name: string; description?: string; metadata?: Metadata | null };
    tax_behavior?: string; unit_amount?: number; unit_amount_decimal?: string;
  };
}

function draft(ctx: ApiContext, id: string): Invoice {
  const inv = currentInvoice(ctx, id, 'invoice');
  if (inv.status !== 'draft') throw notEditable(inv);
  return inv;
}

function priceData(ctx: ApiContext, line: LineInput, prefix: string): InvoiceItemInput['price_data'] {
  const d = line.price_data;
  if (!d) return undefined;
  if (d.product !== undefined && d.product_data !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: product, product_data.', { param: `${prefix}[price_data][product]` });
  }
  const product = d.product ?? (d.product_data ? createProduct(ctx, { ...d.product_data, name: d.product_data.name }).id : undefined);
  return { currency: d.currency, product, tax_behavior: d.tax_behavior, unit_amount: d.unit_amount, unit_amount_decimal: d.unit_amount_decimal };
}

function finish(ctx: ApiContext, before: Invoice, invoiceMetadata: Metadata | null | undefined): Invoice {
  const current = currentInvoice(ctx, before.id);
  const next = invoiceMetadata !== undefined ? { ...current, metadata: mergeMetadata(current.metadata, invoiceMetadata) } : current;
  return saveInvoice(ctx, before, next, { event: true });
}

export function addLines(ctx: ApiContext, id: string, lines: LineInput[], invoiceMetadata?: Metadata | null): Invoice {
  const before = draft(ctx, id);
  lines.forEach((line, i) => {
    const prefix = `lines[${i}]`;
    const { invoice_item, ...rest } = line;
    if (invoice_item !== undefined) {
      const item = getInvoiceItem(ctx, invoice_item, `${prefix}[invoice_item]`);
      if (item.invoice !== null && item.invoice !== id) {
        throw invalidRequest(`The invoice item ${item.id} is already on invoice ${item.invoice}.`, { param: `${prefix}[invoice_item]` });
      }
      checkAttachable(ctx, id, item.customer, item.currency, `${prefix}[invoice_item]`);
      let attached = setItemInvoice(ctx, item, id);
      const changes = { ...rest, price_data: priceData(ctx, line, prefix) };
      if (Object.values(changes).some((v) => v !== undefined)) attached = updateInvoiceItem(ctx, item.id, changes, { prefix, skipHook: true });
      addLine(ctx, id, attached);
      return;
    }
    const item = createInvoiceItem(
      ctx,
      { ...rest, price_data: priceData(ctx, line, prefix), customer: before.customer, invoice: id, currency: line.price_data ? undefined : before.currency },
      { prefix, skipHook: true },
    );
    addLine(ctx, id, item);
  });
  return finish(ctx, before, invoiceMetadata);
}

export function updateLines(ctx: ApiContext, id: string, lines: Array<LineInput & { id: string }>, invoiceMetadata?: Metadata | null): Invoice {
  const before = draft(ctx, id);
  lines.forEach((line, i) => {
    const prefix = `lines[${i}]`;
    const { id: lineId, invoice_item: _ignored, ...rest } = line;
    const itemId = itemOfLine(ctx, id, lineId, `${prefix}[id]`);
    updateInvoiceItem(ctx, itemId, { ...rest, price_data: priceData(ctx, line, prefix) }, { prefix, skipHook: true });
  });
  return finish(ctx, before, invoiceMetadata);
}

export function removeLines(
  ctx: ApiContext, id: string, lines: Array<{ id: string; behavior: 'delete' | 'unassign' }>, invoiceMetadata?: Metadata | null,
): Invoice {
  const before = draft(ctx, id);
  lines.forEach((line, i) => {
    const itemId = itemOfLine(ctx, id, line.id, `lines[${i}][id]`);
    if (line.behavior === 'delete') deleteInvoiceItem(ctx, itemId, { skipHook: true });
    else setItemInvoice(ctx, getInvoiceItem(ctx, itemId), null);
    removeLine(ctx, id, itemId);
  });
  return finish(ctx, before, invoiceMetadata);
}

/** POST /v1/invoices/{invoice}/lines/{line_item_id}: updates one line, returns the line. */
export function updateLine(ctx: ApiContext, id: string, lineId: string, line: LineInput): LineItem {
  updateLines(ctx, id, [{ ...line, id: lineId }]);
  return ctx.account.collection<LineItem>(LINE_ITEMS).get(lineId)!;
}

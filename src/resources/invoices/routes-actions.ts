/** Routes for invoice actions: finalize, send, pay, void, mark_uncollectible, and line edits on drafts. */
import { invalidRequest } from '../../errors.js';
import { anything, arr, bool, currency, decimal, emptyable, int, metadata, obj, oneOf, required, str } from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { refuseLegacyPricing, refuseUnsupported } from '../invoice-items/routes.js';
import { finalizeInvoice, markUncollectible, sendInvoice, voidInvoice } from './lifecycle.js';
import { addLines, removeLines, updateLine, updateLines } from './line-edits.js';
import { payInvoice } from './pay.js';

const taxBehavior = oneOf(['exclusive', 'inclusive', 'unspecified'] as const);

const lineFields = {
  amount: int(),
  description: str({ max: 500 }),
  discountable: bool(),
  discounts: emptyable(arr(anything())),
  metadata: metadata(),
  period: obj({ end: required(int({ min: 0 })), start: required(int({ min: 0 })) }),
  price_data: obj({
    currency: required(currency()),
    product: str(),
    product_data: obj({ name: required(str({ max: 250 })), description: str(), images: anything(), metadata: metadata(), tax_code: str(), unit_label: str() }),
    tax_behavior: taxBehavior,
    unit_amount: int({ min: 0 }),
    unit_amount_decimal: decimal(),
  }),
  pricing: obj({ price: str() }),
  quantity: int({ min: 0 }),
  quantity_decimal: decimal(),
  tax_amounts: emptyable(arr(anything())),
  tax_rates: emptyable(arr(str())),
  // pre-basil
  price: str(),
};

const invoiceMetadata = metadata();

function checkLine(ctx: Parameters<typeof refuseLegacyPricing>[0], line: { discounts?: unknown[] | null; tax_rates?: string[] | null; tax_amounts?: unknown[] | null; price?: string }, prefix: string): void {
  refuseUnsupported(line, prefix);
  refuseLegacyPricing(ctx, line, prefix);
  if (line.tax_amounts && line.tax_amounts.length > 0) {
    throw invalidRequest('Tax amounts are not supported by the emulator (it has no tax engine).', { param: prefix ? `${prefix}[tax_amounts]` : 'tax_amounts' });
  }
}

export function invoiceActionRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/invoices/{invoice}/finalize', summary: 'Finalize a draft invoice', returns: 'invoice',
    params: { auto_advance: bool() },
    handler: (ctx, p, { invoice }) => finalizeInvoice(ctx, invoice, p),
  });
  r.add({
    method: 'POST', path: '/v1/invoices/{invoice}/send', summary: 'Send an invoice (finalizes a draft first)', returns: 'invoice',
    handler: (ctx, _p, { invoice }) => sendInvoice(ctx, invoice),
  });
  r.add({
    method: 'POST', path: '/v1/invoices/{invoice}/pay', summary: 'Pay an invoice (finalizes a draft first)', returns: 'invoice',
    params: { forgive: bool(), mandate: emptyable(str()), off_session: bool(), paid_out_of_band: bool(), payment_method: str(), source: str() },
    handler: (ctx, p, { invoice }) => payInvoice(ctx, invoice, p),
  });
  r.add({
    method: 'POST', path: '/v1/invoices/{invoice}/void', summary: 'Void an open or uncollectible invoice', returns: 'invoice',
    handler: (ctx, _p, { invoice }) => voidInvoice(ctx, invoice),
  });
  r.add({
    method: 'POST', path: '/v1/invoices/{invoice}/mark_uncollectible', summary: 'Mark an open invoice uncollectible', returns: 'invoice',
    handler: (ctx, _p, { invoice }) => markUncollectible(ctx, invoice),
  });
  r.add({
    method: 'POST', path: '/v1/invoices/{invoice}/add_lines', summary: 'Add lines to a draft invoice', returns: 'invoice',
    params: { lines: required(arr(obj({ ...lineFields, invoice_item: str() }))), invoice_metadata: invoiceMetadata },
    handler: (ctx, p, { invoice }) => {
      p.lines.forEach((line, i) => checkLine(ctx, line, `lines[${i}]`));
      return addLines(ctx, invoice, p.lines, p.invoice_metadata);
    },
  });
  r.add({
    method: 'POST', path: '/v1/invoices/{invoice}/update_lines', summary: "Update a draft invoice's lines", returns: 'invoice',
    params: { lines: required(arr(obj({ ...lineFields, id: required(str()) }))), invoice_metadata: invoiceMetadata },
    handler: (ctx, p, { invoice }) => {
      p.lines.forEach((line, i) => checkLine(ctx, line, `lines[${i}]`));
      return updateLines(ctx, invoice, p.lines, p.invoice_metadata);
    },
  });
  r.add({
    method: 'POST', path: '/v1/invoices/{invoice}/remove_lines', summary: 'Remove lines from a draft invoice', returns: 'invoice',
    params: {
      lines: required(arr(obj({ id: required(str()), behavior: required(oneOf(['delete', 'unassign'] as const)) }))),
      invoice_metadata: invoiceMetadata,
    },
    handler: (ctx, p, { invoice }) => removeLines(ctx, invoice, p.lines, p.invoice_metadata),
  });
  r.add({
    method: 'POST', path: '/v1/invoices/{invoice}/lines/{line_item_id}', summary: "Update one of a draft invoice's lines", returns: 'line_item',
    params: lineFields,
    handler: (ctx, p, { invoice, line_item_id }) => {
      checkLine(ctx, p, '');
      return updateLine(ctx, invoice, line_item_id, p);
    },
  });
}

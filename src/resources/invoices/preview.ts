/**
 * POST /v1/invoices/create_preview: the invoice a customer's pending invoice
 * items would make now (plus `invoice_items` given in the request), never
 * stored. Its id starts with `upcoming_in_`, its lines with `il_tmp_`.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { balanceIn } from '../customers/balance.js';
import { getCustomer } from '../customers/service.js';
import { resolvePricing, type PricingInput } from '../invoice-items/pricing.js';
import { getInvoiceItem, pendingItems, type InvoiceItem } from '../invoice-items/service.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import { balanceApplication, totalsOf } from './amounts.js';
import { lineFromItem } from './lines.js';
import { blankInvoice, customerSnapshot } from './blank.js';
import type { Invoice, LineItem } from './types.js';

export interface PreviewItem extends PricingInput {
  description?: string;
  discountable?: boolean;
  invoiceitem?: string;
  metadata?: Metadata | null;
  period?: { start: number; end: number };
}

export function createPreview(ctx: ApiContext, input: { customer?: string; currency?: string; invoice_items?: PreviewItem[] }): Invoice {
  if (input.customer === undefined) {
    throw invalidRequest('Missing required param: customer. The emulator previews invoices of existing customers only.', { code: 'parameter_missing', param: 'customer' });
  }
  const customer = getCustomer(ctx, input.customer, 'customer');
  const currency = (input.currency ?? customer.currency ?? 'usd').toLowerCase();
  const now = ctx.now();
  const id = `upcoming_${ctx.id('in')}`;
  const tmpLine = () => ctx.id('il_tmp');

  const overrides = new Map<string, PreviewItem>();
  const extra: PreviewItem[] = [];
  for (const [i, item] of (input.invoice_items ?? []).entries()) {
    if (item.invoiceitem !== undefined) {
      const existing = getInvoiceItem(ctx, item.invoiceitem, `invoice_items[${i}][invoiceitem]`);
      if (existing.customer !== customer.id || existing.invoice !== null) {
        throw invalidRequest(`The invoice item ${existing.id} is not a pending item of customer ${customer.id}.`, { param: `invoice_items[${i}][invoiceitem]` });
      }
      overrides.set(existing.id, item);
    } else {
      extra.push(item);
    }
  }

  const asItem = (base: InvoiceItem | undefined, change: PreviewItem, i: number): InvoiceItem => {
    const priced = base && !['amount', 'price', 'pricing', 'price_data', 'unit_amount_decimal', 'unit_amount', 'quantity'].some((k) => change[k as keyof PreviewItem] !== undefined)
      ? base
      : resolvePricing(ctx, { ...change, currency: change.currency ?? base?.currency ?? currency }, { prefix: `invoice_items[${i}]`, currencyFallback: currency });
    return {
      ...(base ?? ({ id: ctx.id('ii_tmp'), period: { start: now, end: now }, discountable: priced.amount >= 0, metadata: {}, description: null } as unknown as InvoiceItem)),
      amount: priced.amount,
      currency: priced.currency,
      quantity: priced.quantity,
      quantity_decimal: String(priced.quantity),
      pricing: priced.pricing,
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.discountable !== undefined ? { discountable: change.discountable } : {}),
      ...(change.metadata !== undefined ? { metadata: mergeMetadata(base?.metadata ?? {}, change.metadata) } : {}),
      ...(change.period !== undefined ? { period: { end: change.period.end, start: change.period.start } } : {}),
    };
  };

  const lines: LineItem[] = [];
  for (const item of pendingItems(ctx, customer.id, currency).reverse()) {
    const change = overrides.get(item.id);
    lines.push(lineFromItem(change ? asItem(item, change, 0) : item, tmpLine(), null));
  }
  extra.forEach((item, i) => {
    const built = asItem(undefined, item, i);
    if (built.currency !== currency) {
      throw invalidRequest(`The invoice item currency (${built.currency}) does not match the preview's currency (${currency}).`, { param: `invoice_items[${i}][currency]` });
    }
    lines.push(lineFromItem(built, tmpLine(), null));
  });
  if (lines.length === 0) {
    throw invalidRequest(`Nothing to invoice for customer ${customer.id}: there are no pending invoice items in ${currency}.`, { code: 'invoice_upcoming_none', param: 'customer' });
  }

  const { subtotal, total } = totalsOf(lines);
  const starting = balanceIn(ctx, customer.id, currency);
  const { amount_due } = balanceApplication(total, starting);
  return {
    ...blankInvoice(id, customer, 'charge_automatically', currency, now),
    ...customerSnapshot(customer),
    billing_reason: 'upcoming',
    lines: { object: 'list', data: lines, has_more: false, url: '/v1/invoices/create_preview/lines' },
    subtotal,
    subtotal_excluding_tax: subtotal,
    total,
    total_excluding_tax: total,
    starting_balance: starting,
    amount_due,
    amount_remaining: amount_due,
    webhooks_delivered_at: null,
  };
}

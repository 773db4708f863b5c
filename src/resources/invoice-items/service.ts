/**
 * Invoice items: charges waiting for an invoice (`invoice: null`, "pending")
 * or attached to one. Items on a draft invoice can change; once the invoice
 * is finalized they are frozen. The invoices module installs
 * `invoiceItemHooks` to keep an invoice's lines in step with its items.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest, resourceMissing } from '../../errors.js';
import { emit, emitUpdated } from '../../events/emit.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import type { StoredObject } from '../../store/collection.js';
import { getCustomer } from '../customers/service.js';
import { repricePricing, resolvePricing, type Pricing, type PricingInput } from './pricing.js';

export const INVOICE_ITEMS = 'invoiceitem';

export interface InvoiceItem extends StoredObject {
  object: 'invoiceitem';
  amount: number;
  currency: string;
  customer: string;
  date: number;
  description: string | null;
  discountable: boolean;
  invoice: string | null;
  metadata: Metadata | null;
  period: { end: number; start: number };
  pricing: Pricing;
  quantity: number;
  quantity_decimal: string;
  deleted?: true;
}

export interface InvoiceItemInput extends PricingInput {
  customer?: string;
  description?: string | null;
  discountable?: boolean;
  invoice?: string;
  metadata?: Metadata | null;
  period?: { start: number; end: number };
}

/** What the invoices module provides: checks on the target invoice, and line syncing. */
export const invoiceItemHooks: {
  /** Throws unless `invoiceId` is a draft invoice that can take an item of this customer and currency. */
  checkAttachable?: (ctx: ApiContext, invoiceId: string, customer: string, currency: string, param: string) => void;
  /** Whether the item's invoice (if any) is still a draft. */
  isEditable?: (ctx: ApiContext, invoiceId: string) => boolean;
  /** Called after an item attached to `invoiceId` was created, changed or deleted. */
  changed?: (ctx: ApiContext, invoiceId: string, item: InvoiceItem, change: 'created' | 'updated' | 'deleted') => void;
} = {};

export function getInvoiceItem(ctx: ApiContext, id: string, param = 'invoiceitem'): InvoiceItem {
  const item = ctx.account.collection<InvoiceItem>(INVOICE_ITEMS).get(id);
  if (!item || item.deleted) throw resourceMissing('invoiceitem', id, param);
  return item;
}

export function findInvoiceItem(ctx: ApiContext, id: string): InvoiceItem | undefined {
  return ctx.account.collection<InvoiceItem>(INVOICE_ITEMS).get(id);
}

function notEditable(): Error {
  return invalidRequest(
    'This invoice item is attached to an invoice that is no longer editable. Invoice items can only be changed while their invoice is a draft.',
    { code: 'invoice_not_editable' },
  );
}

/** Creates an item. `opts.silentInvoice` skips the invoice hook (callers that resync the invoice themselves). */
export function createInvoiceItem(ctx: ApiContext, input: InvoiceItemInput, opts: { prefix?: string; skipHook?: boolean } = {}): InvoiceItem {
  const param = (k: string) => (opts.prefix ? `${opts.prefix}[${k}]` : k);
  if (input.customer === undefined) throw invalidRequest('Missing required param: customer.', { code: 'parameter_missing', param: param('customer') });
  const customer = getCustomer(ctx, input.customer, param('customer'));
  const priced = resolvePricing(ctx, input, { prefix: opts.prefix, currencyFallback: customer.currency });
  if (input.invoice !== undefined) invoiceItemHooks.checkAttachable?.(ctx, input.invoice, customer.id, priced.currency, param('invoice'));
  const now = ctx.now();
  const item: InvoiceItem = {
    id: ctx.id('ii'),
    object: 'invoiceitem',
    amount: priced.amount,
    currency: priced.currency,
    customer: customer.id,
    customer_account: null,
    date: now,
    description: input.description ?? null,
    discountable: input.discountable ?? priced.amount >= 0,
    discounts: [],
    invoice: input.invoice ?? null,
    livemode: false,
    metadata: mergeMetadata({}, input.metadata),
    net_amount: priced.amount,
    parent: null,
    period: input.period ? { end: input.period.end, start: input.period.start } : { end: now, start: now },
    pricing: priced.pricing,
    proration: false,
    quantity: priced.quantity,
    quantity_decimal: String(priced.quantity),
    tax_rates: [],
    test_clock: (customer.test_clock as string | null | undefined) ?? null,
  };
  if (item.period.end < item.period.start) throw invalidRequest('The period end must be after the period start.', { param: param('period][end') });
  const stored = ctx.account.collection<InvoiceItem>(INVOICE_ITEMS).put(item);
  emit(ctx, 'invoiceitem.created', stored);
  if (stored.invoice && !opts.skipHook) invoiceItemHooks.changed?.(ctx, stored.invoice, stored, 'created');
  return stored;
}

export function updateInvoiceItem(
  ctx: ApiContext, id: string, input: Omit<InvoiceItemInput, 'customer' | 'invoice'>, opts: { prefix?: string; skipHook?: boolean } = {},
): InvoiceItem {
  const before = getInvoiceItem(ctx, id, 'invoiceitem');
  if (before.invoice && invoiceItemHooks.isEditable && !invoiceItemHooks.isEditable(ctx, before.invoice)) throw notEditable();
  const priced = repricePricing(ctx, before, input, { prefix: opts.prefix });
  const next: InvoiceItem = {
    ...before,
    amount: priced.amount,
    net_amount: priced.amount,
    currency: priced.currency,
    quantity: priced.quantity,
    quantity_decimal: String(priced.quantity),
    pricing: priced.pricing,
  };
  if (input.description !== undefined) next.description = input.description;
  if (input.discountable !== undefined) next.discountable = input.discountable;
  if (input.metadata !== undefined) next.metadata = mergeMetadata(before.metadata, input.metadata);
  if (input.period !== undefined) next.period = { end: input.period.end, start: input.period.start };
  const after = ctx.account.collection<InvoiceItem>(INVOICE_ITEMS).put(next);
  emitUpdated(ctx, 'invoiceitem.updated', before, after);
  if (after.invoice && !opts.skipHook) invoiceItemHooks.changed?.(ctx, after.invoice, after, 'updated');
  return after;
}

/** Moves an item onto an invoice or back to pending (`null`), with `invoiceitem.updated`. */
export function setItemInvoice(ctx: ApiContext, item: InvoiceItem, invoice: string | null): InvoiceItem {
  if (item.invoice === invoice) return item;
  const after = ctx.account.collection<InvoiceItem>(INVOICE_ITEMS).put({ ...item, invoice });
  emitUpdated(ctx, 'invoiceitem.updated', item, after);
  return after;
}

export function deleteInvoiceItem(ctx: ApiContext, id: string, opts: { skipHook?: boolean } = {}): StoredObject {
  const before = getInvoiceItem(ctx, id, 'invoiceitem');
  if (before.invoice && invoiceItemHooks.isEditable && !invoiceItemHooks.isEditable(ctx, before.invoice)) throw notEditable();
  const stub = { id, object: 'invoiceitem', deleted: true } as InvoiceItem;
  ctx.account.collection<InvoiceItem>(INVOICE_ITEMS).put(stub);
  emit(ctx, 'invoiceitem.deleted', before);
  if (before.invoice && !opts.skipHook) invoiceItemHooks.changed?.(ctx, before.invoice, before, 'deleted');
  return stub;
}

/** The customer's pending items in `currency`, oldest first. */
export function pendingItems(ctx: ApiContext, customer: string, currency?: string): InvoiceItem[] {
  const out: InvoiceItem[] = [];
  const page = ctx.account.collection<InvoiceItem>(INVOICE_ITEMS).page({
    limit: Number.MAX_SAFE_INTEGER,
    where: { field: 'customer', value: customer },
    filter: (i) => i.invoice === null && (currency === undefined || i.currency === currency),
  });
  for (const item of page.data) out.unshift(item);
  return out;
}

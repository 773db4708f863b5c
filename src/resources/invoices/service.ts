/**
 * Invoices: create, retrieve, update, delete (drafts). Every write goes
 * through `saveInvoice`, which recomputes lines and amounts (amounts.ts)
 * before storing; lifecycle transitions live in lifecycle.ts and pay.ts.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest, resourceMissing } from '../../errors.js';
import { emit, emitUpdated } from '../../events/emit.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import type { StoredObject } from '../../store/collection.js';
import { getCustomer, type Customer } from '../customers/service.js';
import { INVOICE_ITEMS, pendingItems, setItemInvoice, type InvoiceItem } from '../invoice-items/service.js';
import { withAmounts } from './amounts.js';
import { blankInvoice, customerSnapshot, paymentSettings, rendering } from './blank.js';
import { checkDefaultPaymentMethod, checkDueParams, refuseUnsupported } from './checks.js';
import { invoiceFacts, setFacts } from './facts.js';
import { addLine, forgetLines, lineEntries, syncLines } from './lines.js';
import { INVOICES, INVOICE_SCHEDULE, type CollectionMethod, type Invoice, type InvoiceSchedule } from './types.js';

/** Stripe finalizes auto-advancing drafts about an hour after creation. */
export const AUTO_FINALIZE_DELAY = 3600;
const DAY = 86400;

export function getInvoice(ctx: ApiContext, id: string, param = 'invoice'): Invoice {
  const inv = ctx.account.collection<Invoice>(INVOICES).get(id);
  if (!inv || inv.deleted) throw resourceMissing('invoice', id, param);
  return inv;
}

export function findInvoice(ctx: ApiContext, id: string): Invoice | undefined {
  return ctx.account.collection<Invoice>(INVOICES).get(id);
}

/**
 * Recomputes and stores the invoice. With `event`, emits `invoice.updated`
 * (with previous_attributes) when something visible changed.
 */
export function saveInvoice(ctx: ApiContext, before: Invoice | undefined, next: Invoice, opts: { event?: boolean } = {}): Invoice {
  if (next.status === 'draft') syncLines(ctx, next.id);
  let computed = withAmounts(ctx, next);
  if (computed.status === 'draft') {
    const customer = ctx.account.collection<Customer>('customer').get(computed.customer);
    if (customer && !customer.deleted) computed = { ...computed, ...customerSnapshot(customer) };
  }
  const invoices = ctx.account.collection<Invoice>(INVOICES);
  if (before && JSON.stringify(before) === JSON.stringify(computed)) return before;
  const stored = invoices.put(computed);
  schedule(ctx, stored);
  if (opts.event && before) emitUpdated(ctx, 'invoice.updated', before, stored);
  return stored;
}

/** When the clock next has to act on the invoice by itself: finalize an auto-advancing draft, or attempt its payment. */
export function automaticActionAt(inv: Invoice): number | null {
  if (!inv.auto_advance) return null;
  if (inv.status === 'draft') return inv.automatically_finalizes_at;
  if (inv.status === 'open' && inv.collection_method === 'charge_automatically') return inv.next_payment_attempt;
  return null;
}

function schedule(ctx: ApiContext, inv: Invoice): void {
  const at = automaticActionAt(inv);
  const due = ctx.account.collection<InvoiceSchedule>(INVOICE_SCHEDULE);
  const current = due.get(inv.id);
  if (at === null) {
    if (current) due.remove(inv.id);
  } else if (current?.at !== at) {
    due.put({ id: inv.id, at });
  }
}

/** The invoice as it reads now: drafts follow the customer's balance and details (stored silently when they moved). */
export function currentInvoice(ctx: ApiContext, id: string, param = 'invoice'): Invoice {
  const inv = getInvoice(ctx, id, param);
  if (inv.status !== 'draft') return inv;
  return saveInvoice(ctx, inv, inv);
}

export interface InvoiceFields {
  auto_advance?: boolean;
  automatically_finalizes_at?: number;
  collection_method?: CollectionMethod;
  custom_fields?: Array<{ name: string; value: string }> | null;
  days_until_due?: number;
  default_payment_method?: string | null;
  default_source?: string | null;
  description?: string | null;
  due_date?: number;
  effective_at?: number | null;
  footer?: string | null;
  metadata?: Metadata | null;
  number?: string | null;
  payment_settings?: Record<string, unknown>;
  rendering?: Record<string, unknown>;
  shipping_details?: Record<string, unknown> | null;
  statement_descriptor?: string | null;
}

export interface CreateInvoiceInput extends InvoiceFields {
  customer: string;
  currency?: string;
  pending_invoice_items_behavior?: 'include' | 'exclude';
}

/** Applies the writable fields to an invoice (validation of what may change is the caller's). */
function applyFields(ctx: ApiContext, base: Invoice, f: InvoiceFields): Invoice {
  const next: Invoice = { ...base };
  const simple = ['custom_fields', 'default_payment_method', 'default_source', 'description', 'effective_at', 'footer', 'shipping_details', 'statement_descriptor', 'number'] as const;
  for (const key of simple) if (f[key] !== undefined) (next as Record<string, unknown>)[key] = f[key];
  if (f.collection_method !== undefined) next.collection_method = f.collection_method;
  if (f.metadata !== undefined) next.metadata = mergeMetadata(base.metadata, f.metadata);
  if (f.payment_settings !== undefined) next.payment_settings = paymentSettings(f.payment_settings, base.payment_settings as Record<string, unknown>);
  if (f.rendering !== undefined) next.rendering = rendering(f.rendering, base.rendering as Record<string, unknown>);
  if (f.auto_advance !== undefined) next.auto_advance = f.auto_advance;

  // due dates: only send_invoice invoices have one; days_until_due counts from creation (from finalization once finalized)
  if (next.collection_method === 'send_invoice') {
    const from = next.status_transitions.finalized_at ?? next.created;
    if (f.due_date !== undefined) next.due_date = f.due_date;
    else if (f.days_until_due !== undefined) next.due_date = from + f.days_until_due * DAY;
    else if (next.due_date === null) next.due_date = from + (invoiceFacts(ctx, base.id).days_until_due ?? 30) * DAY;
  } else {
    next.due_date = null;
  }

  // automation: drafts that auto-advance finalize (and, charged automatically, are paid) about an hour after creation
  if (next.status === 'draft') {
    next.automatically_finalizes_at = next.auto_advance
      ? f.automatically_finalizes_at ?? (base.automatically_finalizes_at ?? next.created + AUTO_FINALIZE_DELAY)
      : null;
    next.next_payment_attempt = next.auto_advance && next.collection_method === 'charge_automatically' ? next.automatically_finalizes_at : null;
  } else if (next.status === 'open') {
    if (next.collection_method === 'send_invoice' || !next.auto_advance) next.next_payment_attempt = null;
    else if (f.auto_advance === true && base.next_payment_attempt === null) next.next_payment_attempt = ctx.now() + AUTO_FINALIZE_DELAY;
  }
  return next;
}

export function createInvoice(ctx: ApiContext, input: CreateInvoiceInput & Record<string, unknown>): Invoice {
  refuseUnsupported(input);
  const customer = getCustomer(ctx, input.customer, 'customer');
  checkDefaultPaymentMethod(ctx, customer.id, input.default_payment_method);
  const method = input.collection_method ?? 'charge_automatically';
  checkDueParams(method, input);
  const currency = (input.currency ?? customer.currency ?? 'usd').toLowerCase();
  const now = ctx.now();
  const id = ctx.id('in');
  setFacts(ctx, id, {
    days_until_due: input.due_date !== undefined ? null : input.days_until_due ?? (method === 'send_invoice' ? 30 : null),
    custom_number: input.number ?? null,
  });
  const base = blankInvoice(id, customer, method, currency, now);
  const draft = applyFields(ctx, base, input);
  if (input.pending_invoice_items_behavior === 'include') {
    // pending items appear newest first, ahead of items added later
    for (const item of pendingItems(ctx, customer.id, currency)) {
      const attached = setItemInvoice(ctx, item, id);
      addLine(ctx, id, attached, 'start');
    }
  }
  const stored = saveInvoice(ctx, undefined, draft);
  emit(ctx, 'invoice.created', stored);
  return stored;
}

/** What may still change once an invoice is finalized (open/uncollectible), and once it is paid or void. */
const EDITABLE_OPEN = new Set([
  'auto_advance', 'custom_fields', 'days_until_due', 'default_payment_method', 'default_source', 'description', 'due_date', 'footer',
  'metadata', 'payment_settings', 'rendering', 'statement_descriptor',
]);
const EDITABLE_CLOSED = new Set(['metadata']);

export function updateInvoice(ctx: ApiContext, id: string, f: InvoiceFields & Record<string, unknown>): Invoice {
  refuseUnsupported(f);
  const before = currentInvoice(ctx, id, 'invoice');
  if (before.status !== 'draft') {
    const allowed = before.status === 'open' || before.status === 'uncollectible' ? EDITABLE_OPEN : EDITABLE_CLOSED;
    for (const [key, value] of Object.entries(f)) {
      if (value === undefined || allowed.has(key)) continue;
      throw invalidRequest(
        `You can't update \`${key}\` on a ${before.status} invoice. Once finalized, only ${[...allowed].map((k) => `\`${k}\``).join(', ')} can change.`,
        { code: 'invoice_not_editable', param: key },
      );
    }
    if ((f.due_date !== undefined || f.days_until_due !== undefined) && before.collection_method !== 'send_invoice') {
      throw invalidRequest('You can only set a due date on invoices with `collection_method=send_invoice`.', { param: f.due_date !== undefined ? 'due_date' : 'days_until_due' });
    }
    if (f.auto_advance === true && before.status !== 'open') {
      throw invalidRequest(`Automatic advancement can't be turned on for a ${before.status} invoice.`, { param: 'auto_advance' });
    }
  }
  checkDueParams(f.collection_method ?? before.collection_method, f);
  checkDefaultPaymentMethod(ctx, before.customer, f.default_payment_method);
  if (f.days_until_due !== undefined) setFacts(ctx, id, { days_until_due: f.days_until_due });
  if (f.due_date !== undefined) setFacts(ctx, id, { days_until_due: null });
  if (f.collection_method === 'send_invoice' && before.collection_method !== 'send_invoice' && f.due_date === undefined && f.days_until_due === undefined) {
    setFacts(ctx, id, { days_until_due: 30 });
  }
  if (f.number !== undefined) setFacts(ctx, id, { custom_number: f.number });
  // switching the collection method resets the due date
  const base = f.collection_method !== undefined && f.collection_method !== before.collection_method ? { ...before, due_date: null } : before;
  return saveInvoice(ctx, before, applyFields(ctx, base, f), { event: true });
}

export function deleteInvoice(ctx: ApiContext, id: string): StoredObject {
  const before = currentInvoice(ctx, id, 'invoice');
  if (before.status !== 'draft') {
    throw invalidRequest(`You can only delete draft invoices. This invoice is ${before.status}; void it instead.`, { code: 'invoice_not_editable' });
  }
  // the invoice's items go back to pending
  const items = ctx.account.collection<InvoiceItem>(INVOICE_ITEMS);
  for (const { item } of lineEntries(ctx, id)) {
    const ii = items.get(item);
    if (ii && !ii.deleted) setItemInvoice(ctx, ii, null);
  }
  forgetLines(ctx, id);
  const stub = { id, object: 'invoice', deleted: true } as Invoice;
  ctx.account.collection<Invoice>(INVOICES).put(stub);
  ctx.account.collection(INVOICE_SCHEDULE).remove(id);
  emit(ctx, 'invoice.deleted', before);
  return stub;
}

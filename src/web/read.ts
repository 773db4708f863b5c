/**
 * Read access for the pages: Stripe-shaped objects straight from the store
 * (collections named after the `object` value, newest API shape, related
 * objects as ids). Only the fields the pages show are typed.
 */
import type { AccountStore } from '../store/store.js';
import type { StoredObject } from '../store/collection.js';

export interface InvoiceView extends StoredObject {
  object: 'invoice';
  number: string | null;
  status: string | null;
  customer: string | null;
  customer_name?: string | null;
  customer_email?: string | null;
  currency: string;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  amount_overpaid?: number;
  subtotal?: number;
  total: number;
  starting_balance?: number;
  pre_payment_credit_notes_amount?: number;
  post_payment_credit_notes_amount?: number;
  due_date: number | null;
  created: number;
  collection_method?: string;
  hosted_invoice_url?: string | null;
  invoice_pdf?: string | null;
  description?: string | null;
  default_payment_method?: string | null;
  test_clock?: string | null;
  account_name?: string | null;
  status_transitions?: { finalized_at?: number | null; paid_at?: number | null; voided_at?: number | null; marked_uncollectible_at?: number | null };
  lines?: { data: LineView[]; has_more: boolean };
}

export interface LineView {
  id: string;
  description: string | null;
  amount: number;
  currency: string;
  quantity: number | null;
  pricing?: { unit_amount_decimal?: string | null } | null;
}

export interface InvoicePaymentView extends StoredObject {
  invoice: string;
  amount_paid: number | null;
  amount_requested: number;
  currency: string;
  is_default: boolean;
  status: string;
  created: number;
  payment: { type: string; payment_intent?: string; charge?: string; payment_record?: string };
  status_transitions?: { paid_at: number | null; canceled_at: number | null };
}

export interface PaymentIntentView extends StoredObject {
  amount: number;
  amount_received: number;
  currency: string;
  customer: string | null;
  status: string;
  created: number;
  description: string | null;
  payment_method: string | null;
  latest_charge: string | null;
  last_payment_error?: { message?: string; decline_code?: string; code?: string } | null;
}

export interface PaymentMethodView extends StoredObject {
  type: string;
  customer: string | null;
  created: number;
  card?: { brand: string; last4: string; exp_month: number; exp_year: number } | null;
}

export interface CreditNoteView extends StoredObject {
  number: string;
  invoice: string;
  customer: string;
  amount: number;
  currency: string;
  status: string;
  type: string;
  reason: string | null;
  memo: string | null;
  created: number;
  pre_payment_amount?: number;
  post_payment_amount?: number;
}

export interface CustomerView extends StoredObject {
  name: string | null;
  email: string | null;
  balance: number;
  currency: string | null;
  created: number;
  deleted?: true;
  invoice_settings?: { default_payment_method: string | null };
}

export interface EventView extends StoredObject {
  type: string;
  created: number;
  data: { object: StoredObject & { object?: string; invoice?: unknown } };
  request?: { id: string | null } | null;
}

/** One object by id, without creating the collection when the account has none. */
export function findIn<T extends StoredObject>(acct: AccountStore, name: string, id: string | null | undefined): T | undefined {
  if (!id || !acct.has(name)) return undefined;
  return acct.collection<T>(name).get(id);
}

export function findInvoice(acct: AccountStore, id: string): InvoiceView | undefined {
  return findIn<InvoiceView>(acct, 'invoice', id);
}

/** Page of a collection, newest first, `after` being the last id of the previous page. */
export function pageOf<T extends StoredObject>(acct: AccountStore, name: string, opts: { limit?: number; after?: string; where?: { field: string; value: unknown }; filter?: (o: T) => boolean } = {}) {
  if (!acct.has(name)) return { data: [] as T[], hasMore: false };
  const coll = acct.collection<T>(name);
  const after = opts.after ? coll.seqOf(opts.after) : undefined;
  return coll.page({ limit: opts.limit ?? 25, startingAfter: after, where: opts.where, filter: opts.filter });
}

/** Every object of a collection with `field === value` (served by an index), newest first. */
export function allWhere<T extends StoredObject>(acct: AccountStore, name: string, field: string, value: unknown, limit = 500): T[] {
  if (!acct.has(name)) return [];
  return acct.collection<T>(name).page({ limit, where: { field, value } }).data;
}

export function invoicePaymentsOf(acct: AccountStore, invoiceId: string): InvoicePaymentView[] {
  return allWhere<InvoicePaymentView>(acct, 'invoice_payment', 'invoice', invoiceId);
}

export function creditNotesOf(acct: AccountStore, invoiceId: string): CreditNoteView[] {
  return allWhere<CreditNoteView>(acct, 'credit_note', 'invoice', invoiceId);
}

/** Events about the invoice itself and about objects pointing at it (invoice payments, credit notes), newest first. */
export function eventsOfInvoice(acct: AccountStore, invoiceId: string): EventView[] {
  const own = allWhere<EventView>(acct, 'event', 'data.object.id', invoiceId);
  const related = allWhere<EventView>(acct, 'event', 'data.object.invoice', invoiceId);
  if (own.length + related.length === 0) return [];
  const coll = acct.collection<EventView>('event');
  const seen = new Set<string>();
  return [...own, ...related]
    .filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)))
    .sort((a, b) => (coll.seqOf(b.id) ?? 0) - (coll.seqOf(a.id) ?? 0));
}

/** Whether the invoice was sent to the customer (an `invoice.sent` event exists for it). */
export function wasSent(acct: AccountStore, invoiceId: string): boolean {
  return allWhere<EventView>(acct, 'event', 'data.object.id', invoiceId).some((e) => e.type === 'invoice.sent');
}

/**
 * The customer's saved payment methods, the default one first: the
 * customer's invoice default, then the invoice's own default, then the
 * others attached to the customer.
 */
export function savedPaymentMethods(acct: AccountStore, customerId: string | null, invoice?: InvoiceView): PaymentMethodView[] {
  if (!customerId) return [];
  const customer = findIn<CustomerView>(acct, 'customer', customerId);
  const attached = allWhere<PaymentMethodView>(acct, 'payment_method', 'customer', customerId);
  const preferred = [customer?.invoice_settings?.default_payment_method, invoice?.default_payment_method]
    .filter((id): id is string => typeof id === 'string')
    .map((id) => findIn<PaymentMethodView>(acct, 'payment_method', id))
    .filter((pm): pm is PaymentMethodView => pm !== undefined && pm.customer === customerId);
  const out: PaymentMethodView[] = [];
  for (const pm of [...preferred, ...attached]) if (!out.some((o) => o.id === pm.id)) out.push(pm);
  return out;
}

export function describePaymentMethod(pm: PaymentMethodView | undefined | null): string {
  if (!pm) return '—';
  if (pm.card) return `${capitalize(pm.card.brand)} •••• ${pm.card.last4} (exp ${String(pm.card.exp_month).padStart(2, '0')}/${String(pm.card.exp_year).slice(-2)})`;
  return `${pm.type} ${pm.id}`;
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** "Now" for an invoice: its test clock's frozen time when it has one, else the emulator clock. */
export function nowFor(acct: AccountStore, invoice: { test_clock?: string | null }, now: number): number {
  if (!invoice.test_clock) return now;
  const clock = findIn<StoredObject & { frozen_time?: number }>(acct, 'test_helpers.test_clock', invoice.test_clock);
  return typeof clock?.frozen_time === 'number' ? clock.frozen_time : now;
}

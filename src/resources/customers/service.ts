/** Customers: create, retrieve, update, delete, list, search. */
import type { ApiContext } from '../../context.js';
import { resourceMissing } from '../../errors.js';
import { emit, emitUpdated } from '../../events/emit.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import { randomInvoicePrefix } from '../../ids.js';
import { deepFreeze, type StoredObject } from '../../store/collection.js';
import { recordBalanceTransaction } from './balance.js';

export const CUSTOMERS = 'customer';

export interface Customer extends StoredObject {
  object: 'customer';
  balance: number;
  currency: string | null;
  email: string | null;
  name: string | null;
  metadata: Metadata;
  invoice_prefix: string;
  next_invoice_sequence: number;
  invoice_settings: {
    custom_fields: Array<{ name: string; value: string }> | null;
    default_payment_method: string | null;
    footer: string | null;
    rendering_options: RenderingOptions | null;
  };
  deleted?: true;
}

export interface RenderingOptions {
  amount_tax_display: string | null;
  template: string | null;
}

export interface CustomerFields {
  address?: Record<string, unknown> | null;
  description?: string | null;
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  business_name?: string | null;
  individual_name?: string | null;
  invoice_prefix?: string;
  next_invoice_sequence?: number;
  preferred_locales?: string[];
  shipping?: Record<string, unknown> | null;
  tax_exempt?: string | null;
  metadata?: Metadata | null;
  invoice_settings?: {
    custom_fields?: Array<{ name: string; value: string }> | null;
    default_payment_method?: string | null;
    footer?: string | null;
    /** Given fields replace the current ones, the others stay; null (`''`) clears them all. */
    rendering_options?: { amount_tax_display?: string | null; template?: string } | null;
  };
  test_clock?: string;
  /** A source attached to the customer (checked by the caller), or null. */
  default_source?: string | null;
  /** Setting the balance records a balance transaction for the difference. */
  balance?: number;
}

/** A live (not deleted) customer, or 404. */
export function getCustomer(ctx: ApiContext, id: string, param = 'customer'): Customer {
  const c = ctx.account.collection<Customer>(CUSTOMERS).get(id);
  if (!c || c.deleted) throw resourceMissing('customer', id, param);
  return c;
}

/** Any customer record, including the `deleted: true` stub. */
export function findCustomer(ctx: ApiContext, id: string): Customer | undefined {
  return ctx.account.collection<Customer>(CUSTOMERS).get(id);
}

/**
 * `base` with the fields of `f` applied, in a copy (updates) or in `base` itself (`next` = `base`, for a customer being
 * built as a literal: stored without a copy, see deepFreeze). Nested objects are built as literals too.
 */
function applyFields(base: Customer, f: CustomerFields, next: Customer = { ...base }): Customer {
  const simple = ['address', 'description', 'email', 'name', 'phone', 'shipping', 'tax_exempt'] as const;
  for (const key of simple) if (f[key] !== undefined) (next as Record<string, unknown>)[key] = f[key];
  if (f.tax_exempt === null) next.tax_exempt = 'none';
  for (const key of ['business_name', 'individual_name'] as const) {
    if (f[key] === null || f[key] === '') delete next[key];
    else if (f[key] !== undefined) next[key] = f[key];
  }
  if (f.default_source !== undefined) next.default_source = f.default_source;
  if (f.invoice_prefix !== undefined) next.invoice_prefix = f.invoice_prefix;
  if (f.next_invoice_sequence !== undefined) next.next_invoice_sequence = f.next_invoice_sequence;
  if (f.preferred_locales !== undefined) next.preferred_locales = f.preferred_locales;
  if (f.metadata !== undefined) next.metadata = mergeMetadata(base.metadata, f.metadata);
  if (f.invoice_settings) {
    const was = base.invoice_settings;
    const set = f.invoice_settings;
    next.invoice_settings = {
      custom_fields: set.custom_fields !== undefined ? set.custom_fields : was.custom_fields,
      default_payment_method: set.default_payment_method !== undefined ? set.default_payment_method : was.default_payment_method,
      footer: set.footer !== undefined ? set.footer : was.footer,
      rendering_options: set.rendering_options !== undefined ? renderingOptions(was.rendering_options, set.rendering_options) : was.rendering_options,
    };
  }
  return next;
}

function renderingOptions(was: RenderingOptions | null, set: NonNullable<CustomerFields['invoice_settings']>['rendering_options']): RenderingOptions | null {
  if (set === null || set === undefined) return null;
  return {
    amount_tax_display: set.amount_tax_display !== undefined ? set.amount_tax_display : (was?.amount_tax_display ?? null),
    template: set.template ?? was?.template ?? null,
  };
}

export function createCustomer(ctx: ApiContext, f: CustomerFields): Customer {
  const base: Customer = {
    id: ctx.id('cus'),
    object: 'customer',
    address: null,
    balance: 0,
    created: ctx.now(),
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: randomInvoicePrefix(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: f.test_clock ?? null,
  };
  let customer = ctx.account.collection<Customer>(CUSTOMERS).put(deepFreeze(applyFields(base, f, base)));
  if (f.balance !== undefined && f.balance !== 0) {
    recordBalanceTransaction(ctx, customer.id, { amount: f.balance, currency: 'usd', type: 'initial' }, { silent: true });
    customer = getCustomer(ctx, customer.id);
  }
  emit(ctx, 'customer.created', customer);
  return customer;
}

export function updateCustomer(ctx: ApiContext, id: string, f: CustomerFields): Customer {
  const before = getCustomer(ctx, id, 'id');
  if (f.balance !== undefined && f.balance !== before.balance) {
    const currency = before.currency ?? 'usd';
    recordBalanceTransaction(ctx, id, { amount: f.balance - before.balance, currency, type: 'adjustment' }, { silent: true });
  }
  const after = ctx.account.collection<Customer>(CUSTOMERS).put(applyFields(getCustomer(ctx, id, 'id'), f));
  emitUpdated(ctx, 'customer.updated', before, after);
  return after;
}

export function deleteCustomer(ctx: ApiContext, id: string): StoredObject {
  const before = getCustomer(ctx, id, 'id');
  const stub = { id, object: 'customer', deleted: true } as Customer;
  ctx.account.collection<Customer>(CUSTOMERS).put(stub);
  emit(ctx, 'customer.deleted', before);
  return stub;
}

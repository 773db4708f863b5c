/** A new invoice object, and the customer details and settings sub-objects it carries. */
import type { Customer } from '../customers/service.js';
import type { CollectionMethod, Invoice } from './types.js';

/** The customer details an invoice copies (kept current while draft, frozen at finalization). */
export function customerSnapshot(customer: Customer): Partial<Invoice> {
  return {
    customer_address: (customer.address as Record<string, unknown> | null) ?? null,
    customer_email: customer.email,
    customer_name: customer.name,
    customer_phone: (customer.phone as string | null) ?? null,
    customer_shipping: (customer.shipping as Record<string, unknown> | null) ?? null,
    customer_tax_exempt: (customer.tax_exempt as string | null) ?? 'none',
    customer_tax_ids: [],
  };
}

export function paymentSettings(input: Record<string, unknown> | undefined, current?: Record<string, unknown>): Record<string, unknown> {
  const base = current ?? { default_mandate: null, payment_method_options: null, payment_method_types: null };
  if (!input) return base;
  const out = { ...base };
  for (const key of ['default_mandate', 'payment_method_options', 'payment_method_types'] as const) {
    if (input[key] !== undefined) out[key] = input[key] === '' ? null : input[key];
  }
  return out;
}

export function rendering(input: Record<string, unknown> | undefined, current?: Record<string, unknown>): Record<string, unknown> {
  const base = current ?? { amount_tax_display: null, pdf: null, template: null, template_version: null };
  if (!input) return base;
  const out = { ...base };
  for (const key of ['amount_tax_display', 'pdf', 'template', 'template_version'] as const) {
    if (input[key] !== undefined) out[key] = input[key] === '' ? null : input[key];
  }
  return out;
}

/** A new draft invoice object with every field at its initial value. */
export function blankInvoice(id: string, customer: Customer, method: CollectionMethod, currency: string, now: number): Invoice {
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: null,
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: 'manual',
    collection_method: method,
    created: now,
    currency,
    custom_fields: customer.invoice_settings.custom_fields ?? null,
    customer: customer.id,
    customer_account: null,
    ...customerSnapshot(customer),
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: customer.invoice_settings.footer ?? null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: null,
    payment_settings: paymentSettings(undefined),
    period_end: now,
    period_start: now,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: rendering(undefined),
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: (customer.test_clock as string | null | undefined) ?? null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: now,
  };
}

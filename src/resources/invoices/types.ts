/** The stored shapes of invoices and their line items, and the bookkeeping collections beside them. */
import type { Metadata } from '../../http/params.js';
import type { StoredObject } from '../../store/collection.js';
import type { ListEnvelope } from '../../store/list.js';
import type { Pricing } from '../invoice-items/pricing.js';

export const INVOICES = 'invoice';
export const LINE_ITEMS = 'line_item';
/** Per invoice: its line ids in display order, with the invoice item behind each. */
export const INVOICE_LINES = '_invoice_lines';
/** Per invoice: facts the API no longer shows but older versions and the lifecycle need. */
export const INVOICE_FACTS = '_invoice_facts';

/** Invoices the clock has to act on by itself (auto-advance), with when. */
export const INVOICE_SCHEDULE = '_invoice_schedule';

export interface InvoiceSchedule extends StoredObject {
  at: number;
}

/** How many lines the invoice object embeds (the rest via GET /v1/invoices/{id}/lines). */
export const EMBEDDED_LINES = 10;

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';
export type CollectionMethod = 'charge_automatically' | 'send_invoice';

export interface LineItem extends StoredObject {
  object: 'line_item';
  amount: number;
  currency: string;
  description: string | null;
  invoice: string | null;
  metadata: Metadata;
  parent: {
    invoice_item_details: { invoice_item: string; proration: boolean; proration_details: { credited_items: null }; subscription: null } | null;
    subscription_item_details: null;
    type: 'invoice_item_details';
  };
  period: { end: number; start: number };
  pricing: Pricing;
  quantity: number | null;
  quantity_decimal: string | null;
  subtotal: number;
}

export interface Invoice extends StoredObject {
  object: 'invoice';
  amount_due: number;
  amount_overpaid: number;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  auto_advance: boolean;
  automatically_finalizes_at: number | null;
  collection_method: CollectionMethod;
  created: number;
  currency: string;
  customer: string;
  default_payment_method: string | null;
  default_source: string | null;
  description: string | null;
  due_date: number | null;
  ending_balance: number | null;
  footer: string | null;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  lines: ListEnvelope<LineItem>;
  metadata: Metadata;
  next_payment_attempt: number | null;
  number: string | null;
  post_payment_credit_notes_amount: number;
  pre_payment_credit_notes_amount: number;
  starting_balance: number;
  status: InvoiceStatus;
  status_transitions: {
    finalized_at: number | null;
    marked_uncollectible_at: number | null;
    paid_at: number | null;
    voided_at: number | null;
  };
  subtotal: number;
  subtotal_excluding_tax: number | null;
  total: number;
  total_excluding_tax: number | null;
  deleted?: true;
}

export interface InvoiceLines extends StoredObject {
  /** `{ line, item }` in display order. */
  lines: Array<{ line: string; item: string }>;
}

export interface InvoiceFacts extends StoredObject {
  /** `days_until_due` as given: the due date is counted from finalization. */
  days_until_due: number | null;
  /** Amount recorded as paid outside Stripe (`pay` with `paid_out_of_band`). */
  out_of_band_amount: number;
  /** The invoice was settled out of band (pre-basil `paid_out_of_band`). */
  paid_out_of_band: boolean;
  /** The last charge attempted for the invoice (pre-basil `charge`). */
  charge: string | null;
  /** The PaymentIntent of the default payment (pre-basil `payment_intent`). */
  payment_intent: string | null;
  /** A custom `number` given while draft, used at finalization. */
  custom_number: string | null;
}

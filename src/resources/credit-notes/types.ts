/** The stored shapes of credit notes and their lines, and the bookkeeping beside them. */
import type { Metadata } from '../../http/params.js';
import type { StoredObject } from '../../store/collection.js';
import type { ListEnvelope } from '../../store/list.js';

/** Same name as `CREDIT_NOTES` in invoices/amounts.ts, which sums the notes' pre/post amounts. */
export const CREDIT_NOTES = 'credit_note';
export const CREDIT_NOTE_LINES = 'credit_note_line_item';
/** Per credit note: its line ids in order (line items carry no `credit_note` field in the API). */
export const CREDIT_NOTE_LINE_ORDER = '_credit_note_lines';

/** How many lines the credit note object embeds (the rest via GET /v1/credit_notes/{id}/lines). */
export const EMBEDDED_CREDIT_NOTE_LINES = 10;

export type CreditNoteType = 'pre_payment' | 'post_payment' | 'mixed';
export type CreditNoteReason = 'duplicate' | 'fraudulent' | 'order_change' | 'product_unsatisfactory';

export interface CreditNoteLine extends StoredObject {
  object: 'credit_note_line_item';
  amount: number;
  description: string | null;
  discount_amount: number;
  discount_amounts: unknown[];
  invoice_line_item?: string;
  livemode: boolean;
  metadata: Metadata | null;
  pretax_credit_amounts: unknown[];
  quantity: number | null;
  tax_rates: unknown[];
  taxes: unknown[] | null;
  type: 'invoice_line_item' | 'custom_line_item';
  unit_amount: number | null;
  unit_amount_decimal: string | null;
}

export interface CreditNoteRefund {
  amount_refunded: number;
  payment_record_refund: null;
  refund: string;
  type: 'refund';
}

export interface CreditNote extends StoredObject {
  object: 'credit_note';
  amount: number;
  amount_shipping: number;
  created: number;
  currency: string;
  customer: string;
  customer_account: null;
  customer_balance_transaction: string | null;
  discount_amount: number;
  discount_amounts: unknown[];
  effective_at: number | null;
  invoice: string;
  lines: ListEnvelope<CreditNoteLine>;
  livemode: boolean;
  memo: string | null;
  metadata: Metadata;
  number: string;
  out_of_band_amount: number | null;
  pdf: string;
  post_payment_amount: number;
  pre_payment_amount: number;
  pretax_credit_amounts: unknown[];
  reason: CreditNoteReason | null;
  refunds: CreditNoteRefund[];
  shipping_cost: null;
  status: 'issued' | 'void';
  subtotal: number;
  subtotal_excluding_tax: number | null;
  total: number;
  total_excluding_tax: number | null;
  total_taxes: unknown[] | null;
  type: CreditNoteType;
  voided_at: number | null;
}

export interface CreditNoteLineOrder extends StoredObject {
  lines: string[];
}

/** A requested line (`lines[]` of create / preview). */
export interface CreditNoteLineInput {
  type: 'invoice_line_item' | 'custom_line_item';
  amount?: number;
  description?: string;
  invoice_line_item?: string;
  metadata?: Metadata | null;
  quantity?: number;
  tax_amounts?: unknown[] | null;
  tax_rates?: string[] | null;
  unit_amount?: number;
  unit_amount_decimal?: string;
}

export interface CreditNoteRefundInput {
  refund?: string;
  amount_refunded?: number;
  type?: 'refund' | 'payment_record_refund';
  payment_record_refund?: unknown;
}

/** The parameters of POST /v1/credit_notes (and of the previews). */
export interface CreditNoteInput {
  invoice: string;
  amount?: number;
  credit_amount?: number;
  effective_at?: number;
  email_type?: 'credit_note' | 'none';
  lines?: CreditNoteLineInput[];
  memo?: string;
  metadata?: Metadata | null;
  out_of_band_amount?: number;
  reason?: CreditNoteReason;
  refund_amount?: number;
  refunds?: CreditNoteRefundInput[];
  shipping_cost?: unknown;
  /** Before 2025-03-31.basil: one existing refund to link. */
  refund?: string;
}

/**
 * Planning a credit note: every check and every number, no writes. Creation
 * (service.ts) issues a plan; the previews render one.
 *
 *   amount            = `amount`, or Σ lines (both given: they must agree); > 0
 *   creditable        = invoice total − Σ amounts of its issued credit notes
 *   pre_payment_amount  = min(amount, invoice amount_remaining)   (lowers amount_due)
 *   post_payment_amount = amount − pre_payment_amount
 *                       = refunds + credit_amount + out_of_band_amount   (else 400)
 *   type              = pre_payment | post_payment | mixed (both non-zero)
 *
 * Before 2025-05-28.basil a note that would be `mixed` is refused; before
 * 2025-03-31.basil `refund` (one existing refund) takes the place of `refunds`.
 */
import { createHash } from 'node:crypto';
import type { ApiContext } from '../../context.js';
import { invalidRequest, parameterMissing, parameterUnknown } from '../../errors.js';
import { mergeMetadata } from '../../http/params.js';
import { supports } from '../../versions/known.js';
import { withAmounts } from '../invoices/amounts.js';
import { getInvoice } from '../invoices/service.js';
import type { Invoice } from '../invoices/types.js';
import { buildLines, embeddedNoteLines, notesOfInvoice } from './lines.js';
import { planRefunds, type RefundPlan } from './refunds.js';
import type { CreditNote, CreditNoteInput, CreditNoteLine, CreditNoteRefundInput, CreditNoteType } from './types.js';

export interface CreditNotePlan {
  invoice: Invoice;
  /** The note as it will be stored, except the refund of `refund_amount` and the balance transaction. */
  note: CreditNote;
  lines: CreditNoteLine[];
  refunds: RefundPlan;
  credit_amount: number;
}

function checkInvoice(invoice: Invoice): void {
  if (invoice.status === 'draft') {
    throw invalidRequest(`You can only create credit notes for finalized invoices; invoice ${invoice.id} is a draft. Edit the draft instead.`, { param: 'invoice' });
  }
  if (invoice.status === 'void') {
    throw invalidRequest(`You can't create a credit note for invoice ${invoice.id}: it is void.`, { param: 'invoice' });
  }
}

function refundInputs(ctx: ApiContext, input: CreditNoteInput): CreditNoteRefundInput[] {
  const basil = supports(ctx.version, 'invoicePayments');
  if (basil && input.refund !== undefined) throw parameterUnknown('refund');
  if (!basil && input.refunds !== undefined) throw parameterUnknown('refunds');
  if (input.refund !== undefined) return [{ refund: input.refund }];
  return input.refunds ?? [];
}

function creditNoteType(pre: number, post: number): CreditNoteType {
  if (pre > 0 && post > 0) return 'mixed';
  return post > 0 ? 'post_payment' : 'pre_payment';
}

/** The parameter to blame when the post-payment allocation doesn't add up. */
function allocationParam(input: CreditNoteInput, post: number): string {
  if (post > 0) return input.refund_amount !== undefined ? 'refund_amount' : 'credit_amount';
  const given = (['refund_amount', 'refunds', 'refund', 'credit_amount', 'out_of_band_amount'] as const).find((k) => input[k] !== undefined);
  return given ?? 'amount';
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Ids of a preview: derived from the request, so that paging through
 * /v1/credit_notes/preview/lines with `starting_after` finds the same lines again.
 */
function previewIds(input: CreditNoteInput): (prefix: string, index: number) => string {
  return (prefix, index) => {
    const digest = createHash('sha256').update(JSON.stringify([input, prefix, index])).digest();
    let suffix = '';
    for (let i = 0; i < 24; i++) suffix += BASE62[digest[i] % 62];
    return `${prefix}_${suffix}`;
  };
}

/** Plans the note; `preview` gives it (and its lines) ids derived from the request instead of fresh ones. */
export function planCreditNote(ctx: ApiContext, input: CreditNoteInput, opts: { preview?: boolean } = {}): CreditNotePlan {
  const idFor = opts.preview ? previewIds(input) : (prefix: string) => ctx.id(prefix);
  const stored = getInvoice(ctx, input.invoice, 'invoice');
  checkInvoice(stored);
  const invoice = withAmounts(ctx, stored);
  if (input.shipping_cost !== undefined) {
    throw invalidRequest('Shipping costs are not supported by the emulator; credit them with a custom line instead.', { param: 'shipping_cost' });
  }
  const links = refundInputs(ctx, input);
  if (input.amount === undefined && input.lines === undefined) {
    throw parameterMissing('amount', 'One of `amount` or `lines` must be provided: how much to credit.');
  }
  const lines = buildLines(ctx, invoice, input.lines ?? [], idFor);
  const linesTotal = lines.reduce((s, l) => s + l.amount, 0);
  if (input.amount !== undefined && input.lines !== undefined && input.amount !== linesTotal) {
    throw invalidRequest(`\`amount\` (${input.amount}) must equal the sum of the lines' amounts (${linesTotal}).`, { param: 'amount' });
  }
  const amount = input.amount ?? linesTotal;
  if (amount <= 0) throw invalidRequest('The credit note amount must be greater than zero.', { param: input.amount !== undefined ? 'amount' : 'lines' });

  const notes = notesOfInvoice(ctx, invoice.id);
  const credited = notes.filter((n) => n.status === 'issued').reduce((s, n) => s + n.amount, 0);
  const creditable = invoice.total - credited;
  if (amount > creditable) {
    throw invalidRequest(
      `The credit note amount (${amount}) is more than invoice ${invoice.id} can still be credited (${Math.max(0, creditable)} of its total ${invoice.total}).`,
      { param: input.amount !== undefined ? 'amount' : 'lines' },
    );
  }

  const open = invoice.status === 'open' || invoice.status === 'uncollectible';
  const pre = open ? Math.min(amount, invoice.amount_remaining) : 0;
  const post = amount - pre;
  const type = creditNoteType(pre, post);
  if (type === 'mixed' && !supports(ctx.version, 'partialPayments')) {
    throw invalidRequest(
      `This credit note (${amount}) is more than invoice ${invoice.id} has remaining (${pre}), so it would be both pre- and post-payment ("mixed"). ` +
        'Mixed credit notes need API version 2025-05-28.basil or later; credit at most the amount remaining, or the rest in a second credit note.',
      { param: input.amount !== undefined ? 'amount' : 'lines' },
    );
  }

  const refunds = planRefunds(ctx, invoice.id, input.refund_amount, links);
  const creditAmount = input.credit_amount ?? 0;
  const outOfBand = input.out_of_band_amount ?? 0;
  const allocated = refunds.total + creditAmount + outOfBand;
  if (allocated !== post) {
    throw invalidRequest(
      `The post-payment part of this credit note is ${post}` +
        (pre > 0 ? ` (the amount ${amount} minus the ${pre} that reduces what remains due)` : '') +
        `, but refunds (${refunds.total}) + credit_amount (${creditAmount}) + out_of_band_amount (${outOfBand}) come to ${allocated}. They must be equal.`,
      { param: allocationParam(input, post) },
    );
  }

  const id = idFor('cn', -1);
  const now = ctx.now();
  const note: CreditNote = {
    id,
    object: 'credit_note',
    amount,
    amount_shipping: 0,
    created: now,
    currency: invoice.currency,
    customer: invoice.customer,
    customer_account: null,
    customer_balance_transaction: null,
    discount_amount: 0,
    discount_amounts: [],
    effective_at: input.effective_at ?? now,
    invoice: invoice.id,
    lines: embeddedNoteLines(id, lines),
    livemode: false,
    memo: input.memo ?? null,
    metadata: mergeMetadata({}, input.metadata),
    number: `${invoice.number ?? invoice.id}-CN-${String(notes.length + 1).padStart(2, '0')}`,
    out_of_band_amount: input.out_of_band_amount ?? null,
    pdf: `${ctx.services.publicUrl()}/credit_notes/${id}/pdf`,
    post_payment_amount: post,
    pre_payment_amount: pre,
    pretax_credit_amounts: [],
    reason: input.reason ?? null,
    refunds: refunds.linked,
    shipping_cost: null,
    status: 'issued',
    subtotal: amount,
    subtotal_excluding_tax: amount,
    total: amount,
    total_excluding_tax: amount,
    total_taxes: [],
    type,
    voided_at: null,
  };
  return { invoice, note, lines, refunds, credit_amount: creditAmount };
}

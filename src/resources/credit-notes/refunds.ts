/**
 * The refund side of a credit note's post-payment amount:
 *   refund_amount  refunds the invoice's most recent paid payment (by paid_at);
 *                  when that payment can't cover it the note is refused, pointing
 *                  to separate refunds linked with `refunds` (emulator choice).
 *   refunds[]      links existing refunds of the invoice's payments; each refund
 *                  can be linked up to its amount across the invoice's issued notes.
 * `planRefunds` checks everything and writes nothing; `executeRefund` creates the
 * refund for `refund_amount` when the note is issued.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { findCharge, refundable } from '../charges/service.js';
import { invoicePaymentsOf, type InvoicePayment } from '../invoice-payments/service.js';
import { findPaymentIntent } from '../payment-intents/model.js';
import { createRefund, getRefund } from '../refunds/service.js';
import { notesOfInvoice } from './lines.js';
import type { CreditNoteRefund, CreditNoteRefundInput } from './types.js';

export interface RefundPlan {
  /** A new refund to create for `refund_amount`. */
  create: { payment_intent: string; amount: number } | null;
  /** Existing refunds to link. */
  linked: CreditNoteRefund[];
  /** Σ of both. */
  total: number;
}

const SEPARATELY = 'Create the refunds separately (POST /v1/refunds) and link them to the credit note with `refunds`.';

/** The invoice's most recent paid payment that went through a PaymentIntent. */
export function latestPaidPayment(ctx: ApiContext, invoiceId: string): InvoicePayment | undefined {
  let latest: InvoicePayment | undefined;
  for (const p of invoicePaymentsOf(ctx, invoiceId)) {
    if (p.status !== 'paid' || !p.payment.payment_intent) continue;
    if (!latest || (p.status_transitions.paid_at ?? 0) >= (latest.status_transitions.paid_at ?? 0)) latest = p;
  }
  return latest;
}

/** What can still be refunded of an invoice payment: its charge's unrefunded amount, at most what it paid. */
function refundableOf(ctx: ApiContext, payment: InvoicePayment): number {
  const pi = findPaymentIntent(ctx, payment.payment.payment_intent!);
  const charge = pi?.latest_charge ? findCharge(ctx, pi.latest_charge) : undefined;
  if (!charge) return 0;
  return Math.min(refundable(charge), payment.amount_paid ?? 0);
}

function planRefundAmount(ctx: ApiContext, invoiceId: string, amount: number): RefundPlan['create'] {
  const payment = latestPaidPayment(ctx, invoiceId);
  if (!payment) {
    throw invalidRequest(`Invoice ${invoiceId} has no payment to refund for \`refund_amount\`. ${SEPARATELY}`, { param: 'refund_amount' });
  }
  const available = refundableOf(ctx, payment);
  if (available === 0) {
    throw invalidRequest(
      `The most recent payment of invoice ${invoiceId} (${payment.id}) has already been fully refunded, so \`refund_amount\` can't be refunded from it. ${SEPARATELY}`,
      { param: 'refund_amount' },
    );
  }
  if (amount > available) {
    throw invalidRequest(
      `\`refund_amount\` (${amount}) is more than the most recent payment of invoice ${invoiceId} (${payment.id}) has left to refund (${available}). ${SEPARATELY}`,
      { param: 'refund_amount' },
    );
  }
  return { payment_intent: payment.payment.payment_intent!, amount };
}

/** How much of each refund the invoice's issued credit notes already account for. */
function linkedSoFar(ctx: ApiContext, invoiceId: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const note of notesOfInvoice(ctx, invoiceId)) {
    if (note.status !== 'issued') continue;
    for (const r of note.refunds) out.set(r.refund, (out.get(r.refund) ?? 0) + r.amount_refunded);
  }
  return out;
}

function planLinks(ctx: ApiContext, invoiceId: string, inputs: CreditNoteRefundInput[]): CreditNoteRefund[] {
  const intents = new Set(invoicePaymentsOf(ctx, invoiceId).map((p) => p.payment.payment_intent).filter((x): x is string => !!x));
  const used = linkedSoFar(ctx, invoiceId);
  return inputs.map((input, i) => {
    const p = (k: string) => `refunds[${i}][${k}]`;
    if (input.type === 'payment_record_refund' || input.payment_record_refund !== undefined) {
      throw invalidRequest('Payment record refunds are not supported: the emulator does not model PaymentRecords. Link refunds of type `refund`.', {
        param: input.type === 'payment_record_refund' ? p('type') : p('payment_record_refund'),
      });
    }
    if (input.refund === undefined) throw invalidRequest(`Missing required param: ${p('refund')}.`, { code: 'parameter_missing', param: p('refund') });
    const refund = getRefund(ctx, input.refund, p('refund'));
    if (!refund.payment_intent || !intents.has(refund.payment_intent)) {
      throw invalidRequest(`Refund ${refund.id} does not refund a payment of invoice ${invoiceId}.`, { param: p('refund') });
    }
    if (refund.status === 'failed' || refund.status === 'canceled') {
      throw invalidRequest(`Refund ${refund.id} is ${refund.status}; only refunds that went through can be linked.`, { param: p('refund') });
    }
    const available = refund.amount - (used.get(refund.id) ?? 0);
    const amount = input.amount_refunded ?? available;
    if (available <= 0) {
      throw invalidRequest(`Refund ${refund.id} is already fully accounted for by other credit notes.`, { param: p('refund') });
    }
    if (amount > available) {
      throw invalidRequest(`${p('amount_refunded')} (${amount}) is more than refund ${refund.id} has left to link (${available}).`, { param: p('amount_refunded') });
    }
    used.set(refund.id, (used.get(refund.id) ?? 0) + amount);
    return { amount_refunded: amount, payment_record_refund: null, refund: refund.id, type: 'refund' };
  });
}

export function planRefunds(ctx: ApiContext, invoiceId: string, refundAmount: number | undefined, links: CreditNoteRefundInput[]): RefundPlan {
  const create = refundAmount !== undefined && refundAmount > 0 ? planRefundAmount(ctx, invoiceId, refundAmount) : null;
  const linked = planLinks(ctx, invoiceId, links);
  const total = (create?.amount ?? 0) + linked.reduce((s, r) => s + r.amount_refunded, 0);
  return { create, linked, total };
}

/** Creates the refund for `refund_amount` (emits refund.created, charge.refunded); returns its entry on the note. */
export function executeRefund(ctx: ApiContext, create: NonNullable<RefundPlan['create']>): CreditNoteRefund {
  const refund = createRefund(ctx, { payment_intent: create.payment_intent, amount: create.amount });
  return { amount_refunded: refund.amount, payment_record_refund: null, refund: refund.id, type: 'refund' };
}

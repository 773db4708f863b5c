/**
 * Credit notes (`cn_`): issue, update (memo, metadata), void. Issuing writes
 * the refund for `refund_amount`, the customer balance credit for
 * `credit_amount` (a `credit_note` balance transaction), the lines and the
 * note, then lets the invoice re-derive its amounts (it is paid once its
 * remainder reaches 0). Voiding reverses the note's effect on the invoice and
 * on the customer's balance; refunds stay.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest, resourceMissing } from '../../errors.js';
import { emit, emitUpdated } from '../../events/emit.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import { BALANCE_TRANSACTIONS, recordBalanceTransaction, type BalanceTransaction } from '../customers/balance.js';
import { reconcileInvoice } from '../invoices/lifecycle.js';
import { getInvoice } from '../invoices/service.js';
import { storeLines } from './lines.js';
import { planCreditNote } from './plan.js';
import { executeRefund } from './refunds.js';
import { CREDIT_NOTES, type CreditNote, type CreditNoteInput } from './types.js';

export function findCreditNote(ctx: ApiContext, id: string): CreditNote | undefined {
  return ctx.account.collection<CreditNote>(CREDIT_NOTES).get(id);
}

export function getCreditNote(ctx: ApiContext, id: string, param = 'id'): CreditNote {
  const note = findCreditNote(ctx, id);
  if (!note) throw resourceMissing('credit_note', id, param);
  return note;
}

export function createCreditNote(ctx: ApiContext, input: CreditNoteInput): CreditNote {
  const plan = planCreditNote(ctx, input);
  const { note } = plan;
  const refunds = plan.refunds.create ? [executeRefund(ctx, plan.refunds.create), ...note.refunds] : note.refunds;
  let balanceTxn: string | null = null;
  if (plan.credit_amount > 0) {
    balanceTxn = recordBalanceTransaction(ctx, note.customer, {
      amount: -plan.credit_amount, currency: note.currency, type: 'credit_note', invoice: note.invoice, credit_note: note.id,
    }).id;
  }
  storeLines(ctx, note.id, plan.lines);
  const stored = ctx.account.collection<CreditNote>(CREDIT_NOTES).put({ ...note, refunds, customer_balance_transaction: balanceTxn });
  emit(ctx, 'credit_note.created', stored);
  reconcileInvoice(ctx, stored.invoice, 'out_of_band');
  return stored;
}

export function updateCreditNote(ctx: ApiContext, id: string, input: { memo?: string; metadata?: Metadata | null }): CreditNote {
  const before = getCreditNote(ctx, id);
  const next: CreditNote = { ...before };
  if (input.memo !== undefined) next.memo = input.memo;
  if (input.metadata !== undefined) next.metadata = mergeMetadata(before.metadata, input.metadata);
  if (JSON.stringify(next) === JSON.stringify(before)) return before;
  const after = ctx.account.collection<CreditNote>(CREDIT_NOTES).put(next);
  emitUpdated(ctx, 'credit_note.updated', before, after);
  return after;
}

export function voidCreditNote(ctx: ApiContext, id: string): CreditNote {
  const before = getCreditNote(ctx, id);
  if (before.status === 'void') throw invalidRequest(`Credit note ${id} is already void.`, { param: 'id' });
  const invoice = getInvoice(ctx, before.invoice);
  if (before.pre_payment_amount > 0 && invoice.status !== 'open' && invoice.status !== 'uncollectible') {
    throw invalidRequest(
      `Credit note ${id} can't be voided: it reduced the amount due of invoice ${invoice.id} by ${before.pre_payment_amount}, ` +
        `and that invoice is now ${invoice.status}, so the amount could no longer be collected.`,
      { param: 'id' },
    );
  }
  if (before.customer_balance_transaction) {
    const txn = ctx.account.collection<BalanceTransaction>(BALANCE_TRANSACTIONS).get(before.customer_balance_transaction);
    if (txn) {
      recordBalanceTransaction(ctx, before.customer, {
        amount: -txn.amount, currency: txn.currency, type: 'credit_note', invoice: before.invoice, credit_note: before.id,
      });
    }
  }
  const after = ctx.account.collection<CreditNote>(CREDIT_NOTES).put({ ...before, status: 'void', voided_at: ctx.now() });
  emit(ctx, 'credit_note.voided', after);
  reconcileInvoice(ctx, before.invoice);
  return after;
}

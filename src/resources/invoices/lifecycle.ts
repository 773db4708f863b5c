/**
 * The invoice status machine (reference §6.1):
 *
 *   draft ──finalize──▶ open ──pay──▶ paid
 *     │                  │ ├─mark_uncollectible─▶ uncollectible ──pay──▶ paid
 *   delete               │ └─void──▶ void        uncollectible ──void──▶ void
 *                        └─send (stays open)
 *
 * `pay` and `send` on a draft finalize it first. Any other transition is a 400
 * naming the current status. `settleInvoice` is the one way an invoice becomes
 * paid; `reconcileInvoice` re-derives amounts after payments or credit notes
 * change and settles the invoice when nothing remains.
 */
import type { ApiContext } from '../../context.js';
import { minimumAmount } from '../../currencies.js';
import { invalidRequest } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { randomToken } from '../../ids.js';
import { balanceIn, recordBalanceTransaction } from '../customers/balance.js';
import { getCustomer, type Customer } from '../customers/service.js';
import { assertCanMarkUncollectible, assertCanVoid } from '../partial-payments/restrictions.js';
import { balanceApplication, withAmounts } from './amounts.js';
import { cancelDefaultPayment, openDefaultPayment, syncDefaultPayment } from './default-payment.js';
import { invoiceFacts } from './facts.js';
import { customerSnapshot } from './blank.js';
import { currentInvoice, getInvoice, saveInvoice, AUTO_FINALIZE_DELAY } from './service.js';
import type { Invoice, InvoiceStatus } from './types.js';

const DAY = 86400;

function wrongStatus(action: string, inv: Invoice, allowed: InvoiceStatus[]): Error {
  const list = allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
  return invalidRequest(
    `You can only ${action} an invoice whose status is ${list}; invoice ${inv.id} is ${inv.status}.`,
    { param: 'invoice' },
  );
}

function nextNumber(ctx: ApiContext, customer: Customer): string {
  const seq = customer.next_invoice_sequence ?? 1;
  // the sequence advances silently (no customer.updated), as in Stripe
  ctx.account.collection<Customer>('customer').put({ ...customer, next_invoice_sequence: seq + 1 });
  return `${customer.invoice_prefix}-${String(seq).padStart(4, '0')}`;
}

export function finalizeInvoice(ctx: ApiContext, id: string, opts: { auto_advance?: boolean } = {}): Invoice {
  const inv = currentInvoice(ctx, id, 'invoice');
  if (inv.status !== 'draft') {
    throw invalidRequest(`This invoice is already finalized (status ${inv.status}); only draft invoices can be finalized.`, { param: 'invoice' });
  }
  const customer = getCustomer(ctx, inv.customer, 'customer');
  const now = ctx.now();
  const facts = invoiceFacts(ctx, id);

  // the customer's balance: credit lowers what is due, debt adds to it
  const starting = balanceIn(ctx, customer.id, inv.currency);
  const applied = balanceApplication(inv.total, starting);
  let ending_balance = applied.ending_balance;
  if (ending_balance !== starting) {
    recordBalanceTransaction(ctx, customer.id, { amount: ending_balance - starting, currency: inv.currency, type: 'applied_to_invoice', invoice: id });
  }
  // below the smallest chargeable amount: carried to the customer's balance, the invoice is paid at once
  if (applied.amount_due > 0 && applied.amount_due < minimumAmount(inv.currency)) {
    recordBalanceTransaction(ctx, customer.id, { amount: applied.amount_due, currency: inv.currency, type: 'invoice_too_small', invoice: id });
    ending_balance += applied.amount_due;
  }
  const number = facts.custom_number ?? nextNumber(ctx, getCustomer(ctx, customer.id));
  const token = `test_${randomToken()}`;
  const base = ctx.services.publicUrl();
  const autoAdvance = opts.auto_advance ?? inv.auto_advance;
  let dueDate: number | null = null;
  if (inv.collection_method === 'send_invoice') {
    dueDate = facts.days_until_due !== null ? now + facts.days_until_due * DAY : inv.due_date ?? now + 30 * DAY;
  }
  const next: Invoice = {
    ...inv,
    ...customerSnapshot(getCustomer(ctx, customer.id)),
    status: 'open',
    number,
    starting_balance: starting,
    ending_balance,
    due_date: dueDate,
    effective_at: (inv.effective_at as number | null) ?? now,
    hosted_invoice_url: `${base}/invoices/${token}`,
    invoice_pdf: `${base}/invoices/${token}/pdf`,
    auto_advance: autoAdvance,
    automatically_finalizes_at: null,
    next_payment_attempt: autoAdvance && inv.collection_method === 'charge_automatically' ? now + AUTO_FINALIZE_DELAY : null,
    status_transitions: { ...inv.status_transitions, finalized_at: now },
  };
  const stored = saveInvoice(ctx, inv, next);
  emit(ctx, 'invoice.finalized', stored);
  if (stored.amount_due > 0) {
    openDefaultPayment(ctx, stored);
    return getInvoice(ctx, id);
  }
  // nothing to collect (zero total, or covered by credit): paid at once
  return settleInvoice(ctx, stored, 'payment');
}

/**
 * Marks an open (or uncollectible) invoice paid: status, paid_at, automation off, the
 * default payment canceled if it did not pay. Emits `invoice.paid`, plus
 * `invoice.payment_succeeded` for payment attempts, plus `invoice.overpaid` (with an
 * `invoice_overpaid` credit to the customer) when more than the amount due was paid.
 */
export function settleInvoice(ctx: ApiContext, inv: Invoice, via: 'payment' | 'out_of_band'): Invoice {
  const now = ctx.now();
  let next: Invoice = withAmounts(ctx, {
    ...inv,
    status: 'paid',
    auto_advance: false,
    next_payment_attempt: null,
    automatically_finalizes_at: null,
    status_transitions: { ...inv.status_transitions, paid_at: now },
  });
  cancelDefaultPayment(ctx, inv.id, via === 'out_of_band' ? 'automatic' : 'automatic');
  next = saveInvoice(ctx, inv, next);
  if (next.amount_overpaid > 0) {
    recordBalanceTransaction(ctx, next.customer, { amount: -next.amount_overpaid, currency: next.currency, type: 'invoice_overpaid', invoice: next.id });
  }
  emit(ctx, 'invoice.paid', next);
  if (via === 'payment') emit(ctx, 'invoice.payment_succeeded', next);
  if (next.amount_overpaid > 0) emit(ctx, 'invoice.overpaid', next);
  return next;
}

/**
 * Re-derives the invoice's amounts after its payments or credit notes changed:
 * keeps the default payment in step with `amount_remaining`, emits `invoice.updated`
 * when amounts moved, and settles the invoice once nothing remains to be paid.
 */
export function reconcileInvoice(ctx: ApiContext, invoiceId: string, via: 'payment' | 'out_of_band' = 'payment'): Invoice {
  const inv = getInvoice(ctx, invoiceId);
  const fresh = withAmounts(ctx, inv);
  if ((inv.status === 'open' || inv.status === 'uncollectible') && fresh.amount_remaining === 0) {
    return settleInvoice(ctx, inv, via);
  }
  const saved = saveInvoice(ctx, inv, fresh, { event: true });
  if (saved.status === 'open' || saved.status === 'uncollectible') syncDefaultPayment(ctx, saved);
  return saved;
}

export function voidInvoice(ctx: ApiContext, id: string): Invoice {
  const inv = getInvoice(ctx, id, 'invoice');
  if (inv.status === 'draft') {
    throw invalidRequest(`You can only void an invoice whose status is open or uncollectible; invoice ${inv.id} is a draft — delete it instead.`, { param: 'invoice' });
  }
  if (inv.status !== 'open' && inv.status !== 'uncollectible') throw wrongStatus('void', inv, ['open', 'uncollectible']);
  assertCanVoid(ctx, inv);
  // credit (or debt) applied at finalization goes back to the customer
  const applied = (inv.ending_balance ?? inv.starting_balance) - inv.starting_balance;
  if (applied !== 0) {
    recordBalanceTransaction(ctx, inv.customer, { amount: -applied, currency: inv.currency, type: 'unapplied_from_invoice', invoice: id });
  }
  cancelDefaultPayment(ctx, id, 'void_invoice');
  const next = saveInvoice(ctx, inv, {
    ...inv,
    status: 'void',
    auto_advance: false,
    next_payment_attempt: null,
    status_transitions: { ...inv.status_transitions, voided_at: ctx.now() },
  });
  emit(ctx, 'invoice.voided', next);
  return next;
}

export function markUncollectible(ctx: ApiContext, id: string): Invoice {
  const inv = getInvoice(ctx, id, 'invoice');
  if (inv.status !== 'open') throw wrongStatus('mark as uncollectible', inv, ['open']);
  assertCanMarkUncollectible(ctx, inv);
  const next = saveInvoice(ctx, inv, {
    ...inv,
    status: 'uncollectible',
    auto_advance: false,
    next_payment_attempt: null,
    status_transitions: { ...inv.status_transitions, marked_uncollectible_at: ctx.now() },
  });
  emit(ctx, 'invoice.marked_uncollectible', next);
  return next;
}

export function sendInvoice(ctx: ApiContext, id: string): Invoice {
  let inv = currentInvoice(ctx, id, 'invoice');
  if (inv.collection_method !== 'send_invoice') {
    throw invalidRequest("You can only manually send an invoice if its collection method is 'send_invoice'.", { param: 'invoice' });
  }
  if (inv.status === 'void') throw wrongStatus('send', inv, ['draft', 'open', 'paid', 'uncollectible']);
  if (!inv.customer_email) {
    throw invalidRequest(`The invoice can't be sent: customer ${inv.customer} has no email address.`, { param: 'invoice' });
  }
  if (inv.status === 'draft') inv = finalizeInvoice(ctx, id);
  emit(ctx, 'invoice.sent', inv);
  return inv;
}

/**
 * Property: for random sequences of attach, confirm, cancel, pay, pay out of band,
 * credit notes, credit note voids, invoice void and mark_uncollectible on one invoice,
 * the invoice's amounts, its payments, its credit notes and the customer's balance
 * transactions always agree, and a refused operation changes nothing.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { ledgerSum, openInvoice, storedEventTypes } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

type Op =
  | { kind: 'attach'; amount: number; confirmFirst: boolean }
  | { kind: 'confirm'; k: number }
  | { kind: 'cancel'; k: number }
  | { kind: 'pay' }
  | { kind: 'payOutOfBand' }
  | { kind: 'note'; amount: number; via: 'credit' | 'out_of_band' | 'refund' | 'split' | 'wrong' }
  | { kind: 'voidNote'; k: number }
  | { kind: 'voidInvoice' }
  | { kind: 'uncollectible' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('attach' as const), amount: fc.integer({ min: 50, max: 9000 }), confirmFirst: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('confirm' as const), k: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), k: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'pay' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'payOutOfBand' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('note' as const), amount: fc.integer({ min: 1, max: 12000 }),
      via: fc.constantFrom('credit' as const, 'out_of_band' as const, 'refund' as const, 'split' as const, 'wrong' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('voidNote' as const), k: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'voidInvoice' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'uncollectible' as const }) },
);

interface World {
  stripe: Stripe;
  key: string;
  customer: string;
  invoice: string;
  intents: string[];
  notes: string[];
}

async function all<T>(list: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of list) out.push(x);
  return out;
}

/** Everything an operation could change, as the API shows it. */
async function snapshot(w: World): Promise<unknown> {
  const { stripe } = w;
  const customer = (await stripe.customers.retrieve(w.customer, { expand: ['invoice_credit_balance'] })) as Stripe.Customer;
  return {
    invoice: await stripe.invoices.retrieve(w.invoice),
    payments: await all(stripe.invoicePayments.list({ invoice: w.invoice, limit: 100 })),
    notes: await all(stripe.creditNotes.list({ invoice: w.invoice, limit: 100 })),
    txns: await all(stripe.customers.listBalanceTransactions(w.customer, { limit: 100 })),
    balance: customer.balance,
    credit: customer.invoice_credit_balance,
    refunds: await all(stripe.refunds.list({ limit: 100 })),
    events: storedEventTypes(h, w.key).length,
  };
}

async function checkInvariants(w: World): Promise<void> {
  const { stripe } = w;
  const inv = await stripe.invoices.retrieve(w.invoice);
  const payments = await all(stripe.invoicePayments.list({ invoice: w.invoice, limit: 100 }));
  const notes = await all(stripe.creditNotes.list({ invoice: w.invoice, limit: 100 }));
  const txns = await all(stripe.customers.listBalanceTransactions(w.customer, { limit: 100 }));
  const customer = (await stripe.customers.retrieve(w.customer, { expand: ['invoice_credit_balance'] })) as Stripe.Customer;
  const issued = notes.filter((n) => n.status === 'issued');
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const neg = (x: number) => (x === 0 ? 0 : -x);

  // the invoice's amounts
  expect(inv.amount_remaining).toBe(Math.max(0, inv.amount_due - inv.amount_paid));
  expect(inv.amount_overpaid).toBe(Math.max(0, inv.amount_paid - inv.amount_due));
  expect(inv.amount_due).toBe(Math.max(0, inv.total - sum(issued.map((n) => n.pre_payment_amount))));
  expect(inv.pre_payment_credit_notes_amount).toBe(sum(issued.map((n) => n.pre_payment_amount)));
  expect(inv.post_payment_credit_notes_amount).toBe(sum(issued.map((n) => n.post_payment_amount)));
  const paidPayments = payments.filter((p) => p.status === 'paid');
  expect(inv.amount_paid).toBeGreaterThanOrEqual(sum(paidPayments.map((p) => p.amount_paid!)));
  if (inv.status === 'paid') expect(inv.amount_remaining).toBe(0);
  if (inv.status === 'open' || inv.status === 'uncollectible') {
    expect(inv.amount_remaining).toBeGreaterThan(0);
    expect(inv.amount_overpaid).toBe(0);
  }

  // its payments follow their PaymentIntents
  for (const p of payments) {
    const pi = await stripe.paymentIntents.retrieve(p.payment.payment_intent as string);
    if (p.status === 'paid') {
      expect(pi.status).toBe('succeeded');
      expect(p.amount_paid).toBe(pi.amount_received);
      expect(p.status_transitions.paid_at).not.toBeNull();
    } else {
      expect(p.amount_paid).toBeNull();
      if (!p.is_default && p.status === 'canceled') expect(pi.status).toBe('canceled');
      if (!p.is_default && p.status === 'open') expect(['succeeded', 'canceled']).not.toContain(pi.status);
    }
    if (p.status === 'canceled') expect(p.status_transitions.canceled_at).not.toBeNull();
  }
  const defaults = payments.filter((p) => p.is_default);
  expect(defaults).toHaveLength(1);
  if (inv.status === 'open' && inv.amount_remaining >= 50) expect(defaults[0]).toMatchObject({ status: 'open', amount_requested: inv.amount_remaining });
  if (inv.status === 'paid' || inv.status === 'void') expect(defaults[0].status).not.toBe('open');

  // its credit notes
  for (const n of notes) {
    expect(n.pre_payment_amount + n.post_payment_amount).toBe(n.amount);
    expect(n.type).toBe(n.pre_payment_amount > 0 && n.post_payment_amount > 0 ? 'mixed' : n.post_payment_amount > 0 ? 'post_payment' : 'pre_payment');
    const credit = n.customer_balance_transaction ? neg(txns.find((t) => t.id === n.customer_balance_transaction)!.amount) : 0;
    expect(sum(n.refunds.map((r) => r.amount_refunded)) + credit + (n.out_of_band_amount ?? 0)).toBe(n.post_payment_amount);
  }
  expect(sum(issued.map((n) => n.amount))).toBeLessThanOrEqual(inv.total);

  // the customer's balance is its ledger: overpayment credit plus credit from issued notes
  expect(customer.balance).toBe(sum(txns.map((t) => t.amount)));
  expect(await ledgerSum(stripe, w.customer)).toBe(customer.balance);
  expect(customer.invoice_credit_balance?.usd ?? 0).toBe(neg(customer.balance));
  const overpaidCredit = neg(sum(txns.filter((t) => t.type === 'invoice_overpaid').map((t) => t.amount)));
  expect(overpaidCredit).toBe(inv.amount_overpaid);
  const noteCredit = neg(sum(txns.filter((t) => t.type === 'credit_note').map((t) => t.amount)));
  const issuedCredit = sum(issued.map((n) => (n.customer_balance_transaction ? neg(txns.find((t) => t.id === n.customer_balance_transaction)!.amount) : 0)));
  expect(noteCredit).toBe(issuedCredit);
}

async function apply(w: World, o: Op): Promise<void> {
  const { stripe } = w;
  const pick = (list: string[], k: number) => list[k % list.length];
  switch (o.kind) {
    case 'attach': {
      const pi = await stripe.paymentIntents.create({
        amount: o.amount, currency: 'usd', customer: w.customer, payment_method: 'pm_card_visa', ...(o.confirmFirst ? { confirm: true } : {}),
      });
      w.intents.push(pi.id);
      await refusedChangesNothing(w, () => stripe.invoices.attachPayment(w.invoice, { payment_intent: pi.id }));
      return;
    }
    case 'confirm':
      if (w.intents.length > 0) await refusedChangesNothing(w, () => stripe.paymentIntents.confirm(pick(w.intents, o.k)));
      return;
    case 'cancel':
      if (w.intents.length > 0) await refusedChangesNothing(w, () => stripe.paymentIntents.cancel(pick(w.intents, o.k)));
      return;
    case 'pay':
      await refusedChangesNothing(w, () => stripe.invoices.pay(w.invoice, { payment_method: 'pm_card_visa' }));
      return;
    case 'payOutOfBand':
      await refusedChangesNothing(w, () => stripe.invoices.pay(w.invoice, { paid_out_of_band: true }));
      return;
    case 'note': {
      const inv = await stripe.invoices.retrieve(w.invoice);
      const open = inv.status === 'open' || inv.status === 'uncollectible';
      const post = o.amount - (open ? Math.min(o.amount, inv.amount_remaining) : 0);
      const params: Stripe.CreditNoteCreateParams = { invoice: w.invoice, amount: o.amount };
      if (post > 0 || o.via === 'wrong') {
        if (o.via === 'credit') params.credit_amount = post;
        if (o.via === 'out_of_band') params.out_of_band_amount = post;
        if (o.via === 'refund') params.refund_amount = post;
        if (o.via === 'split') Object.assign(params, { credit_amount: Math.floor(post / 2), out_of_band_amount: post - Math.floor(post / 2) });
        if (o.via === 'wrong') params.credit_amount = post + 1;
      }
      const note = await refusedChangesNothing(w, () => stripe.creditNotes.create(params));
      if (note) w.notes.push(note.id);
      return;
    }
    case 'voidNote':
      if (w.notes.length > 0) await refusedChangesNothing(w, () => stripe.creditNotes.voidCreditNote(pick(w.notes, o.k)));
      return;
    case 'voidInvoice':
      await refusedChangesNothing(w, () => stripe.invoices.voidInvoice(w.invoice));
      return;
    case 'uncollectible':
      await refusedChangesNothing(w, () => stripe.invoices.markUncollectible(w.invoice));
  }
}

/** Runs the request; when Stripe refuses it (4xx), the state must be exactly what it was. */
async function refusedChangesNothing<T>(w: World, request: () => Promise<T>): Promise<T | undefined> {
  const before = await snapshot(w);
  try {
    return await request();
  } catch (error) {
    const err = error as Stripe.errors.StripeError;
    expect(err.statusCode, err.message).toBeGreaterThanOrEqual(400);
    expect(err.statusCode, err.message).toBeLessThan(500);
    expect(err.statusCode, `a card error keeps writes: ${err.message}`).not.toBe(402);
    expect(await snapshot(w)).toEqual(before);
    return undefined;
  }
}

describe('invoice, payments, credit notes and the customer ledger agree', () => {
  it('for random sequences of operations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1000, max: 20000 }), fc.array(op, { minLength: 1, maxLength: 7 }), async (total, ops) => {
        const key = h.newKey();
        const stripe = h.stripe({ key });
        const { customer, invoice } = await openInvoice(stripe, [total]);
        const w: World = { stripe, key, customer: customer.id, invoice: invoice.id, intents: [], notes: [] };
        await checkInvariants(w);
        for (const o of ops) {
          await apply(w, o);
          await checkInvariants(w);
        }
      }),
      { numRuns: Number(process.env.PARTIAL_PAYMENTS_RUNS ?? 30) },
    );
  }, 300_000);
});

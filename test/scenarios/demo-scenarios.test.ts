/**
 * The demo scenarios in fixtures/ run end to end (as `npm start -- --fixtures FILE`
 * does) and leave the state and events the README tells people to look for.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { seedFixtures } from '../../src/fixtures/seed.js';
import { createHarness, newKey, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function run(file: string) {
  const key = newKey();
  const outcomes = await seedFixtures(h.emulator, [resolve('fixtures', file)], { key, log: () => {} });
  const byName = new Map(outcomes.map((o) => [o.step.name, o.response as Record<string, unknown>]));
  const stripe = h.stripe({ key });
  const events = await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
  const types = events.map((e) => e.type).reverse();
  return { stripe, byName, events, types };
}

function count(types: string[], type: string): number {
  return types.filter((t) => t === type).length;
}

describe('demo scenarios', () => {
  it('milestone billing: one invoice paid in three partial payments', async () => {
    const { stripe, byName, types } = await run('milestone-billing.json');
    const invoice = await stripe.invoices.retrieve(String(byName.get('invoice')!.id), { expand: ['payments'] });
    expect(invoice).toMatchObject({ status: 'paid', amount_due: 300000, amount_paid: 300000, amount_remaining: 0, amount_overpaid: 0 });
    const nonDefault = invoice.payments!.data.filter((p) => !p.is_default);
    expect(nonDefault.map((p) => [p.status, p.amount_paid])).toEqual([
      ['paid', 100000], ['paid', 100000], ['paid', 100000],
    ]);
    expect(count(types, 'invoice_payment.paid')).toBe(3);
    expect(count(types, 'invoice.paid')).toBe(1);
    expect(types.indexOf('invoice.paid')).toBeGreaterThan(types.lastIndexOf('invoice_payment.paid') - 1);
    const afterFirst = byName.get('attach_1') as unknown as Stripe.Invoice;
    expect(afterFirst.amount_remaining).toBe(200000);
  });

  it('overpaid invoice: the credit it leaves and the refund of the overpayment', async () => {
    const { stripe, byName, types } = await run('overpaid-invoice.json');
    const invoice = byName.get('overpaid_invoice') as unknown as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 60000, amount_remaining: 0, amount_overpaid: 10000 });
    expect(types).toContain('invoice.overpaid');
    const credit = byName.get('credit_check') as unknown as Stripe.Customer;
    expect(credit.invoice_credit_balance).toEqual({ usd: 10000 });
    const customer = String(byName.get('customer')!.id);
    const txns = await stripe.customers.listBalanceTransactions(customer);
    expect(txns.data.map((t) => [t.type, t.amount])).toEqual([['adjustment', 10000], ['invoice_overpaid', -10000]]);
    expect((await stripe.customers.retrieve(customer) as Stripe.Customer).balance).toBe(0);
    const refund = byName.get('refund') as unknown as Stripe.Refund;
    expect(refund).toMatchObject({ amount: 10000, status: 'succeeded' });
    expect(types).toContain('charge.refunded');
  });

  it('a mixed credit note on a partially paid invoice, with its preview', async () => {
    const { byName, types } = await run('mixed-credit-note.json');
    const preview = byName.get('preview') as unknown as Stripe.CreditNote;
    const note = byName.get('credit_note') as unknown as Stripe.CreditNote;
    for (const cn of [preview, note]) {
      expect(cn).toMatchObject({ amount: 50000, pre_payment_amount: 40000, post_payment_amount: 10000, type: 'mixed' });
    }
    expect(note.customer_balance_transaction).toMatch(/^cbtxn_/);
    const invoice = byName.get('credited_invoice') as unknown as Stripe.Invoice;
    expect(invoice).toMatchObject({
      status: 'paid', amount_remaining: 0, pre_payment_credit_notes_amount: 40000, post_payment_credit_notes_amount: 10000,
    });
    expect(count(types, 'credit_note.created')).toBe(1);
  });

  it('an invoice paid after a declined card', async () => {
    const { stripe, byName, types } = await run('declined-then-paid.json');
    expect(types).toContain('invoice.payment_failed');
    expect(types).toContain('charge.failed');
    const invoice = await stripe.invoices.retrieve(String(byName.get('invoice')!.id));
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 25000, amount_remaining: 0 });
    expect(types.indexOf('invoice.paid')).toBeGreaterThan(types.indexOf('invoice.payment_failed'));
  });

  it("a customer's credit balance applied to the next invoice", async () => {
    const { stripe, byName } = await run('credit-balance-next-invoice.json');
    const finalized = byName.get('invoice_finalized') as unknown as Stripe.Invoice;
    expect(finalized).toMatchObject({ total: 50000, starting_balance: -20000, amount_due: 30000 });
    const paid = byName.get('paid') as unknown as Stripe.Invoice;
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 30000 });
    const customer = byName.get('customer_after') as unknown as Stripe.Customer;
    expect(customer.balance).toBe(0);
    const txns = await stripe.customers.listBalanceTransactions(customer.id);
    expect(txns.data.map((t) => [t.type, t.amount])).toEqual([['applied_to_invoice', 20000], ['adjustment', -20000]]);
  });
});

/** Overpayment (seed "Prevent invoice overpayment"): the excess is credited to the customer, and the seed's refund recipe works end to end. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { expectShape } from '../support/shape.js';
import { eventTypes, eventsOf, intent, json, ledgerSum, openInvoice, withPayments } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function creditBalance(stripe: Stripe, customer: string): Promise<{ balance: number; credit: number }> {
  const c = (await stripe.customers.retrieve(customer, { expand: ['invoice_credit_balance'] })) as Stripe.Customer;
  return { balance: c.balance, credit: c.invoice_credit_balance?.usd ?? 0 };
}

describe('several open payments exceeding what is due', () => {
  it('pays the invoice, records amount_overpaid and credits the excess to the customer', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    const a = await intent(stripe, customer.id, 6000);
    const b = await intent(stripe, customer.id, 6000);
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: a.id });
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: b.id });
    await stripe.paymentIntents.confirm(a.id);
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'open', amount_paid: 6000, amount_remaining: 4000, amount_overpaid: 0 });
    await stripe.paymentIntents.confirm(b.id);

    const inv = await withPayments(stripe, invoice.id);
    expect(inv).toMatchObject({ status: 'paid', amount_due: 10000, amount_paid: 12000, amount_remaining: 0, amount_overpaid: 2000 });
    expectShape(json(inv), 'Invoice', '2026-10-28.endive');
    const txns = await stripe.customers.listBalanceTransactions(customer.id);
    expect(txns.data).toHaveLength(1);
    expect(txns.data[0]).toMatchObject({ type: 'invoice_overpaid', amount: -2000, invoice: invoice.id, currency: 'usd', ending_balance: -2000 });
    expect(await creditBalance(stripe, customer.id)).toEqual({ balance: -2000, credit: 2000 });

    const types = await eventTypes(stripe);
    expect(types).toEqual(expect.arrayContaining(['invoice.overpaid', 'invoice.paid', 'invoice.payment_succeeded', 'customer.updated']));
    expect(types.filter((t) => t === 'invoice.overpaid')).toHaveLength(1);
    const [overpaid] = await eventsOf(stripe, 'invoice.overpaid');
    expect((overpaid.data.object as Stripe.Invoice)).toMatchObject({ id: invoice.id, amount_overpaid: 2000, status: 'paid' });
    const [customerUpdated] = await eventsOf(stripe, 'customer.updated');
    expect(customerUpdated.data.object).toMatchObject({ id: customer.id, balance: -2000 });
    expect(customerUpdated.data.previous_attributes).toMatchObject({ balance: 0 });
  });

  it("the seed's refund recipe: read amount_overpaid, check the credit, take it back with a balance transaction, refund", async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    const a = await intent(stripe, customer.id, 7000);
    const b = await intent(stripe, customer.id, 5000);
    for (const pi of [a, b]) await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    for (const pi of [a, b]) await stripe.paymentIntents.confirm(pi.id);

    // 1. the invoice.overpaid event tells how much
    const [event] = await eventsOf(stripe, 'invoice.overpaid');
    const overpaidInvoice = event.data.object as Stripe.Invoice;
    const excess = overpaidInvoice.amount_overpaid;
    expect(excess).toBe(2000);
    // 2. the customer holds that much invoice credit
    const { credit } = await creditBalance(stripe, overpaidInvoice.customer as string);
    expect(credit).toBeGreaterThanOrEqual(excess);
    // 3. take the credit back with a positive balance transaction
    const debit = await stripe.customers.createBalanceTransaction(customer.id, { amount: excess, currency: 'usd', description: `Refund of overpayment on ${invoice.id}` });
    expect(debit).toMatchObject({ type: 'adjustment', amount: 2000, ending_balance: 0 });
    // 4. refund the excess from the payment that overpaid
    const inv = await withPayments(stripe, invoice.id);
    const last = inv.payments!.data.filter((p) => p.status === 'paid').sort((x, y) => y.status_transitions.paid_at! - x.status_transitions.paid_at!)[0];
    const refund = await stripe.refunds.create({ payment_intent: last.payment.payment_intent as string, amount: excess });
    expect(refund).toMatchObject({ status: 'succeeded', amount: 2000 });

    expect(await creditBalance(stripe, customer.id)).toEqual({ balance: 0, credit: 0 });
    expect(await ledgerSum(stripe, customer.id)).toBe(0);
    const charge = await stripe.charges.retrieve((await stripe.paymentIntents.retrieve(refund.payment_intent as string)).latest_charge as string);
    expect(charge.amount_refunded).toBe(2000);
    // the invoice itself still records what happened
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', amount_paid: 12000, amount_overpaid: 2000 });
  });

  it('a payment that succeeds after the invoice was paid adds to the overpayment (credited, announced again)', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    const late = await intent(stripe, customer.id, 3000);
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: late.id });
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa' });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 10000, amount_overpaid: 0 });
    expect((await eventTypes(stripe))).not.toContain('invoice.overpaid');
    await stripe.paymentIntents.confirm(late.id);
    const inv = await withPayments(stripe, invoice.id);
    expect(inv).toMatchObject({ status: 'paid', amount_paid: 13000, amount_overpaid: 3000, amount_remaining: 0 });
    expect(inv.payments!.data[0]).toMatchObject({ status: 'paid', amount_paid: 3000 });
    expect(await creditBalance(stripe, customer.id)).toEqual({ balance: -3000, credit: 3000 });
    const [event] = await eventsOf(stripe, 'invoice.overpaid');
    expect((event.data.object as Stripe.Invoice).amount_overpaid).toBe(3000);
    expect(await ledgerSum(stripe, customer.id)).toBe(-3000);
  });

  it('a pre-payment credit note lowering amount_due below an attached payment leads to an overpayment', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    const pi = await intent(stripe, customer.id, 10000);
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 4000 });
    expect(note).toMatchObject({ type: 'pre_payment', pre_payment_amount: 4000, post_payment_amount: 0 });
    await stripe.paymentIntents.confirm(pi.id);
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', amount_due: 6000, amount_paid: 10000, amount_overpaid: 4000 });
    expect(await creditBalance(stripe, customer.id)).toEqual({ balance: -4000, credit: 4000 });
    expect((await eventsOf(stripe, 'invoice.overpaid'))).toHaveLength(1);
  });

  it('the credit pays the customer\'s next invoice', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [5000]);
    const a = await intent(stripe, customer.id, 4000);
    const b = await intent(stripe, customer.id, 3000);
    for (const pi of [a, b]) await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    for (const pi of [a, b]) await stripe.paymentIntents.confirm(pi.id);
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).balance).toBe(-2000);
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 10 });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 3000, currency: 'usd' });
    const next = await stripe.invoices.finalizeInvoice(draft.id);
    expect(next).toMatchObject({ starting_balance: -2000, ending_balance: 0, amount_due: 1000 });
    expect(await ledgerSum(stripe, customer.id)).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { API_VERSIONS } from '../support/shape.js';
import { eventTypes, shape } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function draft(stripe: Stripe, amount: number, params: Partial<Stripe.InvoiceCreateParams> = {}, customerParams: Stripe.CustomerCreateParams = {}) {
  const customer = await stripe.customers.create({ email: 'life@example.com', ...customerParams });
  await stripe.invoiceItems.create({ customer: customer.id, amount, currency: 'usd' });
  const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', ...params });
  return { customer, invoice };
}

describe('finalize', () => {
  it('numbers the invoice per customer, sets links and transitions, opens the default payment', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { customer, invoice } = await draft(stripe, 2000);
    const open = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(open.status).toBe('open');
    expect(open.number).toBe(`${customer.invoice_prefix}-0001`);
    expect(open.hosted_invoice_url).toMatch(/^http:\/\/127\.0\.0\.1:12111\/invoices\/test_/);
    expect(open.invoice_pdf).toBe(`${open.hosted_invoice_url}/pdf`);
    expect(open.status_transitions.finalized_at).toBeGreaterThanOrEqual(invoice.created);
    expect(open.effective_at).toBe(open.status_transitions.finalized_at);
    expect(open).toMatchObject({ amount_due: 2000, amount_remaining: 2000, ending_balance: 0, starting_balance: 0 });
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).next_invoice_sequence).toBe(2);

    await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' });
    const second = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    expect((await stripe.invoices.finalizeInvoice(second.id)).number).toBe(`${customer.invoice_prefix}-0002`);

    const withPayments = await stripe.invoices.retrieve(invoice.id, { expand: ['payments', 'confirmation_secret'] });
    const payments = withPayments.payments!.data;
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ object: 'invoice_payment', is_default: true, status: 'open', amount_requested: 2000, amount_paid: null, currency: 'usd', invoice: invoice.id });
    expect(payments[0].id).toMatch(/^inpay_/);
    const pi = await stripe.paymentIntents.retrieve(payments[0].payment.payment_intent as string);
    expect(pi).toMatchObject({ amount: 2000, currency: 'usd', customer: customer.id, status: 'requires_payment_method' });
    expect(withPayments.confirmation_secret).toEqual({ client_secret: pi.client_secret, type: 'payment_intent' });
    for (const v of API_VERSIONS) shape(await h.stripe({ key, apiVersion: v }).invoices.retrieve(invoice.id, { expand: ['payments'] }), 'Invoice', v);

    const again = await stripe.invoices.finalizeInvoice(invoice.id).catch((e) => e);
    expect(again).toMatchObject({ statusCode: 400 });
    expect(again.message).toMatch(/already finalized/);
    expect(eventTypes(h, key)).toContain('invoice.finalized');
  });

  it('applies customer credit at finalization through a balance transaction', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { customer, invoice } = await draft(stripe, 2000, {}, { balance: -500 });
    expect((await stripe.invoices.retrieve(invoice.id))).toMatchObject({ starting_balance: -500, amount_due: 1500 });
    const open = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(open).toMatchObject({ total: 2000, starting_balance: -500, ending_balance: 0, amount_due: 1500, amount_remaining: 1500 });
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(0);
    const txns = await stripe.customers.listBalanceTransactions(customer.id);
    expect(txns.data[0]).toMatchObject({ type: 'applied_to_invoice', amount: 500, invoice: invoice.id, ending_balance: 0 });
    const credit = await stripe.customers.retrieve(customer.id, { expand: ['invoice_credit_balance'] }) as Stripe.Customer;
    expect(credit.invoice_credit_balance).toEqual({ usd: 0 });
  });

  it('marks an invoice covered by credit paid at once; voiding gives the credit back', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { customer, invoice } = await draft(stripe, 300, {}, { balance: -1000 });
    const paid = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(paid).toMatchObject({ status: 'paid', amount_due: 0, amount_paid: 0, amount_remaining: 0, starting_balance: -1000, ending_balance: -700 });
    expect(eventTypes(h, key)).toEqual(expect.arrayContaining(['invoice.finalized', 'invoice.paid']));

    const { invoice: other } = await draft(stripe, 2000, {}, { balance: -500 });
    const open = await stripe.invoices.finalizeInvoice(other.id);
    const voided = await stripe.invoices.voidInvoice(open.id);
    expect(voided.status).toBe('void');
    const owner = (await stripe.customers.retrieve(open.customer as string)) as Stripe.Customer;
    expect(owner.balance).toBe(-500);
    const txns = await stripe.customers.listBalanceTransactions(owner.id);
    expect(txns.data[0]).toMatchObject({ type: 'unapplied_from_invoice', amount: -500, invoice: other.id });
    expect(customer.id).not.toBe(owner.id);
  });

  it('carries an amount below the minimum charge to the customer balance', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await draft(stripe, 30);
    const paid = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(paid).toMatchObject({ status: 'paid', amount_due: 0, ending_balance: 30 });
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(30);
    const txns = await stripe.customers.listBalanceTransactions(customer.id);
    expect(txns.data[0]).toMatchObject({ type: 'invoice_too_small', amount: 30, invoice: invoice.id });
  });
});

describe('send, void, mark_uncollectible', () => {
  it('sends a send_invoice invoice (finalizing a draft first) and sets its due date from days_until_due', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice } = await draft(stripe, 2000, { collection_method: 'send_invoice', days_until_due: 7 });
    const sent = await stripe.invoices.sendInvoice(invoice.id);
    expect(sent.status).toBe('open');
    expect(sent.due_date).toBe(sent.status_transitions.finalized_at! + 7 * 86400);
    expect(eventTypes(h, key).filter((t) => t.startsWith('invoice.'))).toEqual(['invoice.created', 'invoice.finalized', 'invoice.sent']);
    const { invoice: auto } = await draft(stripe, 2000);
    const err = await stripe.invoices.sendInvoice(auto.id).catch((e) => e);
    expect(err).toMatchObject({ statusCode: 400 });
    expect(err.message).toMatch(/send_invoice/);
  });

  it('voids open invoices, cancelling the default payment, and refuses other transitions', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice } = await draft(stripe, 2000);
    const voidDraft = await stripe.invoices.voidInvoice(invoice.id).catch((e) => e);
    expect(voidDraft).toMatchObject({ statusCode: 400 });
    await stripe.invoices.finalizeInvoice(invoice.id);
    const voided = await stripe.invoices.voidInvoice(invoice.id, { expand: ['payments'] });
    expect(voided).toMatchObject({ status: 'void', auto_advance: false });
    expect(voided.status_transitions.voided_at).not.toBeNull();
    expect(voided.payments!.data[0]).toMatchObject({ status: 'canceled' });
    const pi = await stripe.paymentIntents.retrieve(voided.payments!.data[0].payment.payment_intent as string);
    expect(pi).toMatchObject({ status: 'canceled', cancellation_reason: 'void_invoice' });
    for (const action of [() => stripe.invoices.voidInvoice(invoice.id), () => stripe.invoices.pay(invoice.id), () => stripe.invoices.markUncollectible(invoice.id), () => stripe.invoices.finalizeInvoice(invoice.id)]) {
      const err = await action().catch((e) => e);
      expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
    }
    expect(eventTypes(h, key)).toContain('invoice.voided');
  });

  it('marks open invoices uncollectible; those can still be paid or voided', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice } = await draft(stripe, 2000);
    const draftErr = await stripe.invoices.markUncollectible(invoice.id).catch((e) => e);
    expect(draftErr).toMatchObject({ statusCode: 400 });
    await stripe.invoices.finalizeInvoice(invoice.id);
    const unc = await stripe.invoices.markUncollectible(invoice.id);
    expect(unc.status).toBe('uncollectible');
    expect(unc.status_transitions.marked_uncollectible_at).not.toBeNull();
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa' });
    expect(paid.status).toBe('paid');
    expect(eventTypes(h, key)).toEqual(expect.arrayContaining(['invoice.marked_uncollectible', 'invoice.paid']));

    const { invoice: second } = await draft(stripe, 2000);
    await stripe.invoices.finalizeInvoice(second.id);
    await stripe.invoices.markUncollectible(second.id);
    expect((await stripe.invoices.voidInvoice(second.id)).status).toBe('void');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { API_VERSIONS } from '../support/shape.js';
import { eventsOf, eventTypes, shape } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function draft(stripe: Stripe, amount = 2000, params: Partial<Stripe.InvoiceCreateParams> = {}) {
  const customer = await stripe.customers.create({ email: 'pay@example.com' });
  await stripe.invoiceItems.create({ customer: customer.id, amount, currency: 'usd' });
  const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', ...params });
  return { customer, invoice };
}

describe('pay', () => {
  it('pays a draft with an attached card: finalizes, charges through the default payment, emits the events', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { customer, invoice } = await draft(stripe);
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: pm.id, expand: ['payments.data.payment.payment_intent'] });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2000, amount_remaining: 0, amount_overpaid: 0, attempted: true, attempt_count: 1, auto_advance: false });
    expect(paid.status_transitions.paid_at).not.toBeNull();
    const payment = paid.payments!.data[0];
    expect(payment).toMatchObject({ is_default: true, status: 'paid', amount_paid: 2000, amount_requested: 2000 });
    expect(payment.status_transitions.paid_at).not.toBeNull();
    const pi = payment.payment.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount_received: 2000, payment_method: pm.id });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ paid: true, amount: 2000 });
    for (const v of API_VERSIONS) shape(await h.stripe({ key, apiVersion: v }).invoices.retrieve(invoice.id, { expand: ['payments'] }), 'Invoice', v);

    const types = eventTypes(h, key).filter((t) => t.startsWith('invoice.') || t.startsWith('invoice_payment.'));
    expect(types).toEqual(['invoice.created', 'invoice.finalized', 'invoice_payment.paid', 'invoice.paid', 'invoice.payment_succeeded']);
    const already = await stripe.invoices.pay(invoice.id).catch((e) => e);
    expect(already).toMatchObject({ statusCode: 400 });
  });

  it("falls back to the invoice's, then the customer's default payment method", async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await draft(stripe);
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    expect((await stripe.invoices.pay(invoice.id)).status).toBe('paid');

    const second = await draft(stripe);
    const pm2 = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: second.customer.id });
    await stripe.invoices.update(second.invoice.id, { default_payment_method: pm2.id });
    const paid = await stripe.invoices.pay(second.invoice.id, { expand: ['payments.data.payment.payment_intent'] });
    expect((paid.payments!.data[0].payment.payment_intent as Stripe.PaymentIntent).payment_method).toBe(pm2.id);
  });

  it('refuses to pay without any payment method (400) and records nothing', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice } = await draft(stripe);
    const open = await stripe.invoices.finalizeInvoice(invoice.id);
    const err = await stripe.invoices.pay(open.id).catch((e) => e);
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
    expect(err.message).toMatch(/no attached payment source or default payment method/);
    expect((await stripe.invoices.retrieve(open.id))).toMatchObject({ status: 'open', attempt_count: 0, attempted: false });
    expect(eventTypes(h, key)).not.toContain('invoice.payment_failed');
  });

  it('answers a decline with a 402 card error, keeps the attempt and emits invoice.payment_failed', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { customer, invoice } = await draft(stripe);
    const pm = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    const err = await stripe.invoices.pay(invoice.id, { payment_method: pm.id }).catch((e) => e);
    expect(err).toMatchObject({ statusCode: 402, type: 'StripeCardError', code: 'card_declined' });
    const after = await stripe.invoices.retrieve(invoice.id, { expand: ['payments'] });
    expect(after).toMatchObject({ status: 'open', attempted: true, attempt_count: 1, amount_paid: 0, amount_remaining: 2000 });
    expect(after.payments!.data[0].status).toBe('open');
    const pi = await stripe.paymentIntents.retrieve(after.payments!.data[0].payment.payment_intent as string);
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.last_payment_error).toMatchObject({ code: 'card_declined' });
    expect(eventTypes(h, key)).toContain('invoice.payment_failed');

    // a second attempt with a good card pays the same default payment
    const good = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: good.id });
    expect(paid).toMatchObject({ status: 'paid', attempt_count: 2, amount_paid: 2000 });
  });

  it('answers authentication with 402 invoice_payment_intent_requires_action and pays once authenticated', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { customer, invoice } = await draft(stripe);
    const pm = await stripe.paymentMethods.attach('pm_card_threeDSecure2Required', { customer: customer.id });
    const err = await stripe.invoices.pay(invoice.id, { payment_method: pm.id }).catch((e) => e);
    expect(err).toMatchObject({ statusCode: 402, type: 'StripeCardError', code: 'invoice_payment_intent_requires_action' });
    expect(err.payment_intent).toMatchObject({ status: 'requires_action' });
    expect(eventTypes(h, key)).toContain('invoice.payment_action_required');
    const open = await stripe.invoices.retrieve(invoice.id);
    expect(open.status).toBe('open');

    const res = await h.request(`/_emulator/payment_intents/${err.payment_intent.id}/authenticate`, { method: 'POST', key });
    expect(res.status).toBe(200);
    const paid = await stripe.invoices.retrieve(invoice.id);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2000 });
    expect(eventTypes(h, key)).toEqual(expect.arrayContaining(['invoice.paid', 'invoice.payment_succeeded']));
  });

  it('pays when the default PaymentIntent is confirmed directly (e.g. with the confirmation secret)', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await draft(stripe);
    const open = await stripe.invoices.finalizeInvoice(invoice.id, { expand: ['payments'] });
    const piId = open.payments!.data[0].payment.payment_intent as string;
    await stripe.paymentIntents.confirm(piId, { payment_method: 'pm_card_visa' });
    const paid = await stripe.invoices.retrieve(invoice.id);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2000 });
    expect(customer.id).toBe(paid.customer);
  });

  it("refuses to cancel or update the default payment's PaymentIntent directly", async () => {
    const stripe = h.stripe();
    const { invoice } = await draft(stripe);
    const open = await stripe.invoices.finalizeInvoice(invoice.id, { expand: ['payments'] });
    const intent = open.payments!.data[0].payment.payment_intent as string;
    for (const attempt of [() => stripe.paymentIntents.cancel(intent), () => stripe.paymentIntents.update(intent, { amount: 1 })]) {
      const err = await attempt().catch((e) => e);
      expect(err).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
      expect(err.message).toContain(invoice.id);
    }
    const unchanged = await stripe.invoices.retrieve(invoice.id, { expand: ['payments'] });
    expect(unchanged.payments!.data.map((p) => [p.is_default, p.status])).toEqual([[true, 'open']]);
    expect((await stripe.paymentIntents.retrieve(intent)).amount).toBe(2000);
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa', expand: ['payments'] });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2000 });
  });

  it('marks paid out of band: no charge, the default payment canceled, amount_paid counts it (basil+)', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice } = await draft(stripe);
    const paid = await stripe.invoices.pay(invoice.id, { paid_out_of_band: true, expand: ['payments'] });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2000, amount_remaining: 0 });
    expect(paid.payments!.data[0].status).toBe('canceled');
    const types = eventTypes(h, key);
    expect(types).toContain('invoice.paid');
    expect(types).not.toContain('invoice.payment_succeeded');
    const paidEvent = eventsOf(h, key).find((e) => e.type === 'invoice.paid')!;
    expect((paidEvent.data as { object: { amount_paid: number } }).object.amount_paid).toBe(2000);
  });
});

describe('invoice payments API', () => {
  it('lists and retrieves invoice payments from 2025-03-31.basil on, not before', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice } = await draft(stripe);
    await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa' });
    const list = await stripe.invoicePayments.list({ invoice: invoice.id });
    expect(list.data).toHaveLength(1);
    const one = await stripe.invoicePayments.retrieve(list.data[0].id, { expand: ['payment.payment_intent', 'invoice'] });
    expect((one.invoice as Stripe.Invoice).id).toBe(invoice.id);
    expect((one.payment.payment_intent as Stripe.PaymentIntent).status).toBe('succeeded');
    for (const v of API_VERSIONS) shape(await h.stripe({ key, apiVersion: v }).invoicePayments.retrieve(list.data[0].id), 'InvoicePayment', v);
    expect((await stripe.invoicePayments.list({ status: 'canceled' })).data).toEqual([]);

    const old = await h.request(`/v1/invoice_payments?invoice=${invoice.id}`, { key, headers: { 'stripe-version': '2025-02-24.acacia' } });
    expect(old.status).toBe(404);
    const oldExpand = await h.request(`/v1/invoices/${invoice.id}?expand[]=payments`, { key, headers: { 'stripe-version': '2025-02-24.acacia' } });
    expect(oldExpand.status).toBe(400);
  });
});

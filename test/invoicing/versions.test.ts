import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const PRE_BASIL = ['2024-06-20', '2024-12-18.acacia', '2025-02-24.acacia'] as const;

async function raw(path: string, key: string, version: string, init: { method?: string; body?: string } = {}): Promise<Record<string, any>> {
  const res = await h.request(path, {
    key,
    method: init.method ?? 'GET',
    body: init.body,
    headers: { 'stripe-version': version, ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Record<string, any>;
}

async function paidInvoice(stripe: Stripe, opts: { outOfBand?: boolean } = {}) {
  const customer = await stripe.customers.create({ email: 'v@example.com' });
  const product = await stripe.products.create({ name: 'Thing' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1250 });
  await stripe.invoiceItems.create({ customer: customer.id, pricing: { price: price.id }, quantity: 2 });
  const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
  const paid = opts.outOfBand
    ? await stripe.invoices.pay(invoice.id, { paid_out_of_band: true })
    : await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa', expand: ['payments'] });
  return { customer, price, invoice: paid };
}

describe('invoices before 2025-03-31.basil', () => {
  it('show paid, charge, payment_intent and the other pre-basil fields, without the basil-only ones', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice, price } = await paidInvoice(stripe);
    const payment = invoice.payments!.data[0];
    const pi = await stripe.paymentIntents.retrieve(payment.payment.payment_intent as string);
    for (const version of PRE_BASIL) {
      const old = await raw(`/v1/invoices/${invoice.id}`, key, version);
      expect(old).toMatchObject({
        paid: true, paid_out_of_band: false, charge: pi.latest_charge, payment_intent: pi.id, amount_paid: 2500,
        subscription: null, discount: null, tax: null, total_tax_amounts: [], application_fee_amount: null, transfer_data: null, quote: null,
      });
      for (const gone of ['amount_overpaid', 'parent', 'total_taxes', 'payments', 'confirmation_secret']) expect(old).not.toHaveProperty(gone);
      const line = old.lines.data[0];
      expect(line).toMatchObject({ type: 'invoiceitem', proration: false, tax_amounts: [], tax_rates: [], amount_excluding_tax: 2500, unit_amount_excluding_tax: '1250' });
      expect(line.price).toMatchObject({ id: price.id, object: 'price', unit_amount: 1250 });
      expect(line.invoice_item).toMatch(/^ii_/);
      for (const gone of ['parent', 'pricing', 'taxes']) expect(line).not.toHaveProperty(gone);
      const item = await raw(`/v1/invoiceitems/${line.invoice_item}`, key, version);
      expect(item).toMatchObject({ price: { id: price.id }, unit_amount: 1250, plan: null, subscription: null });
      expect(item).not.toHaveProperty('pricing');
    }
  });

  it('expand payment_intent and charge on older versions only', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice } = await paidInvoice(stripe);
    const old = await raw(`/v1/invoices/${invoice.id}?expand[]=payment_intent&expand[]=charge`, key, '2024-06-20');
    expect(old.payment_intent).toMatchObject({ object: 'payment_intent', status: 'succeeded' });
    expect(old.charge).toMatchObject({ object: 'charge', paid: true });
    const now = await h.request(`/v1/invoices/${invoice.id}?expand[]=payment_intent`, { key });
    expect(now.status).toBe(400);
  });

  it('count out-of-band payments in amount_paid from basil on, not before', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice } = await paidInvoice(stripe, { outOfBand: true });
    expect(invoice.amount_paid).toBe(2500);
    const old = await raw(`/v1/invoices/${invoice.id}`, key, '2025-02-24.acacia');
    expect(old).toMatchObject({ paid: true, paid_out_of_band: true, amount_paid: 0, charge: null, status: 'paid' });
    const basil = await raw(`/v1/invoices/${invoice.id}`, key, '2025-03-31.basil');
    expect(basil.amount_paid).toBe(2500);
    expect(basil).not.toHaveProperty('paid');
  });

  it('render events in the older shape for an account pinned before basil', async () => {
    const old = await createHarness({ apiVersion: '2025-02-24.acacia' });
    try {
      const key = old.newKey();
      const stripe = old.stripe({ key, apiVersion: '2025-02-24.acacia' });
      const customer = await stripe.customers.create();
      await stripe.invoiceItems.create({ customer: customer.id, amount: 900, currency: 'usd' } as Stripe.InvoiceItemCreateParams);
      const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
      await stripe.invoices.finalizeInvoice(invoice.id);
      await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa' });
      const res = await old.request('/v1/events?type=invoice.finalized', { key });
      const finalized = ((await res.json()) as { data: Array<{ api_version: string; data: { object: Record<string, unknown> } }> }).data[0];
      expect(finalized.api_version).toBe('2025-02-24.acacia');
      // rendered from the snapshot: still open and unpaid at that moment
      expect(finalized.data.object).toMatchObject({ status: 'open', paid: false, charge: null });
      expect(finalized.data.object.payment_intent).toMatch(/^pi_/);
      const paidRes = await old.request('/v1/events?type=invoice.paid', { key });
      const paid = ((await paidRes.json()) as { data: Array<{ data: { object: Record<string, unknown> } }> }).data[0];
      expect(paid.data.object).toMatchObject({ status: 'paid', paid: true });
      expect(paid.data.object.charge).toMatch(/^ch_/);
    } finally {
      await old.close();
    }
  });
});

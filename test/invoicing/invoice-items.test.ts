import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { API_VERSIONS } from '../support/shape.js';
import { eventTypes, json, shape } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('invoice items', () => {
  it('creates an item with an amount, retrieves, updates, lists and deletes it', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const customer = await stripe.customers.create({ email: 'a@example.com' });
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: 'usd', description: 'Setup', metadata: { k: 'v' } });
    expect(item.id).toMatch(/^ii_/);
    expect(json(item)).toMatchObject({
      object: 'invoiceitem', amount: 2000, currency: 'usd', customer: customer.id, invoice: null, description: 'Setup', quantity: 1,
      discountable: true, proration: false, metadata: { k: 'v' },
      pricing: { type: 'price_details', unit_amount_decimal: '2000' },
    });
    expect(item.period.start).toBe(item.date);
    for (const v of API_VERSIONS) shape(await h.stripe({ key, apiVersion: v }).invoiceItems.retrieve(item.id), 'InvoiceItem', v);

    const updated = await stripe.invoiceItems.update(item.id, { quantity: 3, description: 'Setup x3' });
    expect(updated).toMatchObject({ amount: 6000, quantity: 3, description: 'Setup x3' });

    const other = await stripe.invoiceItems.create({ customer: customer.id, unit_amount_decimal: Stripe.Decimal.from('12.5'), quantity: 3, currency: 'usd' });
    expect(other.amount).toBe(38); // 37.5 rounds half up
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data.map((i) => i.id)).toEqual([other.id, item.id]);

    const deleted = await stripe.invoiceItems.del(item.id);
    expect(deleted).toEqual({ id: item.id, object: 'invoiceitem', deleted: true });
    expect((await stripe.invoiceItems.list({ customer: customer.id })).data.map((i) => i.id)).toEqual([other.id]);
    expect(eventTypes(h, key).filter((t) => t.startsWith('invoiceitem.'))).toEqual([
      'invoiceitem.created', 'invoiceitem.updated', 'invoiceitem.created', 'invoiceitem.deleted',
    ]);
  });

  it('prices an item from pricing[price] and from price_data', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create();
    const product = await stripe.products.create({ name: 'Seat' });
    const price = await stripe.prices.create({ product: product.id, currency: 'eur', unit_amount: 700 });
    const fromPrice = await stripe.invoiceItems.create({ customer: customer.id, pricing: { price: price.id }, quantity: 2 });
    expect(json(fromPrice)).toMatchObject({
      amount: 1400, currency: 'eur', quantity: 2,
      pricing: { type: 'price_details', price_details: { price: price.id, product: product.id }, unit_amount_decimal: '700' },
    });
    const inline = await stripe.invoiceItems.create({ customer: customer.id, price_data: { currency: 'eur', product: product.id, unit_amount: 250 }, quantity: 4 });
    expect(inline.amount).toBe(1000);
    const inlinePrice = inline.pricing?.price_details?.price as string;
    expect(inlinePrice).toMatch(/^price_/);
    expect((await stripe.prices.retrieve(inlinePrice)).active).toBe(false);
    expect((await stripe.prices.list({ product: product.id })).data.map((p) => p.id)).toEqual([price.id]);
  });

  it('refuses recurring or inactive prices, conflicting parameters and missing currency', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create();
    const product = await stripe.products.create({ name: 'Plan' });
    const monthly = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100, recurring: { interval: 'month' } });
    const e1 = await stripe.invoiceItems.create({ customer: customer.id, pricing: { price: monthly.id } }).catch((e) => e);
    expect(e1).toMatchObject({ statusCode: 400 });
    expect(e1.message).toMatch(/type=one_time/);
    const e2 = await stripe.invoiceItems.create({ customer: customer.id, amount: 5 }).catch((e) => e);
    expect(e2).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'currency' });
    const oneTime = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100 });
    const e3 = await stripe.invoiceItems.create({ customer: customer.id, amount: 5, currency: 'usd', pricing: { price: oneTime.id } }).catch((e) => e);
    expect(e3).toMatchObject({ statusCode: 400, code: 'parameters_exclusive' });
    const e4 = await stripe.invoiceItems.create({ customer: 'cus_missing', amount: 5, currency: 'usd' }).catch((e) => e);
    expect(e4).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'customer' });
  });

  it('accepts the pre-basil `price` parameter only on older versions', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const customer = await stripe.customers.create();
    const product = await stripe.products.create({ name: 'Old' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 300 });
    const body = `customer=${customer.id}&price=${price.id}&quantity=2`;
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const old = await h.request('/v1/invoiceitems', { method: 'POST', key, body, headers: { ...headers, 'stripe-version': '2024-06-20' } });
    expect(old.status).toBe(200);
    const oldItem = (await old.json()) as Record<string, unknown>;
    expect(oldItem.amount).toBe(600);
    expect(oldItem.price).toMatchObject({ id: price.id, object: 'price', unit_amount: 300 });
    expect(oldItem.unit_amount).toBe(300);
    expect(oldItem.pricing).toBeUndefined();
    const now = await h.request('/v1/invoiceitems', { method: 'POST', key, body, headers });
    expect(now.status).toBe(400);
    expect(((await now.json()) as { error: unknown }).error).toMatchObject({ code: 'parameter_unknown', param: 'price' });
  });

  it('attaches an item to a draft invoice and keeps the invoice totals in step', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const customer = await stripe.customers.create();
    const invoice = await stripe.invoices.create({ customer: customer.id });
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 1500, currency: 'usd', invoice: invoice.id });
    expect(item.invoice).toBe(invoice.id);
    let inv = await stripe.invoices.retrieve(invoice.id);
    expect(inv).toMatchObject({ subtotal: 1500, total: 1500, amount_due: 1500 });
    expect(inv.lines.data.map((l) => l.parent?.invoice_item_details?.invoice_item)).toEqual([item.id]);
    await stripe.invoiceItems.update(item.id, { amount: 900 });
    inv = await stripe.invoices.retrieve(invoice.id);
    expect(inv.total).toBe(900);
    await stripe.invoiceItems.del(item.id);
    inv = await stripe.invoices.retrieve(invoice.id);
    expect(inv).toMatchObject({ total: 0, lines: { data: [] } });
    expect((await stripe.invoiceItems.list({ invoice: invoice.id })).data).toEqual([]);
    const types = eventTypes(h, key);
    expect(types.filter((t) => t === 'invoice.updated').length).toBe(3);
  });

  it('freezes items once their invoice is finalized', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create();
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 1500, currency: 'usd' });
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice' });
    await stripe.invoices.finalizeInvoice(invoice.id);
    const e1 = await stripe.invoiceItems.update(item.id, { amount: 1 }).catch((e) => e);
    expect(e1).toMatchObject({ statusCode: 400, code: 'invoice_not_editable' });
    const e2 = await stripe.invoiceItems.del(item.id).catch((e) => e);
    expect(e2).toMatchObject({ statusCode: 400, code: 'invoice_not_editable' });
    const e3 = await stripe.invoiceItems.create({ customer: customer.id, amount: 1, currency: 'usd', invoice: invoice.id }).catch((e) => e);
    expect(e3).toMatchObject({ statusCode: 400, code: 'invoice_not_editable' });
    const fetched: Stripe.InvoiceItem = await stripe.invoiceItems.retrieve(item.id);
    expect(fetched.invoice).toBe(invoice.id);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { API_VERSIONS } from '../support/shape.js';
import { json, shape } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('invoice lines', () => {
  it('adds, updates and removes lines on a draft; each line is backed by an invoice item', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const customer = await stripe.customers.create();
    const product = await stripe.products.create({ name: 'Hours' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 5000 });
    const pending = await stripe.invoiceItems.create({ customer: customer.id, amount: 100, currency: 'usd' });
    const invoice = await stripe.invoices.create({ customer: customer.id });

    const added = await stripe.invoices.addLines(invoice.id, {
      lines: [
        { amount: 1000, description: 'Setup' },
        { pricing: { price: price.id }, quantity: 3 },
        { price_data: { currency: 'usd', product_data: { name: 'Ad hoc' }, unit_amount: 250 }, quantity: 2 },
        { invoice_item: pending.id },
      ],
      invoice_metadata: { batch: '1' },
    });
    expect(added.total).toBe(1000 + 15000 + 500 + 100);
    expect(added.metadata).toEqual({ batch: '1' });
    expect(added.lines.data.map((l) => l.amount)).toEqual([1000, 15000, 500, 100]);
    expect(json(added.lines.data[1].pricing)).toEqual({ type: 'price_details', price_details: { price: price.id, product: product.id }, unit_amount_decimal: '5000' });
    for (const v of API_VERSIONS) shape((await h.stripe({ key, apiVersion: v }).invoices.listLineItems(invoice.id)).data[1], 'InvoiceLineItem', v);

    const items = await stripe.invoiceItems.list({ invoice: invoice.id });
    expect(items.data).toHaveLength(4);
    expect((await stripe.invoiceItems.retrieve(pending.id)).invoice).toBe(invoice.id);

    const [setup, hours, adhoc, attached] = added.lines.data;
    const updated = await stripe.invoices.updateLines(invoice.id, { lines: [{ id: hours.id, quantity: 1 }, { id: setup.id, description: 'Setup fee', metadata: { k: 'v' } }] });
    expect(updated.total).toBe(1000 + 5000 + 500 + 100);
    expect(updated.lines.data[0]).toMatchObject({ description: 'Setup fee', metadata: { k: 'v' } });

    const one = await stripe.invoices.updateLineItem(invoice.id, adhoc.id, { quantity: 4 });
    expect(one).toMatchObject({ id: adhoc.id, object: 'line_item', amount: 1000, quantity: 4 });

    const removed = await stripe.invoices.removeLines(invoice.id, { lines: [{ id: attached.id, behavior: 'unassign' }, { id: setup.id, behavior: 'delete' }] });
    expect(removed.lines.data.map((l) => l.id)).toEqual([hours.id, adhoc.id]);
    expect(removed.total).toBe(6000);
    expect((await stripe.invoiceItems.retrieve(pending.id)).invoice).toBeNull();
    const gone = await stripe.invoiceItems.retrieve(setup.parent!.invoice_item_details!.invoice_item) as unknown as { deleted?: boolean };
    expect(gone.deleted).toBe(true);

    const unknown = await stripe.invoices.updateLines(invoice.id, { lines: [{ id: 'il_nope', quantity: 1 }] }).catch((e) => e);
    expect(unknown).toMatchObject({ statusCode: 404, param: 'lines[0][id]' });

    await stripe.invoices.finalizeInvoice(invoice.id);
    const locked = await stripe.invoices.addLines(invoice.id, { lines: [{ amount: 1 }] }).catch((e) => e);
    expect(locked).toMatchObject({ statusCode: 400, code: 'invoice_not_editable' });
  });

  it('lists lines in order with pagination, and embeds only the first ten', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create();
    const invoice = await stripe.invoices.create({ customer: customer.id });
    const lines = Array.from({ length: 12 }, (_, i) => ({ amount: (i + 1) * 100 }));
    const full = await stripe.invoices.addLines(invoice.id, { lines });
    expect(full.lines.data).toHaveLength(10);
    expect(full.lines.has_more).toBe(true);
    const page1 = await stripe.invoices.listLineItems(invoice.id, { limit: 5 });
    expect(page1.data.map((l) => l.amount)).toEqual([100, 200, 300, 400, 500]);
    expect(page1.has_more).toBe(true);
    const all = await stripe.invoices.listLineItems(invoice.id, { limit: 5 }).autoPagingToArray({ limit: 100 });
    expect(all.map((l) => l.amount)).toEqual(lines.map((l) => l.amount));
    expect(full.total).toBe(7800);
  });

  it('previews the invoice of pending items (create_preview) without storing anything', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const customer = await stripe.customers.create({ balance: -300 });
    const a = await stripe.invoiceItems.create({ customer: customer.id, amount: 1000, currency: 'usd' });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 400, currency: 'usd' });
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      invoice_items: [{ amount: 50, currency: 'usd', description: 'extra' }, { invoiceitem: a.id, amount: 1500 }],
    });
    expect(preview.id).toMatch(/^upcoming_in_/);
    expect(preview).toMatchObject({ status: 'draft', total: 1950, starting_balance: -300, amount_due: 1650 });
    expect(preview.lines.data.map((l) => l.amount)).toEqual([400, 1500, 50]);
    expect(preview.lines.data[0].id).toMatch(/^il_tmp_/);
    for (const v of API_VERSIONS) shape(await h.stripe({ key, apiVersion: v }).invoices.createPreview({ customer: customer.id }), 'Invoice', v);
    expect((await stripe.invoices.list({ customer: customer.id })).data).toEqual([]);
    expect((await stripe.invoiceItems.retrieve(a.id)).amount).toBe(1000);

    const empty = await stripe.customers.create();
    const err = await stripe.invoices.createPreview({ customer: empty.id }).catch((e) => e);
    expect(err).toMatchObject({ statusCode: 400, code: 'invoice_upcoming_none' });
  });

  it('expands line items through the invoice and rejects unknown fields', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create();
    const product = await stripe.products.create({ name: 'P' });
    const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100 });
    const invoice = await stripe.invoices.create({ customer: customer.id });
    const added = await stripe.invoices.addLines(invoice.id, { lines: [{ pricing: { price: price.id } }], expand: ['lines.data.pricing.price_details.price'] });
    const detail = added.lines.data[0].pricing!.price_details!.price as Stripe.Price;
    expect(detail).toMatchObject({ id: price.id, object: 'price' });
    const bad = await stripe.invoices.addLines(invoice.id, { lines: [{ amount: 1, tax_rates: ['txr_1'] }] }).catch((e) => e);
    expect(bad).toMatchObject({ statusCode: 400, param: 'lines[0][tax_rates]' });
  });
});

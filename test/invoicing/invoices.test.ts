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

async function customerWithItems(stripe: Stripe, amounts: number[], opts: Stripe.CustomerCreateParams = {}) {
  const customer = await stripe.customers.create({ email: 'pay@example.com', name: 'Ada', ...opts });
  const items: Stripe.InvoiceItem[] = [];
  for (const amount of amounts) items.push(await stripe.invoiceItems.create({ customer: customer.id, amount, currency: 'usd', description: `item ${amount}` }));
  return { customer, items };
}

describe('invoices: create, retrieve, update, delete, list', () => {
  it('creates a draft that pulls in pending items (newest first) and conforms at every version', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { customer, items } = await customerWithItems(stripe, [2000, 500]);
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', description: 'March', metadata: { o: '1' } });
    expect(invoice.id).toMatch(/^in_/);
    expect(invoice).toMatchObject({
      object: 'invoice', status: 'draft', customer: customer.id, currency: 'usd', collection_method: 'charge_automatically',
      auto_advance: false, automatically_finalizes_at: null, billing_reason: 'manual', number: null, description: 'March',
      subtotal: 2500, total: 2500, total_excluding_tax: 2500, amount_due: 2500, amount_paid: 0, amount_remaining: 2500, amount_overpaid: 0,
      starting_balance: 0, ending_balance: null, customer_email: 'pay@example.com', customer_name: 'Ada', due_date: null,
      hosted_invoice_url: null, metadata: { o: '1' }, total_taxes: [],
    });
    expect(invoice.lines).toMatchObject({ object: 'list', has_more: false, url: `/v1/invoices/${invoice.id}/lines` });
    expect(invoice.lines.data.map((l) => l.parent?.invoice_item_details?.invoice_item)).toEqual([items[1].id, items[0].id]);
    expect(invoice.lines.data[0]).toMatchObject({ object: 'line_item', amount: 500, invoice: invoice.id, description: 'item 500', quantity: 1 });
    expect(invoice).not.toHaveProperty('payments');
    for (const v of API_VERSIONS) {
      const s = h.stripe({ key, apiVersion: v });
      shape(await s.invoices.retrieve(invoice.id), 'Invoice', v);
      shape(await s.invoiceItems.retrieve(items[0].id), 'InvoiceItem', v);
    }
    expect((await stripe.invoiceItems.retrieve(items[0].id)).invoice).toBe(invoice.id);
    expect(eventTypes(h, key).filter((t) => t.startsWith('invoice.'))).toEqual(['invoice.created']);
  });

  it('leaves pending items alone by default (exclude) and needs a customer', async () => {
    const stripe = h.stripe();
    const { customer, items } = await customerWithItems(stripe, [700]);
    const invoice = await stripe.invoices.create({ customer: customer.id });
    expect(invoice.lines.data).toEqual([]);
    expect(invoice.total).toBe(0);
    expect((await stripe.invoiceItems.retrieve(items[0].id)).invoice).toBeNull();
    const err = await stripe.invoices.create({} as Stripe.InvoiceCreateParams).catch((e) => e);
    expect(err).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'customer' });
    const missing = await stripe.invoices.create({ customer: 'cus_nope' }).catch((e) => e);
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'customer' });
  });

  it('computes due dates for send_invoice and refuses them for charge_automatically', async () => {
    const stripe = h.stripe();
    const { customer } = await customerWithItems(stripe, []);
    const inv = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 7 });
    expect(inv.due_date).toBe(inv.created + 7 * 86400);
    const fixed = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', due_date: 2_000_000_000 });
    expect(fixed.due_date).toBe(2_000_000_000);
    const bad = await stripe.invoices.create({ customer: customer.id, days_until_due: 3 }).catch((e) => e);
    expect(bad).toMatchObject({ statusCode: 400, param: 'days_until_due' });
    const auto = await stripe.invoices.create({ customer: customer.id, auto_advance: true });
    expect(auto.automatically_finalizes_at).toBe(auto.created + 3600);
    expect(auto.next_payment_attempt).toBe(auto.created + 3600);
  });

  it('takes rendering as Stripe defines it: amount_tax_display and pdf.page_size from their lists', async () => {
    const stripe = h.stripe();
    const { customer } = await customerWithItems(stripe, [1000]);
    const invoice = await stripe.invoices.create({ customer: customer.id, rendering: { amount_tax_display: 'exclude_tax', pdf: { page_size: 'a4' } } });
    expect(invoice.rendering).toMatchObject({ amount_tax_display: 'exclude_tax', pdf: { page_size: 'a4' } });
    const cleared = await stripe.invoices.update(invoice.id, { rendering: { amount_tax_display: '', pdf: '' } as unknown as Stripe.InvoiceUpdateParams.Rendering });
    expect(cleared.rendering).toMatchObject({ amount_tax_display: null, pdf: null });
    for (const [rendering, param] of [
      [{ amount_tax_display: 'bogus' }, 'rendering[amount_tax_display]'],
      [{ pdf: { page_size: 'a5' } }, 'rendering[pdf][page_size]'],
      [{ pdf: { margin: '1' } }, 'rendering[pdf][margin]'],
    ] as const) {
      expect(await stripe.invoices.update(invoice.id, { rendering } as unknown as Stripe.InvoiceUpdateParams).catch((e) => e)).toMatchObject({ statusCode: 400, param });
    }
  });

  it('updates drafts freely and emits invoice.updated with previous_attributes', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { customer } = await customerWithItems(stripe, [1000]);
    const inv = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    const updated = await stripe.invoices.update(inv.id, { metadata: { foo: 'bar' }, footer: 'Thanks', collection_method: 'send_invoice', days_until_due: 10 });
    expect(updated).toMatchObject({ metadata: { foo: 'bar' }, footer: 'Thanks', collection_method: 'send_invoice', due_date: inv.created + 10 * 86400 });
    const event = eventsOf(h, key).filter((e) => e.type === 'invoice.updated').pop()!;
    expect((event.data as { previous_attributes: Record<string, unknown> }).previous_attributes).toMatchObject({
      metadata: {}, footer: null, collection_method: 'charge_automatically', due_date: null,
    });
  });

  it('after finalization allows only what Stripe allows', async () => {
    const stripe = h.stripe();
    const { customer } = await customerWithItems(stripe, [1000]);
    const inv = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice' });
    await stripe.invoices.finalizeInvoice(inv.id);
    const ok = await stripe.invoices.update(inv.id, { description: 'Late', footer: 'F', metadata: { a: 'b' }, due_date: 2_100_000_000 });
    expect(ok).toMatchObject({ description: 'Late', footer: 'F', metadata: { a: 'b' }, due_date: 2_100_000_000 });
    const err = await stripe.invoices.update(inv.id, { collection_method: 'charge_automatically' }).catch((e) => e);
    expect(err).toMatchObject({ statusCode: 400, code: 'invoice_not_editable', param: 'collection_method' });
    await stripe.invoices.voidInvoice(inv.id);
    const closed = await stripe.invoices.update(inv.id, { description: 'x' }).catch((e) => e);
    expect(closed).toMatchObject({ statusCode: 400, code: 'invoice_not_editable' });
    expect((await stripe.invoices.update(inv.id, { metadata: { c: 'd' } })).metadata).toEqual({ a: 'b', c: 'd' });
  });

  it('deletes drafts only, returning their items to pending', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { customer, items } = await customerWithItems(stripe, [1000]);
    const inv = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    const deleted = await stripe.invoices.del(inv.id);
    expect(deleted).toEqual({ id: inv.id, object: 'invoice', deleted: true });
    expect((await stripe.invoiceItems.retrieve(items[0].id)).invoice).toBeNull();
    expect(eventTypes(h, key)).toContain('invoice.deleted');
    const inv2 = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    await stripe.invoices.finalizeInvoice(inv2.id);
    const err = await stripe.invoices.del(inv2.id).catch((e) => e);
    expect(err).toMatchObject({ statusCode: 400 });
  });

  it('takes a custom number and checks default_payment_method', async () => {
    const stripe = h.stripe();
    const { customer } = await customerWithItems(stripe, [1000]);
    const inv = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', number: 'CUSTOM-7' });
    expect(inv.number).toBe('CUSTOM-7');
    expect((await stripe.invoices.finalizeInvoice(inv.id)).number).toBe('CUSTOM-7');
    const missing = await stripe.invoices.create({ customer: customer.id, default_payment_method: 'pm_nope' }).catch((e) => e);
    expect(missing).toMatchObject({ statusCode: 404, param: 'default_payment_method' });
    const other = await stripe.customers.create();
    const foreign = await stripe.paymentMethods.attach('pm_card_visa', { customer: other.id });
    const wrong = await stripe.invoices.create({ customer: customer.id, default_payment_method: foreign.id }).catch((e) => e);
    expect(wrong).toMatchObject({ statusCode: 400, param: 'default_payment_method' });
    const own = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect((await stripe.invoices.create({ customer: customer.id, default_payment_method: own.id })).default_payment_method).toBe(own.id);
  });

  it('lists with filters and searches', async () => {
    const stripe = h.stripe();
    const a = await customerWithItems(stripe, [1000]);
    const b = await customerWithItems(stripe, [2000]);
    const invA = await stripe.invoices.create({ customer: a.customer.id, pending_invoice_items_behavior: 'include' });
    const invB = await stripe.invoices.create({ customer: b.customer.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice', days_until_due: 5 });
    await stripe.invoices.finalizeInvoice(invB.id);
    expect((await stripe.invoices.list()).data.map((i) => i.id)).toEqual([invB.id, invA.id]);
    expect((await stripe.invoices.list({ customer: a.customer.id })).data.map((i) => i.id)).toEqual([invA.id]);
    expect((await stripe.invoices.list({ status: 'open' })).data.map((i) => i.id)).toEqual([invB.id]);
    expect((await stripe.invoices.list({ collection_method: 'charge_automatically' })).data.map((i) => i.id)).toEqual([invA.id]);
    expect((await stripe.invoices.list({ due_date: { gt: 0 } })).data.map((i) => i.id)).toEqual([invB.id]);
    const found = await stripe.invoices.search({ query: `customer:'${b.customer.id}' AND status:'open'` });
    expect(found.data.map((i) => i.id)).toEqual([invB.id]);
  });
});

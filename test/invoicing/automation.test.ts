import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { systemClock } from '../../src/clock.js';
import { createHarness, type Harness } from '../support/harness.js';
import { eventTypes } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  // a frozen clock: only /_emulator/advance moves time
  h = await createHarness({ clock: systemClock({ fixedNow: 1_800_000_000 }) });
});
afterAll(() => h.close());

async function advance(seconds: number | string, init: { json?: boolean } = {}): Promise<Response> {
  const body = init.json ? JSON.stringify({ seconds }) : `seconds=${seconds}`;
  return h.request('/_emulator/advance', {
    method: 'POST', key: null, body,
    headers: { 'content-type': init.json ? 'application/json' : 'application/x-www-form-urlencoded' },
  });
}

async function setup(stripe: Stripe, params: Partial<Stripe.InvoiceCreateParams>, withCard = true) {
  const customer = await stripe.customers.create({ email: 'auto@example.com' });
  if (withCard) {
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  }
  await stripe.invoiceItems.create({ customer: customer.id, amount: 2000, currency: 'usd' });
  return stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', ...params });
}

describe('automatic advancement and POST /_emulator/advance', () => {
  it('finalizes and charges an auto-advancing charge_automatically invoice about an hour after creation', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const invoice = await setup(stripe, { auto_advance: true });
    expect(invoice.automatically_finalizes_at).toBe(invoice.created + 3600);

    const early = await advance(1800);
    expect(early.status).toBe(200);
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('draft');

    const late = await advance(1800);
    expect(await late.json()).toMatchObject({ object: 'clock', advanced_by: 1800 });
    const paid = await stripe.invoices.retrieve(invoice.id);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2000, attempt_count: 1, auto_advance: false });
    expect(eventTypes(h, key)).toEqual(expect.arrayContaining(['invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded']));
    const finalized = eventTypes(h, key).indexOf('invoice.finalized');
    expect((await stripe.events.list({ type: 'invoice.finalized' })).data[0].request).toEqual({ id: null, idempotency_key: null });
    expect(finalized).toBeGreaterThan(-1);
  });

  it('leaves auto_advance=false invoices alone, and records a failed automatic attempt without a payment method', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const manual = await setup(stripe, {});
    const noCard = await setup(stripe, { auto_advance: true }, false);
    await advance(7200, { json: true });
    expect((await stripe.invoices.retrieve(manual.id)).status).toBe('draft');
    const failed = await stripe.invoices.retrieve(noCard.id);
    expect(failed).toMatchObject({ status: 'open', attempted: true, attempt_count: 1, next_payment_attempt: null });
    expect(eventTypes(h, key)).toContain('invoice.payment_failed');
    await advance(7200);
    expect((await stripe.invoices.retrieve(noCard.id)).attempt_count).toBe(1);
  });

  it('charges an open invoice finalized with auto_advance an hour after finalization', async () => {
    const stripe = h.stripe();
    const invoice = await setup(stripe, {});
    const open = await stripe.invoices.finalizeInvoice(invoice.id, { auto_advance: true });
    expect(open.next_payment_attempt).toBe(open.status_transitions.finalized_at! + 3600);
    await advance(3600);
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
  });

  it('finalizes and sends an auto-advancing send_invoice invoice', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const invoice = await setup(stripe, { auto_advance: true, collection_method: 'send_invoice', days_until_due: 14 }, false);
    await advance(3600);
    const open = await stripe.invoices.retrieve(invoice.id);
    expect(open).toMatchObject({ status: 'open', due_date: open.status_transitions.finalized_at! + 14 * 86400 });
    expect(eventTypes(h, key)).toEqual(expect.arrayContaining(['invoice.finalized', 'invoice.sent']));
  });

  it('validates the seconds parameter', async () => {
    expect((await advance(-5)).status).toBe(400);
    expect((await advance('soon')).status).toBe(400);
    const missing = await h.request('/_emulator/advance', { method: 'POST', key: null });
    expect(missing.status).toBe(400);
  });
});

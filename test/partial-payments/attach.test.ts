/** POST /v1/invoices/{id}/attach_payment: attaching, crediting, canceling, the default payment, and every refusal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { expectShape } from '../support/shape.js';
import { eventTypes, eventsOf, failure, intent, json, openInvoice, withPayments } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

function payments(inv: Stripe.Invoice): Stripe.InvoicePayment[] {
  return inv.payments!.data;
}

describe('attaching a payment', () => {
  it('creates an open, non-default InvoicePayment and returns the invoice', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [6000, 4000]);
    const pi = await intent(stripe, customer.id, 3000);
    const inv = await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id, expand: ['payments'] });
    expect(inv).toMatchObject({ id: invoice.id, object: 'invoice', status: 'open', amount_due: 10000, amount_paid: 0, amount_remaining: 10000 });
    const attached = payments(inv).find((p) => !p.is_default)!;
    expect(attached.id).toMatch(/^inpay_[A-Za-z0-9]{24}$/);
    expect(attached).toMatchObject({
      object: 'invoice_payment', status: 'open', amount_requested: 3000, amount_paid: null, is_default: false, currency: 'usd',
      invoice: invoice.id, payment: { type: 'payment_intent', payment_intent: pi.id }, status_transitions: { paid_at: null, canceled_at: null },
    });
    expectShape(json(inv), 'Invoice', '2026-10-28.endive');
    expectShape(json(attached), 'InvoicePayment', '2026-10-28.endive');
    // newest first: the attached payment before the default one made at finalization
    expect(payments(inv).map((p) => p.is_default)).toEqual([false, true]);
    expect(await stripe.invoicePayments.retrieve(attached.id)).toEqual(attached);
  });

  it('credits the invoice when the intent succeeds: invoice_payment.paid, invoice.updated, the default payment follows', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    const pi = await intent(stripe, customer.id, 2500);
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    const before = await eventTypes(stripe);
    await stripe.paymentIntents.confirm(pi.id);
    const inv = await withPayments(stripe, invoice.id);
    expect(inv).toMatchObject({ status: 'open', amount_due: 10000, amount_paid: 2500, amount_remaining: 7500, amount_overpaid: 0 });
    const [attached, def] = payments(inv);
    expect(attached).toMatchObject({ status: 'paid', amount_paid: 2500, amount_requested: 2500 });
    expect(attached.status_transitions.paid_at).toEqual(expect.any(Number));
    expect(def).toMatchObject({ is_default: true, status: 'open', amount_requested: 7500 });
    const defaultIntent = await stripe.paymentIntents.retrieve(def.payment.payment_intent as string);
    expect(defaultIntent.amount).toBe(7500);
    const after = (await eventTypes(stripe)).slice(before.length);
    expect(after).toEqual(expect.arrayContaining(['invoice_payment.paid', 'invoice.updated', 'payment_intent.succeeded']));
    expect(after).not.toContain('invoice.paid');
    const [paidEvent] = await eventsOf(stripe, 'invoice_payment.paid');
    expect((paidEvent.data.object as Stripe.InvoicePayment).id).toBe(attached.id);
    const [updated] = await eventsOf(stripe, 'invoice.updated');
    expect(updated.data.previous_attributes).toMatchObject({ amount_paid: 0, amount_remaining: 10000 });
  });

  it('credits an intent that already succeeded at once', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [5000]);
    const pi = await intent(stripe, customer.id, 1200, { confirm: true });
    expect(pi.status).toBe('succeeded');
    const inv = await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id, expand: ['payments'] });
    expect(inv).toMatchObject({ amount_paid: 1200, amount_remaining: 3800, status: 'open' });
    expect(payments(inv)[0]).toMatchObject({ status: 'paid', amount_paid: 1200 });
  });

  it('credits on capture for manual-capture intents', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [5000]);
    const pi = await intent(stripe, customer.id, 2000, { capture_method: 'manual' });
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    const authorized = await stripe.paymentIntents.confirm(pi.id);
    expect(authorized.status).toBe('requires_capture');
    expect((await stripe.invoices.retrieve(invoice.id)).amount_paid).toBe(0);
    await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1500 });
    const inv = await withPayments(stripe, invoice.id);
    expect(inv).toMatchObject({ amount_paid: 1500, amount_remaining: 3500 });
    expect(payments(inv)[0]).toMatchObject({ status: 'paid', amount_requested: 2000, amount_paid: 1500 });
  });

  it('partial payments until paid: the last one turns the invoice paid (invoice.paid, invoice.payment_succeeded, paid_at)', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [9000]);
    for (const amount of [3000, 3000, 3000]) {
      const pi = await intent(stripe, customer.id, amount);
      await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
      await stripe.paymentIntents.confirm(pi.id);
    }
    const inv = await withPayments(stripe, invoice.id);
    expect(inv).toMatchObject({ status: 'paid', amount_paid: 9000, amount_remaining: 0, amount_overpaid: 0 });
    expect(inv.status_transitions.paid_at).toEqual(expect.any(Number));
    const attached = payments(inv).filter((p) => !p.is_default);
    expect(attached.map((p) => [p.status, p.amount_paid])).toEqual([['paid', 3000], ['paid', 3000], ['paid', 3000]]);
    // the default payment is canceled once nothing remains, with its intent
    const def = payments(inv).find((p) => p.is_default)!;
    expect(def.status).toBe('canceled');
    expect(def.status_transitions.canceled_at).toEqual(expect.any(Number));
    expect((await stripe.paymentIntents.retrieve(def.payment.payment_intent as string)).status).toBe('canceled');
    const types = await eventTypes(stripe);
    expect(types.filter((t) => t === 'invoice_payment.paid')).toHaveLength(3);
    expect(types.filter((t) => t === 'invoice.paid')).toHaveLength(1);
    expect(types).toContain('invoice.payment_succeeded');
    expect(types).not.toContain('invoice.overpaid');
    const [paid] = await eventsOf(stripe, 'invoice.paid');
    expect((paid.data.object as Stripe.Invoice).amount_remaining).toBe(0);
  });

  it('a canceled intent cancels its payment (canceled_at) and the invoice stays as it was', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [8000]);
    const pi = await intent(stripe, customer.id, 2000);
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    await stripe.paymentIntents.cancel(pi.id);
    const inv = await withPayments(stripe, invoice.id);
    expect(inv).toMatchObject({ status: 'open', amount_paid: 0, amount_remaining: 8000 });
    const canceled = payments(inv)[0];
    expect(canceled).toMatchObject({ status: 'canceled', amount_paid: null, is_default: false });
    expect(canceled.status_transitions.canceled_at).toEqual(expect.any(Number));
    // with the attached payment canceled, the invoice can be voided again
    expect((await stripe.invoices.voidInvoice(invoice.id)).status).toBe('void');
  });

  it('POST /pay on a partially paid invoice charges the remainder', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    const pi = await intent(stripe, customer.id, 4000, { confirm: true });
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa' });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 10000, amount_remaining: 0, amount_overpaid: 0 });
    const inv = await withPayments(stripe, invoice.id);
    const def = payments(inv).find((p) => p.is_default)!;
    expect(def).toMatchObject({ status: 'paid', amount_paid: 6000 });
    expect((await stripe.paymentIntents.retrieve(def.payment.payment_intent as string)).amount_received).toBe(6000);
  });

  it('pay with paid_out_of_band settles the remainder out of band', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    const pi = await intent(stripe, customer.id, 2500, { confirm: true });
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    const paid = await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 10000, amount_remaining: 0 });
    const types = await eventTypes(stripe);
    expect(types).toContain('invoice.paid');
    expect(types).not.toContain('invoice.payment_succeeded');
  });
});

describe('refusals (400 invalid_request_error, param payment_intent)', () => {
  async function refused(stripe: Stripe, invoice: string, pi: string, message: RegExp): Promise<void> {
    const err = await failure(stripe.invoices.attachPayment(invoice, { payment_intent: pi }));
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe('StripeInvalidRequestError');
    expect(err.param).toBe('payment_intent');
    expect(err.message).toMatch(message);
  }

  it('a draft, paid or void invoice', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({ email: 'x@example.com' });
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 10 });
    const pi = await intent(stripe, customer.id, 1000);
    await refused(stripe, draft.id, pi.id, /open invoices; invoice in_\w+ is a draft/);
    const { customer: c2, invoice } = await openInvoice(stripe, [1000]);
    await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    await refused(stripe, invoice.id, (await intent(stripe, c2.id, 500)).id, /is paid/);
    const { customer: c3, invoice: other } = await openInvoice(stripe, [1000]);
    await stripe.invoices.voidInvoice(other.id);
    await refused(stripe, other.id, (await intent(stripe, c3.id, 500)).id, /is void/);
  });

  it('another currency, another customer, no customer', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [5000]);
    await refused(stripe, invoice.id, (await intent(stripe, customer.id, 1000, { currency: 'eur' })).id, /currency \(eur\) does not match the invoice's currency \(usd\)/);
    const stranger = await stripe.customers.create({});
    await refused(stripe, invoice.id, (await intent(stripe, stranger.id, 1000)).id, /customer \(cus_\w+\) does not match the invoice's customer/);
    const anonymous = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await refused(stripe, invoice.id, anonymous.id, /has no customer/);
  });

  it('a canceled intent, one attached already, one attached to another invoice', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [5000]);
    const canceled = await intent(stripe, customer.id, 1000);
    await stripe.paymentIntents.cancel(canceled.id);
    await refused(stripe, invoice.id, canceled.id, /is canceled/);
    const pi = await intent(stripe, customer.id, 1000);
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    await refused(stripe, invoice.id, pi.id, /already attached to invoice in_/);
    // the invoice's own default PaymentIntent is attached already too
    const inv = await withPayments(stripe, invoice.id);
    const def = payments(inv).find((p) => p.is_default)!;
    await refused(stripe, invoice.id, def.payment.payment_intent as string, /already attached/);
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 5 });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 3000, currency: 'usd' });
    const second = await stripe.invoices.finalizeInvoice(draft.id);
    await refused(stripe, second.id, pi.id, new RegExp(`already attached to invoice ${invoice.id}`));
  });

  it('an amount above amount_remaining at attach time', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [5000]);
    await refused(stripe, invoice.id, (await intent(stripe, customer.id, 5001)).id, /amount \(5001\) exceeds the invoice's amount_remaining \(5000\)/);
    const first = await intent(stripe, customer.id, 3000, { confirm: true });
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: first.id });
    await refused(stripe, invoice.id, (await intent(stripe, customer.id, 2500)).id, /exceeds the invoice's amount_remaining \(2000\)/);
    // exactly the remainder is fine
    const rest = await stripe.invoices.attachPayment(invoice.id, { payment_intent: (await intent(stripe, customer.id, 2000)).id });
    expect(rest.amount_remaining).toBe(2000);
  });

  it('a refused attach changes nothing', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [5000]);
    const before = await withPayments(stripe, invoice.id);
    const eventsBefore = await eventTypes(stripe);
    await refused(stripe, invoice.id, (await intent(stripe, customer.id, 9000)).id, /exceeds/);
    const after = await withPayments(stripe, invoice.id);
    expect(after).toEqual(before);
    expect((await eventTypes(stripe)).filter((t) => !t.startsWith('payment_intent.'))).toEqual(eventsBefore.filter((t) => !t.startsWith('payment_intent.')));
  });

  it('missing or unknown intents, and payment_record', async () => {
    const stripe = h.stripe();
    const { invoice } = await openInvoice(stripe, [5000]);
    const missing = await failure(stripe.invoices.attachPayment(invoice.id, {}));
    expect(missing).toMatchObject({ statusCode: 400, param: 'payment_intent', code: 'parameter_missing' });
    const unknown = await failure(stripe.invoices.attachPayment(invoice.id, { payment_intent: 'pi_doesnotexist' }));
    expect(unknown).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'payment_intent' });
    const record = await failure(stripe.invoices.attachPayment(invoice.id, { payment_record: 'prec_123' }));
    expect(record).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'payment_record' });
    expect(record.message).toMatch(/PaymentRecords are not modelled/);
    const noInvoice = await failure(stripe.invoices.attachPayment('in_doesnotexist', { payment_intent: 'pi_x' }));
    expect(noInvoice).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});

describe('invoice payments: list and expansion', () => {
  it('lists by invoice, payment[type], payment[payment_intent], status and created', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    const paidPi = await intent(stripe, customer.id, 1000, { confirm: true });
    const openPi = await intent(stripe, customer.id, 2000);
    const canceledPi = await intent(stripe, customer.id, 3000);
    for (const pi of [paidPi, openPi, canceledPi]) await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    await stripe.paymentIntents.cancel(canceledPi.id);
    const { customer: c2, invoice: other } = await openInvoice(stripe, [500]);
    void c2;

    const all = await stripe.invoicePayments.list({ invoice: invoice.id });
    // the default payment follows amount_remaining (10000 − the 1000 paid)
    expect(all.data.map((p) => p.amount_requested)).toEqual([3000, 2000, 1000, 9000]);
    expect(all.url).toBe('/v1/invoice_payments');
    const byIntent = await stripe.invoicePayments.list({ payment: { type: 'payment_intent', payment_intent: openPi.id } });
    expect(byIntent.data.map((p) => p.payment.payment_intent)).toEqual([openPi.id]);
    expect((await stripe.invoicePayments.list({ invoice: invoice.id, status: 'paid' })).data.map((p) => p.amount_paid)).toEqual([1000]);
    expect((await stripe.invoicePayments.list({ invoice: invoice.id, status: 'canceled' })).data.map((p) => p.amount_requested)).toEqual([3000]);
    expect((await stripe.invoicePayments.list({ invoice: invoice.id, status: 'open' })).data).toHaveLength(2);
    const everything = await stripe.invoicePayments.list({ limit: 100 });
    expect(everything.data.map((p) => p.invoice)).toContain(other.id);
    const created = all.data[0].created;
    expect((await stripe.invoicePayments.list({ invoice: invoice.id, created: { gt: created } })).data).toHaveLength(0);
    expect((await stripe.invoicePayments.list({ invoice: invoice.id, created: { lte: created } })).data).toHaveLength(4);
    const page = await stripe.invoicePayments.list({ invoice: invoice.id, limit: 2 });
    expect(page.has_more).toBe(true);
    const next = await stripe.invoicePayments.list({ invoice: invoice.id, limit: 2, starting_after: page.data[1].id });
    expect(next.data.map((p) => p.amount_requested)).toEqual([1000, 9000]);
  });

  it('expands payments.data.payment.payment_intent on the invoice and the invoice on a payment', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    const pi = await intent(stripe, customer.id, 1000, { confirm: true });
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    const inv = await stripe.invoices.retrieve(invoice.id, { expand: ['payments.data.payment.payment_intent'] });
    const intents = payments(inv).map((p) => p.payment.payment_intent as Stripe.PaymentIntent);
    expect(intents.map((x) => x.object)).toEqual(['payment_intent', 'payment_intent']);
    expect(intents[0]).toMatchObject({ id: pi.id, status: 'succeeded', amount_received: 1000 });
    expectShape(json(inv), 'Invoice', '2026-10-28.endive');
    const withInvoice = await stripe.invoicePayments.retrieve(payments(inv)[0].id, { expand: ['invoice'] });
    expect((withInvoice.invoice as Stripe.Invoice).id).toBe(invoice.id);
    // without expand[] the includable list is absent
    expect('payments' in (await stripe.invoices.retrieve(invoice.id))).toBe(false);
    const attached = await stripe.invoices.attachPayment(invoice.id, {
      payment_intent: (await intent(stripe, customer.id, 500)).id, expand: ['payments.data.payment.payment_intent'],
    });
    expect((payments(attached)[0].payment.payment_intent as Stripe.PaymentIntent).amount).toBe(500);
  });
});

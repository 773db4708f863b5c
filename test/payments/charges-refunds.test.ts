import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { expectShape } from '../support/shape.js';
import { eventTypes, eventsOf, failure } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function paid(stripe: Stripe, amount = 2000, extra: Partial<Stripe.PaymentIntentCreateParams> = {}): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, ...extra });
}

describe('charges', () => {
  it('retrieves, updates (charge.updated) and lists charges by intent and customer', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({});
    const pi = await paid(stripe, 2000, { customer: customer.id, description: 'Order 7', metadata: { order: '7' } });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ description: 'Order 7', metadata: { order: '7' }, customer: customer.id, disputed: false, balance_transaction: null });
    expectShape(charge, 'Charge', '2026-10-28.endive');
    const updated = await stripe.charges.update(charge.id, { description: 'Order 7 (gift)', metadata: { gift: 'yes' } });
    expect(updated).toMatchObject({ description: 'Order 7 (gift)', metadata: { order: '7', gift: 'yes' } });
    const [event] = await eventsOf(stripe, 'charge.updated');
    expect(event.data.previous_attributes).toEqual({ description: 'Order 7', metadata: { order: '7' } });
    await paid(stripe, 1000);
    expect((await stripe.charges.list({ payment_intent: pi.id })).data.map((c) => c.id)).toEqual([charge.id]);
    expect((await stripe.charges.list({ customer: customer.id })).data.map((c) => c.id)).toEqual([charge.id]);
    expect((await stripe.charges.list()).data).toHaveLength(2);
    const search = await stripe.charges.search({ query: `payment_intent:'${pi.id}'` });
    expect(search.data.map((c) => c.id)).toEqual([charge.id]);
    expect(await failure(stripe.charges.retrieve('ch_missing'))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('captures an authorized charge through /v1/charges/{id}/capture', async () => {
    const stripe = h.stripe();
    const pi = await paid(stripe, 5000, { capture_method: 'manual' });
    const captured = await stripe.charges.capture(pi.latest_charge as string, { amount: 3000 });
    expect(captured).toMatchObject({ captured: true, amount_captured: 3000, amount_refunded: 2000 });
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ status: 'succeeded', amount_received: 3000 });
    expect(await failure(stripe.charges.capture(captured.id))).toMatchObject({ statusCode: 400, code: 'charge_already_captured' });
  });

  it('expands latest_charge and the includable charge.refunds', async () => {
    const stripe = h.stripe();
    const pi = await paid(stripe);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
    const expanded = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge.refunds'] });
    const charge = expanded.latest_charge as Stripe.Charge;
    expect(charge.refunds?.data.map((r) => r.id)).toEqual([refund.id]);
    expectShape(expanded, 'PaymentIntent', '2026-10-28.endive');
    const plain = await stripe.charges.retrieve(charge.id);
    expect(plain).not.toHaveProperty('refunds');
    expect((await stripe.refunds.list({ charge: charge.id })).data.map((r) => r.id)).toEqual([refund.id]);
  });
});

describe('refunds', () => {
  it('refunds a payment intent in full: refund.created, charge.refunded', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({});
    const pi = await paid(stripe, 2000, { customer: customer.id });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, reason: 'requested_by_customer', metadata: { why: 'asked' } });
    expect(refund.id).toMatch(/^re_[A-Za-z0-9]{24}$/);
    expect(refund).toMatchObject({
      object: 'refund', amount: 2000, currency: 'usd', status: 'succeeded', charge: pi.latest_charge, payment_intent: pi.id,
      reason: 'requested_by_customer', metadata: { why: 'asked' }, customer: customer.id, payment_method: pi.payment_method,
    });
    expectShape(refund, 'Refund', '2026-10-28.endive');
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 2000, refunded: true });
    const types = await eventTypes(stripe);
    expect(types.slice(-2)).toEqual(['refund.created', 'charge.refunded']);
    const [refunded] = await eventsOf(stripe, 'charge.refunded');
    expect(refunded.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
    const again = await failure(stripe.refunds.create({ payment_intent: pi.id }));
    expect(again).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
  });

  it('refunds partially by charge, and refuses more than remains', async () => {
    const stripe = h.stripe();
    const pi = await paid(stripe, 3000);
    const charge = pi.latest_charge as string;
    await stripe.refunds.create({ charge, amount: 1000 });
    const second = await stripe.refunds.create({ charge, amount: 1500 });
    expect(second.amount).toBe(1500);
    expect(await stripe.charges.retrieve(charge)).toMatchObject({ amount_refunded: 2500, refunded: false });
    const tooMuch = await failure(stripe.refunds.create({ charge, amount: 501 }));
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });
    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(500);
    expect(await stripe.charges.retrieve(charge)).toMatchObject({ amount_refunded: 3000, refunded: true });
    expect((await stripe.refunds.list({ payment_intent: pi.id })).data.map((r) => r.amount)).toEqual([500, 1500, 1000]);
  });

  it('after a partial capture only the captured amount is refundable', async () => {
    const stripe = h.stripe();
    const pi = await paid(stripe, 5000, { capture_method: 'manual' });
    await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 2000 });
    expect(await failure(stripe.refunds.create({ payment_intent: pi.id, amount: 2001 }))).toMatchObject({ code: 'amount_too_large' });
    expect((await stripe.refunds.create({ payment_intent: pi.id })).amount).toBe(2000);
  });

  it('refuses refunds of intents without a successful charge, and requests naming neither', async () => {
    const stripe = h.stripe();
    const pending = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(await failure(stripe.refunds.create({ payment_intent: pending.id }))).toMatchObject({ statusCode: 400, code: 'charge_not_refundable' });
    const authorized = await paid(stripe, 1000, { capture_method: 'manual' });
    expect(await failure(stripe.refunds.create({ charge: authorized.latest_charge as string }))).toMatchObject({ code: 'charge_not_refundable' });
    expect(await failure(stripe.refunds.create({}))).toMatchObject({ statusCode: 400, code: 'parameter_missing' });
    expect(await failure(stripe.refunds.create({ payment_intent: 'pi_missing' }))).toMatchObject({ statusCode: 404, param: 'payment_intent' });
  });

  it('updates metadata (refund.updated, charge.refund.updated), retrieves, and refuses to cancel a succeeded refund', async () => {
    const stripe = h.stripe();
    const pi = await paid(stripe);
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    const updated = await stripe.refunds.update(refund.id, { metadata: { order_id: '6735' } });
    expect(updated.metadata).toEqual({ order_id: '6735' });
    expect(await stripe.refunds.retrieve(refund.id)).toEqual(updated);
    const [event] = await eventsOf(stripe, 'refund.updated');
    expect(event.data.previous_attributes).toEqual({ metadata: {} });
    expect((await eventsOf(stripe, 'charge.refund.updated')).length).toBe(1);
    const cancel = await failure(stripe.refunds.cancel(refund.id));
    expect(cancel.statusCode).toBe(400);
    expect(cancel.message).toContain('requires_action');
    expect(await failure(stripe.refunds.retrieve('re_missing'))).toMatchObject({ statusCode: 404 });
  });

  it('renders refunds and charges in the basil shapes', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const pi = await paid(stripe);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
    for (const version of ['2025-05-28.basil', '2025-03-31.basil'] as const) {
      const basil = h.stripe({ key, apiVersion: version });
      const r = await basil.refunds.retrieve(refund.id, { expand: ['charge'] });
      expect(r).not.toHaveProperty('payment_method');
      expectShape(r, 'Refund', version);
      expectShape(r.charge, 'Charge', version);
    }
  });
});

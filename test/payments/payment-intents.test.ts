import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { expectShape } from '../support/shape.js';
import { control, eventTypes, eventsOf, failure, legacy } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('payment intents: create, confirm, succeed', () => {
  it('creates an intent waiting for a payment method, in the endive shape', async () => {
    const stripe = h.stripe();
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'USD', description: 'Order 1', metadata: { order: '1' } });
    expect(pi.id).toMatch(/^pi_[A-Za-z0-9]{24}$/);
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_[A-Za-z0-9]+$`));
    expect(pi).toMatchObject({
      object: 'payment_intent', amount: 2000, currency: 'usd', status: 'requires_payment_method', amount_received: 0,
      amount_capturable: 0, latest_charge: null, payment_method: null, capture_method: 'automatic_async',
      automatic_payment_methods: { enabled: true, allow_redirects: 'always' }, payment_method_types: ['card'], metadata: { order: '1' },
    });
    expectShape(pi, 'PaymentIntent', '2026-10-28.endive');
    expect(await stripe.paymentIntents.retrieve(pi.id)).toEqual(pi);
    expect(await stripe.paymentIntents.retrieve(pi.id, { client_secret: pi.client_secret! })).toEqual(pi);
    const err = await failure(stripe.paymentIntents.retrieve(pi.id, { client_secret: 'pi_x_secret_wrong' }));
    expect(err.statusCode).toBe(400);
    expect(await eventTypes(stripe)).toEqual(['payment_intent.created']);
  });

  it('confirms pm_card_visa at creation: a fresh pm_, a succeeded charge, events in order', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({ name: 'Payer' });
    const pi = await stripe.paymentIntents.create({
      amount: 1500, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, expand: ['latest_charge'],
    });
    expect(pi.status).toBe('succeeded');
    expect(pi.amount_received).toBe(1500);
    expect(pi.payment_method).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      object: 'charge', amount: 1500, amount_captured: 1500, amount_refunded: 0, captured: true, paid: true, refunded: false,
      status: 'succeeded', payment_intent: pi.id, payment_method: pi.payment_method, customer: customer.id, currency: 'usd',
      outcome: { type: 'authorized', network_status: 'approved_by_network', seller_message: 'Payment complete.' },
    });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242', funding: 'credit', country: 'US' });
    expectShape(pi, 'PaymentIntent', '2026-10-28.endive');
    expectShape(charge, 'Charge', '2026-10-28.endive');
    expect(await eventTypes(stripe)).toEqual(['customer.created', 'payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
    const [succeeded] = await eventsOf(stripe, 'payment_intent.succeeded');
    expect((succeeded.data.object as Stripe.PaymentIntent).status).toBe('succeeded');
  });

  it('confirms in a separate step, with the payment method given at confirmation', async () => {
    const stripe = h.stripe();
    const pi = await stripe.paymentIntents.create({ amount: 700, currency: 'eur' });
    const confirmed = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_mastercard' });
    expect(confirmed).toMatchObject({ status: 'succeeded', amount_received: 700 });
    const charge = await stripe.charges.retrieve(confirmed.latest_charge as string);
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'mastercard', last4: '4444' });
    const again = await failure(stripe.paymentIntents.confirm(pi.id));
    expect(again).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(again.message).toContain('status of succeeded');
  });

  it('moves to requires_confirmation when a payment method is set by update', async () => {
    const stripe = h.stripe();
    const pi = await stripe.paymentIntents.create({ amount: 900, currency: 'usd' });
    const noMethod = await failure(stripe.paymentIntents.confirm(pi.id));
    expect(noMethod).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    const updated = await stripe.paymentIntents.update(pi.id, { payment_method: 'pm_card_amex', amount: 950 });
    expect(updated).toMatchObject({ status: 'requires_confirmation', amount: 950 });
    expect((await stripe.paymentIntents.confirm(pi.id)).status).toBe('succeeded');
  });

  it('refuses amounts below the currency minimum and unknown customers', async () => {
    const stripe = h.stripe();
    const small = await failure(stripe.paymentIntents.create({ amount: 49, currency: 'usd' }));
    expect(small).toMatchObject({ statusCode: 400, code: 'amount_too_small', param: 'amount' });
    expect(small.message).toBe('Amount must be at least 0.50 usd');
    const missing = await failure(stripe.paymentIntents.create({ amount: 100, currency: 'usd', customer: 'cus_nope' }));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'customer' });
    const unknownPm = await failure(stripe.paymentIntents.create({ amount: 100, currency: 'usd', payment_method: 'pm_nope' }));
    expect(unknownPm).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'payment_method' });
    expect(unknownPm.message).toBe("No such PaymentMethod: 'pm_nope'");
  });
});

describe('payment intents: manual capture and cancel', () => {
  it('authorizes, then captures part: the rest is released on the charge', async () => {
    const stripe = h.stripe();
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    expect(pi).toMatchObject({ status: 'requires_capture', amount_capturable: 1000, amount_received: 0 });
    const authorized = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(authorized).toMatchObject({ captured: false, paid: true, amount_captured: 0, status: 'succeeded' });
    expect(authorized.payment_method_details?.card?.capture_before).toBeGreaterThan(authorized.created);

    const tooMuch = await failure(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1001 }));
    expect(tooMuch).toMatchObject({ statusCode: 400, param: 'amount_to_capture' });

    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 600 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 600, amount_capturable: 0 });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ captured: true, amount_captured: 600, amount_refunded: 400, refunded: false });
    expect(await eventTypes(stripe)).toEqual([
      'payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated', 'charge.captured', 'payment_intent.succeeded',
    ]);
    const again = await failure(stripe.paymentIntents.capture(pi.id));
    expect(again).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(again.message).toContain('requires_capture');
  });

  it('cancels with a reason, and refuses to cancel twice or to capture a canceled intent', async () => {
    const stripe = h.stripe();
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
    expect(canceled.canceled_at).toBeTypeOf('number');
    expect(await failure(stripe.paymentIntents.cancel(pi.id))).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(await failure(stripe.paymentIntents.capture(pi.id))).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(await failure(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }))).toMatchObject({ code: 'payment_intent_unexpected_state' });
    expect((await eventsOf(stripe, 'payment_intent.canceled')).length).toBe(1);
  });

  it('canceling an authorized intent releases its charge; a succeeded one cannot be canceled', async () => {
    const stripe = h.stripe();
    const pi = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    const canceled = await stripe.paymentIntents.cancel(pi.id);
    expect(canceled).toMatchObject({ status: 'canceled', amount_capturable: 0, cancellation_reason: null });
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({ captured: false, refunded: true, amount_refunded: 3000 });
    const done = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const err = await failure(stripe.paymentIntents.cancel(done.id));
    expect(err).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect(err.message).toContain('status of succeeded');
  });
});

describe('payment intents: declines', () => {
  const cases: Array<[string, string, string, string]> = [
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['pm_card_chargeDeclinedFraudulent', 'card_declined', 'fraudulent', 'Your card was declined.'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card', 'Your card has expired.'],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc', "Your card's security code is incorrect."],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error', 'An error occurred while processing your card. Try again in a little bit.'],
    ['pm_card_chargeCustomerFail', 'card_declined', 'generic_decline', 'Your card was declined.'],
  ];
  for (const [pm, code, declineCode, message] of cases) {
    it(`${pm}: 402 card_error ${code}/${declineCode}, the attempt is kept`, async () => {
      const stripe = h.stripe();
      const err = await failure(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: pm, confirm: true }));
      expect(err).toMatchObject({ type: 'StripeCardError', statusCode: 402, code, decline_code: declineCode, message });
      const raw = err.raw as { payment_intent: Stripe.PaymentIntent; charge: string; payment_method: Stripe.PaymentMethod; doc_url: string };
      expect(raw.doc_url).toBe(`https://docs.stripe.com/error-codes/${code.replace(/_/g, '-')}`);
      expect(raw.payment_intent).toMatchObject({ object: 'payment_intent', status: 'requires_payment_method', payment_method: null });
      expect(raw.payment_method.id).toMatch(/^pm_/);
      expect(raw.charge).toMatch(/^ch_/);
      const pi = await stripe.paymentIntents.retrieve(raw.payment_intent.id);
      expect(pi).toMatchObject({ status: 'requires_payment_method', latest_charge: raw.charge, amount_received: 0 });
      expect(pi.last_payment_error).toMatchObject({ type: 'card_error', code, decline_code: declineCode, charge: raw.charge, message });
      expect(pi.last_payment_error?.payment_method?.id).toBe(raw.payment_method.id);
      expectShape(pi, 'PaymentIntent', '2026-10-28.endive');
      const charge = await stripe.charges.retrieve(raw.charge);
      expect(charge).toMatchObject({ status: 'failed', paid: false, captured: false, failure_code: code, failure_message: message });
      expect(charge.outcome?.type).toBe(declineCode === 'fraudulent' ? 'blocked' : 'issuer_declined');
      expectShape(charge, 'Charge', '2026-10-28.endive');
      expect(await eventTypes(stripe)).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
    });
  }

  it('a declined intent can be confirmed again with another card', async () => {
    const stripe = h.stripe();
    const err = await failure(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true }));
    const id = (err.raw as { payment_intent: { id: string } }).payment_intent.id;
    const retried = await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' });
    expect(retried).toMatchObject({ status: 'succeeded', last_payment_error: null, amount_received: 2000 });
    const charges = await stripe.charges.list({ payment_intent: id });
    expect(charges.data.map((c) => c.status)).toEqual(['succeeded', 'failed']);
  });
});

describe('payment intents: authentication (3D Secure)', () => {
  it('requires_action on-session, completed through the control plane', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_authenticationRequired', confirm: true });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action).toMatchObject({ type: 'use_stripe_sdk' });
    expectShape(pi, 'PaymentIntent', '2026-10-28.endive');
    const res = await control(h, key, `/_emulator/payment_intents/${pi.id}/authenticate`, { outcome: 'succeed' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: pi.id, status: 'succeeded', next_action: null });
    const charge = await stripe.charges.retrieve((await stripe.paymentIntents.retrieve(pi.id)).latest_charge as string);
    expect(charge.payment_method_details?.card?.three_d_secure).toMatchObject({ result: 'authenticated' });
    expect(await eventTypes(stripe)).toEqual(['payment_intent.created', 'payment_intent.requires_action', 'charge.succeeded', 'payment_intent.succeeded']);
    const twice = await control(h, key, `/_emulator/payment_intents/${pi.id}/authenticate`);
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({ error: { code: 'payment_intent_unexpected_state' } });
  });

  it('a failed authentication returns the intent to requires_payment_method', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const pi = await stripe.paymentIntents.create({
      amount: 2000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: 'https://example.com/back',
    });
    expect(pi.next_action).toMatchObject({ type: 'redirect_to_url', redirect_to_url: { return_url: 'https://example.com/back' } });
    const res = await control(h, key, `/_emulator/payment_intents/${pi.id}/authenticate`, { outcome: 'fail' });
    expect(await res.json()).toMatchObject({
      status: 'requires_payment_method', last_payment_error: { code: 'payment_intent_authentication_failure', type: 'invalid_request_error' },
    });
    expect((await eventsOf(stripe, 'payment_intent.payment_failed')).length).toBe(1);
  });

  it('authenticates, then declines: authenticationRequiredChargeDeclinedInsufficientFunds', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const pi = await stripe.paymentIntents.create({
      amount: 2000, currency: 'usd', payment_method: 'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds', confirm: true,
    });
    const res = await control(h, key, `/_emulator/payment_intents/${pi.id}/authenticate`);
    expect(await res.json()).toMatchObject({ status: 'requires_payment_method', last_payment_error: { decline_code: 'insufficient_funds' } });
  });

  it('off-session, a card needing authentication fails with authentication_required', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    const err = await failure(stripe.paymentIntents.create({
      amount: 2000, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true, off_session: true,
    }));
    expect(err).toMatchObject({ statusCode: 402, code: 'authentication_required', decline_code: 'authentication_required' });
    const alsoWithFlag = await failure(stripe.paymentIntents.create({
      amount: 2000, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true, error_on_requires_action: true,
    }));
    expect(alsoWithFlag.code).toBe('authentication_required');
  });

  it('a card set up through a SetupIntent pays off-session without authentication', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const customer = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true });
    expect(si.status).toBe('requires_action');
    await control(h, key, `/_emulator/setup_intents/${si.id}/authenticate`);
    const pm = (await stripe.setupIntents.retrieve(si.id)).payment_method as string;
    const onSession = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: customer.id, payment_method: pm, confirm: true });
    expect(onSession.status).toBe('requires_action');
    const offSession = await stripe.paymentIntents.create({
      amount: 500, currency: 'usd', customer: customer.id, payment_method: pm, confirm: true, off_session: true,
    });
    expect(offSession.status).toBe('succeeded');
  });
});

describe('payment intents: payment method types and versions', () => {
  it('endive refuses payment_method_types on create, update and confirm', async () => {
    const stripe = h.stripe();
    const create = await failure(stripe.paymentIntents.create(legacy({ amount: 1000, currency: 'usd', payment_method_types: ['card'] })));
    expect(create).toMatchObject({ statusCode: 400, code: 'payment_method_types_no_longer_supported', param: 'payment_method_types' });
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(await failure(stripe.paymentIntents.update(pi.id, legacy({ payment_method_types: ['card'] })))).toMatchObject({ code: 'payment_method_types_no_longer_supported' });
    expect(await failure(stripe.paymentIntents.confirm(pi.id, legacy({ payment_method_types: ['card'] }))))
      .toMatchObject({ code: 'payment_method_types_no_longer_supported' });
    const dahlia = h.stripe({ apiVersion: '2026-08-26.dahlia' });
    const accepted = await dahlia.paymentIntents.create(legacy({ amount: 1000, currency: 'usd', payment_method_types: ['card', 'sepa_debit'] }));
    expect(accepted).toMatchObject({ payment_method_types: ['card', 'sepa_debit'], automatic_payment_methods: null });
  });

  it('basil accepts and echoes payment_method_types, in the basil shape', async () => {
    for (const version of ['2025-05-28.basil', '2025-03-31.basil'] as const) {
      const stripe = h.stripe({ apiVersion: version });
      const pi = await stripe.paymentIntents.create(legacy({
        amount: 1000, currency: 'usd', payment_method_types: ['card'], payment_method: 'pm_card_visa', confirm: true, expand: ['latest_charge'],
      }));
      expect(pi).toMatchObject({ status: 'succeeded', payment_method_types: ['card'], automatic_payment_methods: null });
      expect(pi).not.toHaveProperty('allowed_payment_method_types');
      expect(pi).not.toHaveProperty('customer_account');
      expectShape(pi, 'PaymentIntent', version);
      expectShape(pi.latest_charge, 'Charge', version);
      const err = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true }));
      const declined = (err.raw as { payment_intent: Stripe.PaymentIntent }).payment_intent;
      expect(declined).not.toHaveProperty('allowed_payment_method_types');
      expectShape(declined, 'PaymentIntent', version);
      expectShape(await stripe.paymentIntents.retrieve(declined.id, { expand: ['payment_method', 'latest_charge', 'customer'] }), 'PaymentIntent', version);
      const action = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', confirm: true });
      expectShape(action, 'PaymentIntent', version);
    }
  });

  it('allowed_payment_method_types is echoed and exclusive; excluded types refuse a method', async () => {
    const stripe = h.stripe();
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', allowed_payment_method_types: ['sepa_debit'] } as Stripe.PaymentIntentCreateParams);
    expect(pi).toMatchObject({ allowed_payment_method_types: ['sepa_debit'], payment_method_types: ['sepa_debit'], automatic_payment_methods: null });
    const card = await failure(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }));
    expect(card).toMatchObject({ statusCode: 400, code: 'payment_intent_incompatible_payment_method' });
    const clash = await failure(stripe.paymentIntents.create({
      amount: 1000, currency: 'eur', allowed_payment_method_types: ['card'], excluded_payment_method_types: ['sepa_debit'],
    } as Stripe.PaymentIntentCreateParams));
    expect(clash.statusCode).toBe(400);
    const excl = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', excluded_payment_method_types: ['card'] } as Stripe.PaymentIntentCreateParams);
    expect(excl.excluded_payment_method_types).toEqual(['card']);
    expect(await failure(stripe.paymentIntents.confirm(excl.id, { payment_method: 'pm_card_visa' }))).toMatchObject({ code: 'payment_intent_incompatible_payment_method' });
  });
});

describe('payment intents: update, list, search', () => {
  it('updates the amount only before success; metadata any time', async () => {
    const stripe = h.stripe();
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect((await stripe.paymentIntents.update(pi.id, { amount: 1200, description: 'more' })).amount).toBe(1200);
    await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    expect(await failure(stripe.paymentIntents.update(pi.id, { amount: 1300 }))).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect((await stripe.paymentIntents.update(pi.id, { metadata: { note: 'x' } })).metadata).toEqual({ note: 'x' });
  });

  it('refuses a payment method attached to another customer', async () => {
    const stripe = h.stripe();
    const a = await stripe.customers.create({});
    const b = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: a.id });
    const err = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: b.id, payment_method: pm.id }));
    expect(err).toMatchObject({ statusCode: 400, param: 'payment_method' });
    const noCustomer = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id }));
    expect(noCustomer.statusCode).toBe(400);
  });

  it('lists by customer and created, and searches', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({});
    const a = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, metadata: { k: 'a' } });
    const b = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
    await stripe.paymentIntents.create({ amount: 3000, currency: 'usd' });
    const list = await stripe.paymentIntents.list({ customer: customer.id });
    expect(list.data.map((p) => p.id)).toEqual([b.id, a.id]);
    expect((await stripe.paymentIntents.list({ created: { gte: a.created } })).data.length).toBe(3);
    expect((await stripe.paymentIntents.list({ created: { lt: a.created } })).data.length).toBe(0);
    const found = await stripe.paymentIntents.search({ query: "status:'succeeded' AND amount>2000" });
    expect(found.data.map((p) => p.id)).toEqual([b.id]);
    const meta = await stripe.paymentIntents.search({ query: "metadata['k']:'a'" });
    expect(meta.data.map((p) => p.id)).toEqual([a.id]);
  });
});

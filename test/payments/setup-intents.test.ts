import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { control, eventTypes, failure, legacy } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('setup intents', () => {
  it('creates, then cancels with a reason', async () => {
    const stripe = h.stripe();
    const si = await stripe.setupIntents.create({ description: 'save a card', metadata: { a: '1' } });
    expect(si.id).toMatch(/^seti_[A-Za-z0-9]{24}$/);
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_`));
    expect(si).toMatchObject({
      object: 'setup_intent', status: 'requires_payment_method', usage: 'off_session', payment_method: null, customer: null,
      automatic_payment_methods: { enabled: true }, payment_method_types: ['card'], metadata: { a: '1' }, last_setup_error: null,
    });
    const canceled = await stripe.setupIntents.cancel(si.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
    expect(await failure(stripe.setupIntents.cancel(si.id))).toMatchObject({ statusCode: 400, code: 'setup_intent_unexpected_state' });
    expect(await failure(stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' }))).toMatchObject({ code: 'setup_intent_unexpected_state' });
    expect(await eventTypes(stripe)).toEqual(['setup_intent.created', 'setup_intent.canceled']);
  });

  it('confirms a card for a customer: succeeded, the method attached', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
    expect(si.status).toBe('succeeded');
    expect(si.payment_method).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    expect((await stripe.paymentMethods.retrieve(si.payment_method as string)).customer).toBe(customer.id);
    expect(await eventTypes(stripe)).toEqual(['customer.created', 'setup_intent.created', 'payment_method.attached', 'setup_intent.succeeded']);
    expect(await failure(stripe.setupIntents.confirm(si.id))).toMatchObject({ statusCode: 400, code: 'setup_intent_unexpected_state' });
  });

  it('a declining card fails the setup: 402 with the setup intent, setup_intent.setup_failed kept', async () => {
    const stripe = h.stripe();
    const err = await failure(stripe.setupIntents.create({ payment_method: 'pm_card_chargeDeclined', confirm: true }));
    expect(err).toMatchObject({ statusCode: 402, type: 'StripeCardError', code: 'card_declined', decline_code: 'generic_decline' });
    const si = (err.raw as { setup_intent: Stripe.SetupIntent }).setup_intent;
    expect(si).toMatchObject({ object: 'setup_intent', status: 'requires_payment_method', payment_method: null });
    const stored = await stripe.setupIntents.retrieve(si.id);
    expect(stored.last_setup_error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline', type: 'card_error' });
    expect(await eventTypes(stripe)).toEqual(['setup_intent.created', 'setup_intent.setup_failed']);
    const retried = await stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
  });

  it('3D Secure cards wait in requires_action; the control plane completes or fails them', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const si = await stripe.setupIntents.create({ payment_method: 'pm_card_authenticationRequired', confirm: true });
    expect(si).toMatchObject({ status: 'requires_action', next_action: { type: 'use_stripe_sdk' } });
    const ok = await control(h, key, `/_emulator/setup_intents/${si.id}/authenticate`, { outcome: 'succeed' });
    expect(await ok.json()).toMatchObject({ status: 'succeeded', next_action: null });
    const other = await stripe.setupIntents.create({ payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: 'https://example.com' });
    expect(other.next_action).toMatchObject({ type: 'redirect_to_url' });
    const failed = await control(h, key, `/_emulator/setup_intents/${other.id}/authenticate`, { outcome: 'fail' });
    expect(await failed.json()).toMatchObject({ status: 'requires_payment_method', last_setup_error: { code: 'setup_intent_authentication_failure' } });
    expect(await eventTypes(stripe)).toEqual([
      'setup_intent.created', 'setup_intent.requires_action', 'setup_intent.succeeded',
      'setup_intent.created', 'setup_intent.requires_action', 'setup_intent.setup_failed',
    ]);
  });

  it('updates, confirms separately, lists by customer; endive refuses payment_method_types', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: customer.id });
    await stripe.setupIntents.create({});
    const updated = await stripe.setupIntents.update(si.id, { payment_method: 'pm_card_mastercard', metadata: { k: 'v' } });
    expect(updated).toMatchObject({ status: 'requires_confirmation', metadata: { k: 'v' } });
    expect((await stripe.setupIntents.confirm(si.id)).status).toBe('succeeded');
    expect((await stripe.setupIntents.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([si.id]);
    expect((await stripe.setupIntents.list()).data).toHaveLength(2);
    expect(await stripe.setupIntents.retrieve(si.id, { client_secret: si.client_secret! })).toMatchObject({ id: si.id });
    expect(await failure(stripe.setupIntents.create(legacy({ payment_method_types: ['card'] })))).toMatchObject({ code: 'payment_method_types_no_longer_supported' });
    const basil = h.stripe({ apiVersion: '2025-08-27.basil' });
    expect((await basil.setupIntents.create(legacy({ payment_method_types: ['card'] }))).payment_method_types).toEqual(['card']);
    expect(await failure(stripe.setupIntents.retrieve('seti_missing'))).toMatchObject({ statusCode: 404 });
  });
});

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

describe('payment methods: creation', () => {
  it('creates card methods from test numbers with brand, last4, expiry, funding and country', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const basil = h.stripe({ key, apiVersion: '2025-05-28.basil' });
    const cases: Array<[string, string, string, string]> = [
      ['4242424242424242', 'visa', '4242', 'credit'],
      ['4000056655665556', 'visa', '5556', 'debit'],
      ['5555555555554444', 'mastercard', '4444', 'credit'],
      ['378282246310005', 'amex', '0005', 'credit'],
      ['4000000000000002', 'visa', '0002', 'credit'],
    ];
    for (const [number, brand, last4, funding] of cases) {
      const pm = await stripe.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2034, cvc: '123' } });
      expect(pm.id).toMatch(/^pm_[A-Za-z0-9]{24}$/);
      expect(pm).toMatchObject({ object: 'payment_method', type: 'card', customer: null, livemode: false });
      expect(pm.card).toMatchObject({ brand, last4, funding, exp_month: 12, exp_year: 2034, country: 'US', checks: { cvc_check: 'unchecked' } });
      expectShape(pm, 'PaymentMethod', '2026-10-28.endive');
      expectShape(await basil.paymentMethods.retrieve(pm.id), 'PaymentMethod', '2025-05-28.basil');
    }
    const a = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 1, exp_year: 2035 } });
    const b = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242 4242 4242 4242', exp_month: 2, exp_year: 2036 } });
    expect(a.card?.fingerprint).toBe(b.card?.fingerprint);
    expect(await eventTypes(stripe)).toEqual([]);
  });

  it('numbers decide outcomes: 4000000000000002 declines, 4000002500003155 needs authentication', async () => {
    const stripe = h.stripe();
    const declining = await stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000000002', exp_month: 12, exp_year: 2034 } });
    const err = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: declining.id, confirm: true }));
    expect(err).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    const funds = await stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000009995', exp_month: 12, exp_year: 2034 } });
    const err2 = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: funds.id, confirm: true }));
    expect(err2.decline_code).toBe('insufficient_funds');
    const threeDs = await stripe.paymentMethods.create({ type: 'card', card: { number: '4000002500003155', exp_month: 12, exp_year: 2034 } });
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: threeDs.id, confirm: true });
    expect(pi.status).toBe('requires_action');
  });

  it('refuses bad card numbers, expiries and CVCs with card errors', async () => {
    const stripe = h.stripe();
    expect(await failure(stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424241', exp_month: 12, exp_year: 2034 } })))
      .toMatchObject({ statusCode: 402, type: 'StripeCardError', code: 'incorrect_number', param: 'card[number]' });
    expect(await failure(stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 13, exp_year: 2034 } })))
      .toMatchObject({ statusCode: 402, code: 'invalid_expiry_month' });
    expect(await failure(stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 1, exp_year: 2001 } })))
      .toMatchObject({ statusCode: 402, code: 'invalid_expiry_year' });
    expect(await failure(stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 1, exp_year: 2034, cvc: '1' } })))
      .toMatchObject({ statusCode: 402, code: 'invalid_cvc' });
    expect(await failure(stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242' } as Stripe.PaymentMethodCreateParams.Card })))
      .toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'card[exp_month]' });
    expect(await failure(stripe.paymentMethods.create({ type: 'klarna' } as Stripe.PaymentMethodCreateParams)))
      .toMatchObject({ statusCode: 400, param: 'type' });
  });

  it('creates from tokens and SEPA IBANs; retrieving a shortcut gives a fresh pm_', async () => {
    const stripe = h.stripe();
    const tok = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_mastercard' } });
    expect(tok.card).toMatchObject({ brand: 'mastercard', last4: '4444' });
    expect(await failure(stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_nope' } }))).toMatchObject({ statusCode: 400, param: 'card[token]' });
    const sepa = await stripe.paymentMethods.create({
      type: 'sepa_debit', sepa_debit: { iban: 'AT611904300234573201' }, billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
    });
    expect(sepa).toMatchObject({ type: 'sepa_debit', sepa_debit: { country: 'AT', last4: '3201', bank_code: '19043' }, billing_details: { name: 'Jenny Rosen' } });
    expectShape(sepa, 'PaymentMethod', '2026-10-28.endive');
    const fetched = await stripe.paymentMethods.retrieve('pm_card_amex');
    expect(fetched.id).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    expect(fetched.card).toMatchObject({ brand: 'amex', display_brand: 'american_express', last4: '0005' });
    expect(await failure(stripe.paymentMethods.retrieve('pm_card_doesNotExist'))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});

describe('payment methods: attach, detach, update, list', () => {
  it('attaching a shortcut clones it onto the customer; events attached, updated, detached', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect(pm.id).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    expect(pm).toMatchObject({ customer: customer.id, card: { brand: 'visa', last4: '4242' } });
    expect(await stripe.paymentMethods.attach(pm.id, { customer: customer.id })).toEqual(pm);

    const updated = await stripe.paymentMethods.update(pm.id, {
      metadata: { label: 'main' }, billing_details: { name: 'Ada', address: { country: 'GB' } }, card: { exp_month: 6 },
    });
    expect(updated).toMatchObject({ metadata: { label: 'main' }, billing_details: { name: 'Ada', address: { country: 'GB', city: null } }, card: { exp_month: 6 } });
    const [updatedEvent] = await eventsOf(stripe, 'payment_method.updated');
    expect(updatedEvent.data.previous_attributes).toHaveProperty('metadata', {});

    const detached = await stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    const [detachedEvent] = await eventsOf(stripe, 'payment_method.detached');
    expect(detachedEvent.data.previous_attributes).toEqual({ customer: customer.id });
    expect(await eventTypes(stripe)).toEqual(['customer.created', 'payment_method.attached', 'payment_method.updated', 'payment_method.detached']);

    expect(await failure(stripe.paymentMethods.detach(pm.id))).toMatchObject({ statusCode: 400 });
    const reuse = await failure(stripe.paymentMethods.attach(pm.id, { customer: customer.id }));
    expect(reuse.statusCode).toBe(400);
    expect(reuse.message).toContain('may not be used again');
  });

  it('attach verifies the card: declining cards fail, chargeCustomerFail and 3DS cards attach', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({});
    const err = await failure(stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }));
    expect(err).toMatchObject({ statusCode: 402, type: 'StripeCardError', code: 'card_declined', decline_code: 'generic_decline' });
    const fail = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    expect(fail.customer).toBe(customer.id);
    const threeDs = await stripe.paymentMethods.attach('pm_card_threeDSecure2Required', { customer: customer.id });
    expect(threeDs.customer).toBe(customer.id);
    const charge = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, payment_method: fail.id, confirm: true }));
    expect(charge).toMatchObject({ statusCode: 402, decline_code: 'generic_decline' });
    expect(await failure(stripe.paymentMethods.attach('pm_card_visa', { customer: 'cus_missing' }))).toMatchObject({ statusCode: 404, param: 'customer' });
  });

  it('refuses to attach to a second customer and to update an unattached method', async () => {
    const stripe = h.stripe();
    const a = await stripe.customers.create({});
    const b = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: a.id });
    expect(await failure(stripe.paymentMethods.attach(pm.id, { customer: b.id }))).toMatchObject({ statusCode: 400 });
    const loose = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const err = await failure(stripe.paymentMethods.update(loose.id, { metadata: { a: 'b' } }));
    expect(err.message).toBe('You must save this PaymentMethod to a customer before you can update it.');
  });

  it("lists a customer's methods by type, both ways", async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({});
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const mc = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    const sepa = await stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'AT611904300234573201' }, billing_details: { name: 'A' } });
    await stripe.paymentMethods.attach(sepa.id, { customer: customer.id });
    await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const cards = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(cards.data.map((p) => p.id)).toEqual([mc.id, visa.id]);
    expect(cards.url).toBe('/v1/payment_methods');
    const all = await stripe.customers.listPaymentMethods(customer.id);
    expect(all.data.map((p) => p.id)).toEqual([sepa.id, mc.id, visa.id]);
    expect(all.url).toBe(`/v1/customers/${customer.id}/payment_methods`);
    const onlySepa = await stripe.customers.listPaymentMethods(customer.id, { type: 'sepa_debit' });
    expect(onlySepa.data.map((p) => p.id)).toEqual([sepa.id]);
    expect((await stripe.customers.retrievePaymentMethod(customer.id, visa.id)).id).toBe(visa.id);
    expect(await failure(stripe.customers.listPaymentMethods('cus_missing'))).toMatchObject({ statusCode: 404 });
  });

  it('customer create with payment_method and invoice_settings, or with a source token', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const pm = customer.invoice_settings.default_payment_method as string;
    expect(pm).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    expect((await stripe.paymentMethods.retrieve(pm)).customer).toBe(customer.id);
    const withSource = await stripe.customers.create({ source: 'tok_visa' });
    const methods = await stripe.customers.listPaymentMethods(withSource.id);
    expect(methods.data).toHaveLength(1);
    expect(withSource.default_source).toBe(methods.data[0].id);
    expect(await failure(stripe.customers.create({ payment_method: 'pm_card_chargeDeclined' }))).toMatchObject({ statusCode: 402 });
  });

  it('a customer default payment method must exist and be attached to that customer', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({ name: 'Defaults' });
    const other = await stripe.customers.create({ name: 'Other' });
    const foreign = await stripe.paymentMethods.attach('pm_card_visa', { customer: other.id });
    const loose = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const param = 'invoice_settings[default_payment_method]';
    expect(await failure(stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: 'pm_doesnotexist' } })))
      .toMatchObject({ statusCode: 404, code: 'resource_missing', param });
    for (const id of [foreign.id, loose.id]) {
      expect(await failure(stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: id } })))
        .toMatchObject({ statusCode: 400, param, message: expect.stringContaining('does not have a payment method') });
    }
    for (const id of [foreign.id, loose.id]) {
      expect(await failure(stripe.customers.create({ invoice_settings: { default_payment_method: id } }))).toMatchObject({ statusCode: 400, param });
      expect(await failure(stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: id } })))
        .toMatchObject({ statusCode: 400, param });
    }
    expect(await failure(stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_nope' } })))
      .toMatchObject({ statusCode: 404, param });
    expect((await stripe.customers.list({ limit: 100 })).data).toHaveLength(2); // the refused creates left nothing behind
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).invoice_settings.default_payment_method).toBeNull();

    const own = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    const updated = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: own.id }, expand: ['invoice_settings.default_payment_method'] });
    expect((updated.invoice_settings.default_payment_method as Stripe.PaymentMethod).id).toBe(own.id);
    expect((await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: '' } })).invoice_settings.default_payment_method).toBeNull();
  });

  it('default_source names one of the customer\'s sources; a new source replaces the default', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({ source: 'tok_visa' });
    const first = customer.default_source as string;
    const second = await stripe.customers.update(customer.id, { source: 'tok_mastercard' });
    const replacement = second.default_source as string;
    expect(replacement).not.toBe(first);
    expect((await stripe.paymentMethods.retrieve(first)).customer).toBeNull(); // the replaced default is removed
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((p) => p.id)).toEqual([replacement]);

    const extra = await stripe.paymentMethods.attach('pm_card_amex', { customer: customer.id });
    expect((await stripe.customers.update(customer.id, { default_source: extra.id })).default_source).toBe(extra.id);
    expect(await failure(stripe.customers.update(customer.id, { default_source: first }))).toMatchObject({ statusCode: 404, param: 'default_source' });
    expect(await failure(stripe.customers.update(customer.id, { default_source: 'card_nope' }))).toMatchObject({ statusCode: 404, param: 'default_source' });
    await stripe.paymentMethods.detach(extra.id);
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).default_source).toBeNull();
    await stripe.customers.update(customer.id, { default_source: replacement });
    expect((await stripe.customers.update(customer.id, { default_source: '' } as Stripe.CustomerUpdateParams)).default_source).toBeNull();
  });

  it('detaching the default payment method clears it from the customer', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    await stripe.paymentMethods.detach(customer.invoice_settings.default_payment_method as string);
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).invoice_settings.default_payment_method).toBeNull();
  });
});

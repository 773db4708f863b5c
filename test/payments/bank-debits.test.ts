import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { expectShape } from '../support/shape.js';
import { control, eventTypes, failure } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function sepaIntent(stripe: Stripe, iban: string): Promise<Stripe.PaymentIntent> {
  const pm = await stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban }, billing_details: { name: 'Bob', email: 'bob@example.com' } });
  return stripe.paymentIntents.create({
    amount: 1000, currency: 'eur', payment_method: pm.id, confirm: true,
    mandate_data: { customer_acceptance: { type: 'offline', accepted_at: 1590590577 } },
  } as Stripe.PaymentIntentCreateParams);
}

describe('SEPA debits: processing, then settled by the clock', () => {
  it('processes, then succeeds once its settlement time has passed', async () => {
    const stripe = h.stripe();
    const pi = await sepaIntent(stripe, 'AT611904300234573201');
    expect(pi).toMatchObject({ status: 'processing', amount_received: 0 });
    expectShape(pi, 'PaymentIntent', '2026-10-28.endive');
    const pending = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(pending).toMatchObject({ status: 'pending', paid: false, outcome: null, payment_method_details: { type: 'sepa_debit', sepa_debit: { last4: '3201' } } });
    expectShape(pending, 'Charge', '2026-10-28.endive');
    expect(await failure(stripe.paymentIntents.cancel(pi.id))).toMatchObject({ code: 'payment_intent_unexpected_state' });
    h.emulator.tick();
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('processing');
    h.emulator.clock.advance(6);
    h.emulator.tick();
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ status: 'succeeded', amount_received: 1000 });
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({ status: 'succeeded', paid: true, captured: true, amount_captured: 1000 });
    expect(await eventTypes(stripe)).toEqual(['payment_intent.created', 'charge.pending', 'payment_intent.processing', 'charge.succeeded', 'payment_intent.succeeded']);
  });

  it('a failing IBAN returns the intent to requires_payment_method', async () => {
    const stripe = h.stripe();
    const pi = await sepaIntent(stripe, 'AT861904300235473202');
    h.emulator.clock.advance(6);
    h.emulator.tick();
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'insufficient_funds' } });
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).status).toBe('failed');
    expect((await eventTypes(stripe)).slice(-2)).toEqual(['charge.failed', 'payment_intent.payment_failed']);
  });

  it('the control plane settles a debit at once, and only a processing one', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const pi = await sepaIntent(stripe, 'AT321904300235473204');
    const res = await control(h, key, `/_emulator/payment_intents/${pi.id}/settle`, { outcome: 'succeed' });
    expect(await res.json()).toMatchObject({ status: 'succeeded' });
    const again = await control(h, key, `/_emulator/payment_intents/${pi.id}/settle`);
    expect(again.status).toBe(400);
    const bad = await control(h, key, `/_emulator/payment_intents/${pi.id}/settle`, { outcome: 'maybe' });
    expect(bad.status).toBe(400);
    const noKey = await h.request(`/_emulator/payment_intents/${pi.id}/settle`, { method: 'POST', key: null });
    expect(noKey.status).toBe(401);
  });

  it('SEPA debits only in euros', async () => {
    const stripe = h.stripe();
    const pm = await stripe.paymentMethods.create({ type: 'sepa_debit', sepa_debit: { iban: 'AT611904300234573201' }, billing_details: { name: 'B' } });
    const err = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true }));
    expect(err).toMatchObject({ statusCode: 400, param: 'currency' });
  });
});

describe('customer_balance intents and the fund_cash_balance test helper', () => {
  it('waits for bank transfer funds, partially funded, then succeeds; leftovers stay available', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({});
    const pi = await stripe.paymentIntents.create({
      amount: 20000, currency: 'jpy', customer: customer.id, confirm: true,
      payment_method_data: { type: 'customer_balance' },
      payment_method_options: { customer_balance: { funding_type: 'bank_transfer', bank_transfer: { type: 'jp_bank_transfer' } } },
    });
    expect(pi).toMatchObject({
      status: 'requires_action',
      next_action: { type: 'display_bank_transfer_instructions', display_bank_transfer_instructions: { amount_remaining: 20000, currency: 'jpy', type: 'jp_bank_transfer' } },
    });
    expectShape(pi, 'PaymentIntent', '2026-10-28.endive');
    const fund = (amount: number) => stripe.testHelpers.customers.fundCashBalance(customer.id, { amount, currency: 'jpy' });
    const txn = await fund(10000);
    expect(txn).toMatchObject({ object: 'customer_cash_balance_transaction', type: 'funded', net_amount: 10000, ending_balance: 10000, currency: 'jpy' });
    expectShape(txn, 'CustomerCashBalanceTransaction', '2026-10-28.endive');
    const half = await stripe.paymentIntents.retrieve(pi.id);
    expect(half.status).toBe('requires_action');
    expect(half.next_action?.display_bank_transfer_instructions?.amount_remaining).toBe(10000);
    await fund(15000);
    expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ status: 'succeeded', amount_received: 20000 });
    const balance = await stripe.customers.retrieveCashBalance(customer.id);
    expect(balance.available).toEqual({ jpy: 5000 });
    const types = await eventTypes(stripe);
    expect(types).toContain('payment_intent.partially_funded');
    expect(types.slice(-3)).toEqual(['charge.succeeded', 'payment_intent.succeeded', 'cash_balance.funds_available']);
    const next = await stripe.paymentIntents.create({
      amount: 4000, currency: 'jpy', customer: customer.id, confirm: true, payment_method_data: { type: 'customer_balance' },
    });
    expect(next.status).toBe('succeeded');
    expect(await failure(stripe.paymentIntents.create({ amount: 4000, currency: 'jpy', confirm: true, payment_method_data: { type: 'customer_balance' } })))
      .toMatchObject({ statusCode: 400, param: 'customer' });
  });
});

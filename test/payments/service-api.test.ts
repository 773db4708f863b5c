/**
 * The synchronous service API invoices and credit notes build on
 * (src/resources/payment-intents/service.ts), driven directly in units of work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, runUnit, type ApiContext } from '../../src/context.js';
import { StripeError } from '../../src/errors.js';
import {
  cancelPaymentIntent, confirmPaymentIntent, createPaymentIntent, createRefund, getPaymentIntent, onPaymentIntentChange,
  resolvePaymentMethod, tryConfirmPaymentIntent, updatePaymentIntentAmount, type PaymentIntent,
} from '../../src/resources/payment-intents/service.js';
import { createHarness, type Harness } from '../support/harness.js';
import { eventTypes } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

function unit<T>(key: string, fn: (ctx: ApiContext) => T): T {
  const ctx = createContext(h.emulator.services, key);
  return runUnit(ctx, () => fn(ctx));
}

describe('payment intent service API', () => {
  it('notifies listeners of every status change, synchronously, until unsubscribed', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const customer = await stripe.customers.create({});
    const seen: Array<[string, string, string]> = [];
    const off = onPaymentIntentChange((ctx, before, after) => {
      if (ctx.accountKey === key) seen.push([after.id, before.status, after.status]);
    });
    try {
      const pi = unit(key, (ctx) => createPaymentIntent(ctx, { amount: 5000, currency: 'usd', customer: customer.id, description: 'Invoice payment' }));
      expect(seen).toEqual([]);
      const pm = unit(key, (ctx) => resolvePaymentMethod(ctx, 'pm_card_visa', customer.id));
      expect(pm.customer).toBe(customer.id);
      const paid = unit(key, (ctx) => confirmPaymentIntent(ctx, pi.id, { payment_method: pm.id, off_session: true }));
      expect(paid).toMatchObject({ status: 'succeeded', amount_received: 5000 });
      expect(seen).toEqual([[pi.id, 'requires_payment_method', 'succeeded']]);
      const other = unit(key, (ctx) => createPaymentIntent(ctx, { amount: 1000, currency: 'usd', customer: customer.id }));
      unit(key, (ctx) => cancelPaymentIntent(ctx, other.id, 'void_invoice'));
      expect(seen.at(-1)).toEqual([other.id, 'requires_payment_method', 'canceled']);
      expect((await stripe.paymentIntents.retrieve(other.id)).cancellation_reason).toBe('void_invoice');
    } finally {
      off();
    }
    const count = seen.length;
    unit(key, (ctx) => createPaymentIntent(ctx, { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }));
    expect(seen.length).toBe(count);
  });

  it('a decline throws a committing card error; the try* variant returns it', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    let thrown: unknown;
    try {
      unit(key, (ctx) => createPaymentIntent(ctx, { amount: 2000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true }));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StripeError);
    const err = thrown as StripeError;
    expect(err).toMatchObject({ status: 402, type: 'card_error', keepWrites: true, code: 'card_declined' });
    const failed = err.extra.payment_intent as PaymentIntent;
    expect((await stripe.paymentIntents.retrieve(failed.id)).status).toBe('requires_payment_method');

    const attempt = unit(key, (ctx) => tryConfirmPaymentIntent(ctx, failed.id, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' }));
    expect(attempt.intent.status).toBe('requires_payment_method');
    expect(attempt.error).toMatchObject({ status: 402, code: 'card_declined', extra: { decline_code: 'insufficient_funds' } });
    const ok = unit(key, (ctx) => tryConfirmPaymentIntent(ctx, failed.id, { payment_method: 'pm_card_visa' }));
    expect(ok.error).toBeNull();
    expect(ok.intent.status).toBe('succeeded');
    expect(await eventTypes(stripe)).toEqual([
      'payment_intent.created', 'charge.failed', 'payment_intent.payment_failed', 'charge.failed', 'payment_intent.payment_failed',
      'charge.succeeded', 'payment_intent.succeeded',
    ]);
  });

  it('keeps an amount in sync, refunds, and reads intents', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const pi = unit(key, (ctx) => createPaymentIntent(ctx, { amount: 5000, currency: 'usd', metadata: { invoice: 'in_1' } }));
    expect(unit(key, (ctx) => updatePaymentIntentAmount(ctx, pi.id, 3500)).amount).toBe(3500);
    unit(key, (ctx) => confirmPaymentIntent(ctx, pi.id, { payment_method: 'pm_card_visa' }));
    expect(() => unit(key, (ctx) => updatePaymentIntentAmount(ctx, pi.id, 3000))).toThrow(/status of succeeded/);
    const refund = unit(key, (ctx) => createRefund(ctx, { payment_intent: pi.id, amount: 1000, reason: 'requested_by_customer', metadata: { credit_note: 'cn_1' } }));
    expect(refund).toMatchObject({ amount: 1000, payment_intent: pi.id, status: 'succeeded' });
    expect(unit(key, (ctx) => getPaymentIntent(ctx, pi.id)).metadata).toEqual({ invoice: 'in_1' });
    expect(() => unit(key, (ctx) => getPaymentIntent(ctx, 'pi_missing'))).toThrow(/No such payment_intent/);
    expect((await stripe.charges.retrieve(refund.charge as string)).amount_refunded).toBe(1000);
  });
});

/**
 * The official Stripe CLI's `stripe trigger` fixtures for payment methods,
 * setup intents, payment intents and charges (disputes aside), run unchanged
 * against the emulator on a real port; each must succeed and record its event.
 */
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { servedEmulator, stripeCliAvailable, stripeTrigger } from '../support/stripe-cli.js';
import { eventTypes, eventsOf } from './helpers.js';

const VERSION = '2025-08-27.basil';

const served = servedEmulator();

/** Trigger → what else the account should show afterwards. */
const TRIGGERS: Record<string, (stripe: Stripe) => Promise<void>> = {
  'payment_method.attached': async (stripe) => {
    const [event] = await eventsOf(stripe, 'payment_method.attached');
    expect((event.data.object as Stripe.PaymentMethod).id).toMatch(/^pm_[A-Za-z0-9]{24}$/);
  },
  'payment_method.detached': async (stripe) => {
    expect(await eventTypes(stripe)).toEqual(['customer.created', 'payment_method.attached', 'payment_method.detached']);
  },
  'payment_method.updated': async (stripe) => {
    const [event] = await eventsOf(stripe, 'payment_method.updated');
    expect((event.data.object as Stripe.PaymentMethod).metadata).toEqual({ foo: 'bar' });
  },
  'setup_intent.created': async () => {},
  'setup_intent.canceled': async (stripe) => {
    const [event] = await eventsOf(stripe, 'setup_intent.canceled');
    expect((event.data.object as Stripe.SetupIntent).cancellation_reason).toBe('requested_by_customer');
  },
  'setup_intent.requires_action': async (stripe) => {
    expect((await stripe.setupIntents.list()).data[0].status).toBe('requires_action');
  },
  'setup_intent.setup_failed': async (stripe) => {
    expect((await stripe.setupIntents.list()).data[0].status).toBe('requires_payment_method');
  },
  'setup_intent.succeeded': async () => {},
  'payment_intent.created': async () => {},
  'payment_intent.canceled': async () => {},
  'payment_intent.succeeded': async (stripe) => {
    expect((await stripe.paymentIntents.list()).data[0]).toMatchObject({ status: 'succeeded', shipping: { name: 'Jenny Rosen' } });
  },
  'payment_intent.payment_failed': async (stripe) => {
    expect(await eventTypes(stripe)).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
  },
  'payment_intent.requires_action': async (stripe) => {
    expect((await stripe.paymentIntents.list()).data[0].status).toBe('requires_action');
  },
  'payment_intent.amount_capturable_updated': async (stripe) => {
    expect((await stripe.paymentIntents.list()).data[0]).toMatchObject({ status: 'requires_capture', amount_capturable: 2000 });
  },
  'payment_intent.processing': async (stripe) => {
    expect((await stripe.paymentIntents.list()).data[0]).toMatchObject({ status: 'processing', currency: 'eur' });
  },
  'payment_intent.partially_funded': async (stripe) => {
    const pi = (await stripe.paymentIntents.list()).data[0];
    expect(pi.next_action?.display_bank_transfer_instructions?.amount_remaining).toBe(10000);
  },
  'charge.succeeded': async () => {},
  'charge.failed': async (stripe) => {
    expect((await stripe.charges.list()).data[0]).toMatchObject({ status: 'failed', failure_code: 'card_declined' });
  },
  'charge.captured': async (stripe) => {
    expect((await stripe.charges.list()).data[0]).toMatchObject({ captured: true, amount_captured: 2000 });
  },
  'charge.refunded': async (stripe) => {
    expect((await stripe.charges.list()).data[0]).toMatchObject({ refunded: true, amount_refunded: 100 });
    expect(await eventTypes(stripe)).toContain('refund.created');
  },
  'charge.refund.updated': async (stripe) => {
    expect((await stripe.refunds.list()).data[0].metadata).toEqual({ order_id: '6735' });
    expect(await eventTypes(stripe)).toContain('refund.updated');
  },
};

describe.skipIf(!stripeCliAvailable())('stripe trigger (Stripe CLI 1.52) against the emulator', () => {
  for (const [trigger, check] of Object.entries(TRIGGERS)) {
    it(trigger, async () => {
      const key = served.h.newKey();
      const run = await stripeTrigger(trigger, { apiBase: served.server.url, key, apiVersion: VERSION });
      expect(run.stderr, run.stderr).not.toMatch(/failed/i);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Trigger succeeded!');
      const stripe = served.h.stripe({ key });
      expect(await eventTypes(stripe)).toContain(trigger);
      await check(stripe);
    });
  }

  it('without --api-version the account default (endive) refuses payment_method_types, as Stripe does', async () => {
    const key = served.h.newKey();
    const run = await stripeTrigger('payment_intent.created', { apiBase: served.server.url, key });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('payment_method_types_no_longer_supported');
    const canceled = await stripeTrigger('payment_intent.canceled', { apiBase: served.server.url, key });
    expect(canceled.code).toBe(0);
  });
});

/**
 * The Stripe CLI's invoice, invoice item, product and price triggers against
 * the emulator at the account default version (endive, no --api-version) and
 * pinned to a pre-basil version (2024-06-20): each must succeed, record its
 * event and leave the objects in the state the trigger implies.
 * (test/cli/triggers.test.ts runs them at 2025-08-27.basil with webhook delivery.)
 */
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { limiter, servedEmulator, stripeCliAvailable, stripeTrigger } from '../support/stripe-cli.js';
import { eventsOf } from './helpers.js';

const TIMEOUT_MS = 90_000;

/** Trigger → the status its last invoice ends in (null: no invoice, or deleted). */
const TRIGGERS: Record<string, string | null> = {
  'invoice.created': 'draft',
  'invoice.updated': 'draft',
  'invoice.deleted': null,
  'invoice.finalized': 'open',
  'invoice.sent': 'open',
  'invoice.paid': 'paid',
  'invoice.payment_succeeded': 'paid',
  'invoice.payment_failed': 'open',
  'invoice.payment_action_required': 'open',
  'invoice.marked_uncollectible': 'uncollectible',
  'invoice.voided': 'void',
  'invoiceitem.created': null,
  'invoiceitem.deleted': null,
  'product.created': null,
  'product.updated': null,
  'product.deleted': null,
  'price.created': null,
  'price.updated': null,
};

const limit = limiter(4);
const served = servedEmulator();

describe.skipIf(!stripeCliAvailable())('stripe trigger: invoicing families', () => {
  for (const apiVersion of [undefined, '2024-06-20'] as const) {
    describe.concurrent(`at ${apiVersion ?? 'the account default version'}`, () => {
      for (const [trigger, status] of Object.entries(TRIGGERS)) {
        it(trigger, { timeout: TIMEOUT_MS }, async () => {
          const key = served.h.newKey();
          const run = await limit(() => stripeTrigger(trigger, { apiBase: served.server.url, key, apiVersion, timeoutMs: TIMEOUT_MS - 10_000 }));
          expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
          expect(run.stdout).toContain('Trigger succeeded!');
          const events = eventsOf(served.h, key);
          expect(events.map((e) => e.type)).toContain(trigger);
          const stripe = served.h.stripe({ key });
          if (trigger.startsWith('invoice.')) {
            const invoices = await stripe.invoices.list({ limit: 1 });
            if (status === null) {
              expect(invoices.data).toEqual([]);
              return;
            }
            const inv: Stripe.Invoice = invoices.data[0];
            expect(inv.status).toBe(status);
            expect(inv.total).toBe(2000);
            if (trigger === 'invoice.payment_failed' || trigger === 'invoice.payment_action_required') expect(inv.attempt_count).toBe(1);
            if (trigger === 'invoice.updated') expect(inv.metadata).toEqual({ foo: 'bar' });
          }
          if (trigger === 'price.created' || trigger === 'price.updated') {
            const price = (await stripe.prices.list()).data[0];
            expect(price).toMatchObject({ unit_amount: 1500, type: 'recurring', recurring: { interval: 'month' } });
          }
        });
      }
    });
  }
});

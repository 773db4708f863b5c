/**
 * Every `stripe trigger` of the official Stripe CLI (1.52) that touches what the
 * emulator serves, run as the real binary against the emulator on a loopback
 * port: the trigger must succeed, and its event must be recorded and delivered,
 * signed, to a webhook endpoint (enabled_events ['*']) of the same account —
 * `stripe trigger` + the emulator replaces `stripe listen` for local work.
 *
 * `--api-version 2025-08-27.basil`: the CLI's fixtures send
 * `payment_method_types`, which the endive default refuses (as Stripe does).
 * Each trigger runs in its own account (a fresh key), four CLI runs at a time.
 */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createHarness } from '../support/harness.js';
import { limiter, runStripeCli, servedEmulator, serveOnLoopback, stripeCliAvailable, stripeTrigger } from '../support/stripe-cli.js';
import { startReceiver } from '../webhooks/receiver.js';

const VERSION = '2025-08-27.basil';
const CONCURRENCY = 4;
const TIMEOUT_MS = 90_000;

/** The triggers we run; the value is the event type to look for when it is not the trigger's name. */
const TRIGGERS: Record<string, string | null> = {
  'customer.created': null,
  'customer.updated': null,
  'customer.deleted': null,
  'payment_method.attached': null,
  'payment_method.detached': null,
  'payment_method.updated': null,
  'setup_intent.created': null,
  'setup_intent.canceled': null,
  'setup_intent.requires_action': null,
  'setup_intent.setup_failed': null,
  'setup_intent.succeeded': null,
  'payment_intent.created': null,
  'payment_intent.canceled': null,
  'payment_intent.succeeded': null,
  'payment_intent.payment_failed': null,
  'payment_intent.requires_action': null,
  'payment_intent.amount_capturable_updated': null,
  'payment_intent.processing': null,
  'payment_intent.partially_funded': null,
  'charge.succeeded': null,
  'charge.failed': null,
  'charge.captured': null,
  'charge.refunded': null,
  'charge.refund.updated': null,
  'invoice.created': null,
  'invoice.updated': null,
  'invoice.deleted': null,
  'invoice.finalized': null,
  'invoice.sent': null,
  'invoice.paid': null,
  // an alias of invoice.paid's fixture; Stripe sends invoice.payment_succeeded with invoice.paid
  'invoice.payment_succeeded': null,
  'invoice.payment_failed': null,
  'invoice.payment_action_required': null,
  'invoice.marked_uncollectible': null,
  'invoice.voided': null,
  'invoiceitem.created': null,
  'invoiceitem.deleted': null,
  'credit_note.created': null,
  'credit_note.updated': null,
  'credit_note.voided': null,
  'product.created': null,
  'product.updated': null,
  'product.deleted': null,
  'price.created': null,
  'price.updated': null,
  // customer cash balance (fund_cash_balance test helper): served, so run as well
  'cash_balance.funds_available': null,
  'customer_cash_balance_transaction.created': null,
};

/**
 * Triggers of these families that need resources the emulator does not serve
 * (each but charge.dispute.created fails with a 404 "Unrecognized request URL" at
 * the step named; they are not run). Outside these families, `subscription.payment_*`
 * fail the same way at POST /v1/subscriptions (Stripe CLI 1.52 has no
 * `customer.source.expiring` trigger).
 */
const EXCLUDED: Record<string, string> = {
  'customer.discount.created': 'POST /v1/coupons — coupons and discounts are not served',
  'customer.discount.updated': 'POST /v1/coupons — coupons and discounts are not served',
  'customer.discount.deleted': 'POST /v1/coupons — coupons and discounts are not served',
  'customer.source.created': 'POST /v1/customers/{id}/sources — the legacy Sources/Tokens API is not served',
  'customer.source.updated': 'POST /v1/customers/{id}/sources — the legacy Sources/Tokens API is not served',
  'customer.subscription.created': 'POST /v1/subscriptions — subscriptions are not served',
  'customer.subscription.updated': 'POST /v1/subscriptions — subscriptions are not served',
  'customer.subscription.deleted': 'POST /v1/subscriptions — subscriptions are not served',
  'customer.subscription.paused': 'POST /v1/subscriptions — subscriptions are not served',
  'customer.subscription.trial_will_end': 'POST /v1/subscriptions — subscriptions are not served',
  // exits 0 (its one step, a PaymentIntent with pm_card_createDispute, succeeds as a plain card payment) but no dispute and no
  // charge.dispute.created event follow
  'charge.dispute.created': 'pm_card_createDispute opens no dispute — disputes are not served',
  'charge.dispute.updated': 'GET /v1/disputes — disputes are not served',
  'charge.dispute.closed': 'GET /v1/disputes — disputes are not served',
};

/** The families this file covers (every supported trigger name in them is either run or excluded). */
const FAMILY = /^(customer|payment_method|setup_intent|payment_intent|charge|invoice|invoiceitem|credit_note|product|price)\.|^cash_balance\.|^customer_cash_balance_transaction\./;

/** The object an event of `type` carries. */
function objectOf(type: string): string {
  if (type.startsWith('charge.refund.')) return 'refund';
  if (type.startsWith('cash_balance.')) return 'cash_balance';
  return type.split('.')[0];
}

const limit = limiter(CONCURRENCY);
const served = servedEmulator();

describe.skipIf(!stripeCliAvailable())('stripe trigger (Stripe CLI 1.52) against the emulator, delivered to a webhook endpoint', () => {
  it('covers every supported trigger of the served families (run or excluded with a reason)', async () => {
    const help = await runStripeCli(['trigger', '--help']);
    const supported = help.stdout.split('\n').map((l) => l.trim()).filter((l) => /^[a-z_]+(\.[a-z_0-9]+)+$/.test(l));
    expect(supported.length).toBeGreaterThan(100);
    const ours = supported.filter((name) => FAMILY.test(name));
    for (const name of ours) expect(name in TRIGGERS || name in EXCLUDED, `${name} is neither run nor excluded`).toBe(true);
    for (const name of [...Object.keys(TRIGGERS), ...Object.keys(EXCLUDED)]) expect(supported).toContain(name);
  });

  it('needs no --api-version when the emulator runs with a basil default (--api-version 2025-08-27.basil)', { timeout: TIMEOUT_MS }, async () => {
    const basil = await createHarness({ apiVersion: VERSION });
    const basilServer = await serveOnLoopback(basil.emulator.app);
    try {
      for (const trigger of ['payment_intent.succeeded', 'invoice.paid']) {
        const key = basil.newKey();
        const run = await limit(() => stripeTrigger(trigger, { apiBase: basilServer.url, key }));
        expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
        const events = (await basil.stripe({ key }).events.list({ type: trigger })).data;
        expect(events.map((e) => [e.type, e.api_version])).toEqual([[trigger, VERSION]]);
      }
    } finally {
      await basilServer.close();
      await basil.close();
    }
  });

  describe.concurrent('each trigger', () => {
    for (const [trigger, expected] of Object.entries(TRIGGERS)) {
      const type = expected ?? trigger;
      it(trigger, { timeout: TIMEOUT_MS }, async () => {
        const key = served.h.newKey();
        const stripe = served.h.stripe({ key });
        const receiver = await startReceiver();
        try {
          const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] });
          const run = await limit(() => stripeTrigger(trigger, { apiBase: served.server.url, key, apiVersion: VERSION, timeoutMs: TIMEOUT_MS - 10_000 }));
          expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
          expect(run.stdout).toContain('Trigger succeeded!');

          // every event the trigger recorded reaches the receiver, signed for this endpoint
          const recorded = await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
          expect(recorded.map((e) => e.type)).toContain(type);
          await receiver.waitFor(recorded.length);
          const delivered = receiver.received.map((got) =>
            Stripe.webhooks.constructEvent(got.body, got.headers['stripe-signature'] as string, endpoint.secret!),
          );
          expect(new Set(delivered.map((e) => e.id))).toEqual(new Set(recorded.map((e) => e.id)));
          const event = delivered.find((e) => e.type === type);
          expect(event, `${type} among ${delivered.map((e) => e.type).join(', ')}`).toBeDefined();
          expect((event!.data.object as { object: string }).object).toBe(objectOf(type));
          expect(event!.livemode).toBe(false);
        } finally {
          await receiver.close();
        }
      });
    }
  });
});

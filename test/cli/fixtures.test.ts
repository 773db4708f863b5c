/**
 * Our scenario files (fixtures/*.json) run unchanged through the official Stripe
 * CLI (`stripe fixtures FILE --api-base …`, no --api-version: the account's
 * default version) against the emulator on a loopback port, each in its own
 * account; afterwards the objects their `_meta.description` promises are there.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { runStripeCli, servedEmulator, stripeCliAvailable } from '../support/stripe-cli.js';

const served = servedEmulator();

interface Account {
  stripe: Stripe;
  /** Event types, oldest first. */
  types: string[];
  events: Stripe.Event[];
  customer(email: string): Promise<Stripe.Customer>;
  invoiceOf(customer: Stripe.Customer): Promise<Stripe.Invoice>;
}

async function account(key: string): Promise<Account> {
  const stripe = served.h.stripe({ key });
  const events = (await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 1000 })).reverse();
  return {
    stripe,
    events,
    types: events.map((e) => e.type),
    async customer(email) {
      const found = (await stripe.customers.list({ limit: 100 })).data.filter((c) => c.email === email);
      expect(found).toHaveLength(1);
      return found[0];
    },
    async invoiceOf(customer) {
      const invoices = (await stripe.invoices.list({ customer: customer.id })).data;
      expect(invoices).toHaveLength(1);
      return stripe.invoices.retrieve(invoices[0].id, { expand: ['payments'] });
    },
  };
}

function count(types: string[], type: string): number {
  return types.filter((t) => t === type).length;
}

/** What each file must leave behind (its `_meta.description`, checked). */
const CHECKS: Record<string, (a: Account) => Promise<void>> = {
  'customer-credit.json': async ({ stripe, customer }) => {
    const acme = await customer('billing@acme.example');
    expect(acme.balance).toBe(-52500);
    const txns = (await stripe.customers.listBalanceTransactions(acme.id)).data;
    expect(txns.map((t) => [t.type, t.amount])).toEqual([['adjustment', -2500], ['adjustment', -50000]]);
    const globex = await customer('accounts@globex.example');
    expect(globex.balance).toBe(12000);
    expect(globex.metadata).toMatchObject({ referred_by: acme.id });
  },

  'milestone-billing.json': async ({ types, events, customer, invoiceOf }) => {
    const invoice = await invoiceOf(await customer('ap@milestone.example'));
    expect(invoice).toMatchObject({ status: 'paid', amount_due: 300000, amount_paid: 300000, amount_remaining: 0 });
    const milestones = invoice.payments!.data.filter((p) => !p.is_default);
    expect(milestones.map((p) => [p.status, p.amount_paid])).toEqual([['paid', 100000], ['paid', 100000], ['paid', 100000]]);
    expect(count(types, 'invoice_payment.paid')).toBe(3);
    expect(count(types, 'invoice.paid')).toBe(1);
    expect(types.indexOf('invoice.paid')).toBeGreaterThan(types.lastIndexOf('invoice_payment.paid'));
    // amount_remaining as the invoice.* events show it: 300000 → 200000 → 100000 → 0
    const remaining = events.filter((e) => e.type.startsWith('invoice.')).map((e) => (e.data.object as Stripe.Invoice).amount_remaining);
    expect(remaining.filter((r, i) => r !== remaining[i - 1])).toEqual([300000, 200000, 100000, 0]);
  },

  'overpaid-invoice.json': async ({ stripe, types, customer, invoiceOf }) => {
    const c = await customer('finance@overpaying.example');
    const invoice = await invoiceOf(c);
    expect(invoice).toMatchObject({ status: 'paid', amount_due: 50000, amount_paid: 60000, amount_overpaid: 10000 });
    expect(types).toContain('invoice.overpaid');
    const txns = (await stripe.customers.listBalanceTransactions(c.id)).data;
    expect(txns.map((t) => [t.type, t.amount])).toEqual([['adjustment', 10000], ['invoice_overpaid', -10000]]);
    expect((await stripe.customers.retrieve(c.id) as Stripe.Customer).balance).toBe(0);
    const refunds = (await stripe.refunds.list()).data;
    expect(refunds.map((r) => [r.amount, r.status])).toEqual([[10000, 'succeeded']]);
    expect(types).toContain('charge.refunded');
  },

  'mixed-credit-note.json': async ({ stripe, types, customer, invoiceOf }) => {
    const c = await customer('ap@partial.example');
    const invoice = await invoiceOf(c);
    expect(invoice).toMatchObject({
      status: 'paid', amount_paid: 60000, amount_remaining: 0,
      pre_payment_credit_notes_amount: 40000, post_payment_credit_notes_amount: 10000,
    });
    const notes = (await stripe.creditNotes.list({ invoice: invoice.id })).data;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ type: 'mixed', amount: 50000, pre_payment_amount: 40000, post_payment_amount: 10000 });
    expect((await stripe.customers.retrieve(c.id) as Stripe.Customer).balance).toBe(-10000);
    expect(count(types, 'credit_note.created')).toBe(1);
  },

  'declined-then-paid.json': async ({ stripe, types, customer, invoiceOf }) => {
    const invoice = await invoiceOf(await customer('dave@declined.example'));
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 25000, amount_remaining: 0 });
    expect(types.indexOf('invoice.payment_failed')).toBeGreaterThan(-1);
    expect(types.indexOf('invoice.paid')).toBeGreaterThan(types.indexOf('invoice.payment_failed'));
    const charges = (await stripe.charges.list()).data.reverse();
    expect(charges.map((ch) => [ch.status, ch.failure_code])).toEqual([['failed', 'card_declined'], ['succeeded', null]]);
  },

  'credit-balance-next-invoice.json': async ({ stripe, customer, invoiceOf }) => {
    const c = await customer('pat@prepaid.example');
    const invoice = await invoiceOf(c);
    expect(invoice).toMatchObject({ status: 'paid', total: 50000, starting_balance: -20000, amount_due: 30000, amount_paid: 30000 });
    expect((await stripe.customers.retrieve(c.id) as Stripe.Customer).balance).toBe(0);
    const txns = (await stripe.customers.listBalanceTransactions(c.id)).data;
    expect(txns.map((t) => [t.type, t.amount])).toEqual([['applied_to_invoice', 20000], ['adjustment', -20000]]);
  },
};

const FILES = readdirSync(resolve('fixtures')).filter((f) => f.endsWith('.json')).sort();

describe.skipIf(!stripeCliAvailable())('stripe fixtures (Stripe CLI 1.52) runs our scenario files against the emulator', () => {
  it('has a check for every scenario file', () => {
    expect(FILES.length).toBeGreaterThan(0);
    expect(Object.keys(CHECKS).sort()).toEqual(FILES);
  });

  describe.concurrent('each file', () => {
    for (const file of FILES) {
      it(file, { timeout: 60_000 }, async () => {
        const key = served.h.newKey();
        const run = await runStripeCli(['fixtures', resolve('fixtures', file), '--api-base', served.server.url, '--api-key', key]);
        expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
        expect(run.stderr).not.toMatch(/fail|error/i);
        await CHECKS[file]?.(await account(key));
      });
    }
  });
});

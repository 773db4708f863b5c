/**
 * Memory: stored objects of one shape share one V8 hidden class. An object frozen with a class of its own keeps about
 * 1 KB more alive (its map, descriptors and caches) for as long as it is stored, which multiplies over a long test
 * run. Checked with V8's own %HaveSameMap over every collection an invoicing flow with partial payments fills.
 * Speed: the facts every request carries share one class too (a class per request made the pipeline megamorphic).
 */
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { serveOnLoopback } from '../support/stripe-cli.js';

setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const keysOf = (v: Record<string, unknown>) => Object.keys(v).join();

describe('stored objects', () => {
  it('share a hidden class with the previous object of the same fields, nested objects included', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    for (let i = 0; i < 25; i++) {
      const customer = await stripe.customers.create({
        email: `m${i}@example.com`, metadata: { i: String(i) }, ...(i % 2 ? { invoice_settings: { footer: `Footer ${i}` } } : {}),
      });
      const product = await stripe.products.create({ name: `Plan ${i}` });
      const price = await stripe.prices.create({ product: product.id, unit_amount: 1000, currency: 'usd' });
      const invoice = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30 });
      await stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, pricing: { price: price.id } });
      await stripe.invoices.finalizeInvoice(invoice.id);
      const intent = await stripe.paymentIntents.create({ amount: 400, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
      await stripe.invoices.attachPayment(invoice.id, { payment_intent: intent.id });
      await stripe.creditNotes.create({ invoice: invoice.id, amount: 100 });
      await stripe.customers.createBalanceTransaction(customer.id, { amount: -50, currency: 'usd' });
      await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    }

    const account = h.emulator.services.store.account(key);
    const checked: string[] = [];
    const unshared: string[] = [];
    for (const name of account.collectionNames()) {
      const objects = [...account.collection(name).values()];
      // pairs of consecutive objects with the same fields (top level, and each nested object with the same fields)
      const pairs = new Map<string, { same: number; of: number }>();
      const compare = (path: string, a: unknown, b: unknown) => {
        if (!isRecord(a) || !isRecord(b) || keysOf(a) !== keysOf(b)) return;
        const tally = pairs.get(path) ?? { same: 0, of: 0 };
        tally.of += 1;
        if (haveSameMap(a, b)) tally.same += 1;
        pairs.set(path, tally);
        for (const field of Object.keys(a)) compare(`${path}.${field}`, a[field], b[field]);
      };
      // from the fourth object on: the first ones may be left on a class V8 replaced while it settled a field's type
      for (let i = 4; i < objects.length; i++) compare(name, objects[i], objects[i - 1]);
      for (const [path, { same, of }] of pairs) {
        if (of < 10) continue;
        checked.push(path);
        // objects frozen with classes of their own shared in at most about half the pairs (measured); one shape, in all
        if (same < of * 0.9) unshared.push(`${path}: ${same} of ${of} pairs share`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining([
      'customer', 'customer.metadata', 'customer.invoice_settings', 'invoice', 'payment_intent', 'credit_note', 'charge.outcome',
      'invoice_payment.payment', 'event', 'event.request',
    ]));
    expect(unshared).toEqual([]);
  });
});

describe('per-request objects', () => {
  it("share a hidden class from request to request: the facts each request carries in Hono's env", async () => {
    // a spread copy of the Node server's env that gains properties ({ ...env, requestId }) got a class of its own on
    // every request, and every read of c.env went megamorphic: creates cost ~20% more. Served over HTTP, as the
    // Node server hands the app an env of its own (app.request hands none).
    const fresh = await createHarness();
    const seen: object[] = [];
    fresh.emulator.app.get('/_probe/env', (c) => {
      seen.push(c.env as object);
      return c.text('ok');
    });
    const server = await serveOnLoopback(fresh.emulator.app);
    try {
      for (let i = 0; i < 20; i++) expect((await fetch(`http://127.0.0.1:${server.port}/_probe/env`)).status).toBe(200);
      expect(seen).toHaveLength(20);
      const shared = seen.slice(4).filter((facts, i) => haveSameMap(facts, seen[i + 3]));
      expect(shared).toHaveLength(seen.length - 4);
    } finally {
      await server.close();
      await fresh.close();
    }
  });
});

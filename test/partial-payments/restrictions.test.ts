/** What an invoice with partial payments may and may not do (seed "Invoice payment statuses"). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { eventTypes, failure, intent, openInvoice, withPayments } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function withOpenPayment(stripe: Stripe, amount = 2000): Promise<{ invoice: Stripe.Invoice; pi: Stripe.PaymentIntent; customer: Stripe.Customer }> {
  const { customer, invoice } = await openInvoice(stripe, [10000]);
  const pi = await intent(stripe, customer.id, amount);
  await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
  return { invoice, pi, customer };
}

describe('with a non-default payment open', () => {
  it('void is refused and changes nothing', async () => {
    const stripe = h.stripe();
    const { invoice } = await withOpenPayment(stripe);
    const before = await withPayments(stripe, invoice.id);
    const err = await failure(stripe.invoices.voidInvoice(invoice.id));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'invoice' });
    expect(err.message).toMatch(/can't void invoice in_\w+: it has partial payments that are open or paid: inpay_\w+ \(open\)/);
    expect(await withPayments(stripe, invoice.id)).toEqual(before);
    expect(await eventTypes(stripe)).not.toContain('invoice.voided');
  });

  it('mark_uncollectible is refused', async () => {
    const stripe = h.stripe();
    const { invoice } = await withOpenPayment(stripe);
    const err = await failure(stripe.invoices.markUncollectible(invoice.id));
    expect(err).toMatchObject({ statusCode: 400, param: 'invoice' });
    expect(err.message).toMatch(/can't mark invoice in_\w+ uncollectible while it has open partial payments/);
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('open');
  });

  it('edits that change amounts are refused; other edits still work', async () => {
    const stripe = h.stripe();
    const { invoice, customer } = await withOpenPayment(stripe);
    const line = invoice.lines.data[0];
    const err = await failure(stripe.invoices.updateLines(invoice.id, { lines: [{ id: line.id, amount: 5 }] }));
    expect(err.statusCode).toBe(400);
    const add = await failure(stripe.invoices.addLines(invoice.id, { lines: [{ amount: 500, description: 'More' }] }));
    expect(add.statusCode).toBe(400);
    const item = await failure(stripe.invoiceItems.create({ customer: customer.id, invoice: invoice.id, amount: 100, currency: 'usd' }));
    expect(item.statusCode).toBe(400);
    const updated = await stripe.invoices.update(invoice.id, { description: 'Still editable', metadata: { po: '42' } });
    expect(updated).toMatchObject({ description: 'Still editable', metadata: { po: '42' }, total: 10000, amount_due: 10000 });
  });

  it('sending stays possible', async () => {
    const stripe = h.stripe();
    const { invoice } = await withOpenPayment(stripe);
    expect((await stripe.invoices.sendInvoice(invoice.id)).status).toBe('open');
  });
});

describe('partially paid (paid payments, none open)', () => {
  async function partiallyPaid(stripe: Stripe): Promise<{ invoice: Stripe.Invoice; customer: Stripe.Customer }> {
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    const pi = await intent(stripe, customer.id, 4000, { confirm: true });
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    return { invoice, customer };
  }

  it('void is still refused (a paid payment)', async () => {
    const stripe = h.stripe();
    const { invoice } = await partiallyPaid(stripe);
    const err = await failure(stripe.invoices.voidInvoice(invoice.id));
    expect(err.statusCode).toBe(400);
    expect(err.message).toMatch(/\(paid\)/);
  });

  it('can be sent, marked uncollectible, and then paid (the remainder)', async () => {
    const stripe = h.stripe();
    const { invoice } = await partiallyPaid(stripe);
    expect((await stripe.invoices.sendInvoice(invoice.id)).status).toBe('open');
    const uncollectible = await stripe.invoices.markUncollectible(invoice.id);
    expect(uncollectible).toMatchObject({ status: 'uncollectible', amount_paid: 4000, amount_remaining: 6000 });
    // uncollectible with a paid partial payment: void stays refused
    expect((await failure(stripe.invoices.voidInvoice(invoice.id))).statusCode).toBe(400);
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa' });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 10000, amount_remaining: 0 });
    const inv = await withPayments(stripe, invoice.id);
    expect(inv.payments!.data.find((p) => p.is_default)).toMatchObject({ status: 'paid', amount_paid: 6000 });
  });

  it('an uncollectible partially paid invoice can be settled out of band', async () => {
    const stripe = h.stripe();
    const { invoice } = await partiallyPaid(stripe);
    await stripe.invoices.markUncollectible(invoice.id);
    const paid = await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 10000, amount_remaining: 0 });
  });

  it('an attached payment that was canceled blocks nothing', async () => {
    const stripe = h.stripe();
    const { invoice, pi } = await withOpenPayment(stripe);
    await stripe.paymentIntents.cancel(pi.id);
    expect((await stripe.invoices.markUncollectible(invoice.id)).status).toBe('uncollectible');
    expect((await stripe.invoices.voidInvoice(invoice.id)).status).toBe('void');
  });
});

describe('past the due date', () => {
  it('an unpaid, partially paid invoice keeps the API status open', async () => {
    const own = await createHarness();
    try {
      const key = own.newKey();
      const stripe = own.stripe({ key });
      const { customer, invoice } = await openInvoice(stripe, [10000]);
      expect(invoice.due_date).toEqual(expect.any(Number));
      await stripe.invoices.attachPayment(invoice.id, { payment_intent: (await intent(stripe, customer.id, 1000, { confirm: true })).id });
      const res = await own.request('/_emulator/advance', {
        method: 'POST', key, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `seconds=${40 * 86400}`,
      });
      expect(res.status).toBe(200);
      const later = await stripe.invoices.retrieve(invoice.id);
      expect(later.due_date!).toBeLessThan((await res.json() as { time: number }).time);
      expect(later).toMatchObject({ status: 'open', amount_paid: 1000, amount_remaining: 9000 });
    } finally {
      await own.close();
    }
  });
});

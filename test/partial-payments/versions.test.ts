/** Stripe-Version gating of partial payments and credit notes, and the objects' shapes per version. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { expectShape, type ApiVersion } from '../support/shape.js';
import { failure, intent, json, openInvoice } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** Two clients of one account: the newest version and `version`. */
function clients(version: string): { latest: Stripe; old: Stripe } {
  const key = h.newKey();
  return { latest: h.stripe({ key }), old: h.stripe({ key, apiVersion: version }) };
}

/** An open invoice of 10000 with 6000 paid and a mixed credit note (40000-style: 4000 pre, 1000 post), made at the newest version. */
async function mixedNote(stripe: Stripe): Promise<{ invoice: Stripe.Invoice; note: Stripe.CreditNote; payment: string }> {
  const { customer, invoice } = await openInvoice(stripe, [10000]);
  const pi = await intent(stripe, customer.id, 6000, { confirm: true });
  const attached = await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id, expand: ['payments'] });
  const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 5000, credit_amount: 1000 });
  expect(note.type).toBe('mixed');
  return { invoice, note, payment: attached.payments!.data[0].id };
}

describe('2026-10-28.endive and 2025-05-28.basil', () => {
  for (const version of ['2026-10-28.endive', '2025-05-28.basil'] as ApiVersion[]) {
    it(`${version}: attach, invoice payments and mixed credit notes in that version's shape`, async () => {
      const { old: stripe } = clients(version);
      const { customer, invoice } = await openInvoice(stripe, [10000]);
      const pi = await intent(stripe, customer.id, 6000, { confirm: true });
      const inv = await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id, expand: ['payments'] });
      expect(inv.amount_paid).toBe(6000);
      expectShape(json(inv), 'Invoice', version);
      for (const p of inv.payments!.data) expectShape(json(p), 'InvoicePayment', version);
      const preview = await stripe.creditNotes.preview({ invoice: invoice.id, amount: 5000, credit_amount: 1000 });
      expectShape(json(preview), 'CreditNote', version);
      const note = await stripe.creditNotes.create({
        invoice: invoice.id, lines: [{ type: 'custom_line_item', description: 'Fee waived', unit_amount: 5000 }], credit_amount: 1000,
      });
      expect(note).toMatchObject({ type: 'mixed', pre_payment_amount: 4000, post_payment_amount: 1000 });
      expectShape(json(note), 'CreditNote', version);
      for (const line of note.lines.data) expectShape(json(line), 'CreditNoteLineItem', version);
      const txn = await stripe.customers.retrieveBalanceTransaction(customer.id, note.customer_balance_transaction as string);
      expectShape(json(txn), 'CustomerBalanceTransaction', version);
      // the invoice is paid now (4000 credited before payment); a post-payment note can be voided
      const post = await stripe.creditNotes.create({ invoice: invoice.id, amount: 500, out_of_band_amount: 500 });
      expect(post.type).toBe('post_payment');
      const voided = await stripe.creditNotes.voidCreditNote(post.id);
      expectShape(json(voided), 'CreditNote', version);
    });
  }
});

describe('payment_record', () => {
  it('is an unknown parameter before 2025-10-29.clover and a clear 400 from then on', async () => {
    const key = h.newKey();
    const latest = h.stripe({ key });
    const { invoice } = await openInvoice(latest, [1000]);
    const basil = h.stripe({ key, apiVersion: '2025-05-28.basil' });
    const unknown = await failure(basil.invoices.attachPayment(invoice.id, { payment_record: 'prec_1' } as Stripe.InvoiceAttachPaymentParams));
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'payment_record' });
    for (const client of [h.stripe({ key, apiVersion: '2025-10-29.clover' }), latest]) {
      const refused = await failure(client.invoices.attachPayment(invoice.id, { payment_record: 'prec_1' }));
      expect(refused).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'payment_record' });
      expect(refused.message).toMatch(/PaymentRecords are not modelled by the emulator/);
    }
  });
});

describe('before 2025-05-28.basil', () => {
  it('attach_payment is a 400 that names the version it needs', async () => {
    const { latest, old } = clients('2025-04-30.basil');
    const { customer, invoice } = await openInvoice(latest, [10000]);
    const pi = await intent(latest, customer.id, 1000);
    const err = await failure(old.invoices.attachPayment(invoice.id, { payment_intent: pi.id }));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
    expect(err.message).toMatch(/needs API version 2025-05-28\.basil or later; this request uses 2025-04-30\.basil/);
    expect((await latest.invoicePayments.list({ invoice: invoice.id })).data).toHaveLength(1);
  });

  it('credit notes have no pre/post payment amounts; a mixed one is refused, an existing one reads as post_payment', async () => {
    const { latest, old } = clients('2025-03-31.basil');
    const { invoice, note } = await mixedNote(latest);
    const seen = await old.creditNotes.retrieve(note.id);
    expect(seen.type).toBe('post_payment');
    expect(seen).not.toHaveProperty('pre_payment_amount');
    expect(seen).not.toHaveProperty('post_payment_amount');
    expectShape(json(seen), 'CreditNote', '2025-03-31.basil');
    const listed = await old.creditNotes.list({ invoice: invoice.id });
    expect(listed.data[0].type).toBe('post_payment');

    const { customer, invoice: other } = await openInvoice(latest, [10000]);
    await latest.invoices.attachPayment(other.id, { payment_intent: (await intent(latest, customer.id, 6000, { confirm: true })).id });
    const refused = await failure(old.creditNotes.create({ invoice: other.id, amount: 5000, credit_amount: 1000 }));
    expect(refused).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'amount' });
    expect(refused.message).toMatch(/"mixed"\)\. Mixed credit notes need API version 2025-05-28\.basil or later/);
    const previewRefused = await failure(old.creditNotes.preview({ invoice: other.id, amount: 5000, credit_amount: 1000 }));
    expect(previewRefused.statusCode).toBe(400);
    // within what remains it is a plain pre-payment note
    const pre = await old.creditNotes.create({ invoice: other.id, amount: 4000 });
    expect(pre.type).toBe('pre_payment');
    expectShape(json(pre), 'CreditNote', '2025-03-31.basil');
    expect((await latest.creditNotes.retrieve(pre.id)).pre_payment_amount).toBe(4000);
  });
});

describe('2025-03-31.basil', () => {
  it('has invoice payments (no attach) and the 2025-03-31 shapes of invoices, payments, credit notes and their lines', async () => {
    const { latest, old } = clients('2025-03-31.basil');
    const { invoice } = await mixedNote(latest);
    const inv = await old.invoices.retrieve(invoice.id, { expand: ['payments'] });
    expect(inv.payments!.data.map((p) => p.status)).toEqual(['paid', 'canceled']);
    expectShape(json(inv), 'Invoice', '2025-03-31.basil');
    for (const p of (await old.invoicePayments.list({ invoice: invoice.id })).data) expectShape(json(p), 'InvoicePayment', '2025-03-31.basil');
    const note = await old.creditNotes.create({
      invoice: invoice.id, lines: [{ type: 'custom_line_item', description: 'Refund of a fee', unit_amount: 300 }], credit_amount: 300,
    });
    expect(note.type).toBe('post_payment');
    expectShape(json(note), 'CreditNote', '2025-03-31.basil');
    for (const line of (await old.creditNotes.listLineItems(note.id)).data) expectShape(json(line), 'CreditNoteLineItem', '2025-03-31.basil');
    const txn = await old.customers.retrieveBalanceTransaction(invoice.customer as string, note.customer_balance_transaction as string);
    expectShape(json(txn), 'CustomerBalanceTransaction', '2025-03-31.basil');
  });
});

describe('before 2025-03-31.basil', () => {
  it('no invoice payments: /v1/invoice_payments is an unrecognized URL and invoice.payments cannot be expanded', async () => {
    const { latest, old } = clients('2025-02-24.acacia');
    const { invoice, payment } = await mixedNote(latest);
    const list = await failure(old.invoicePayments.list({ invoice: invoice.id }));
    expect(list.statusCode).toBe(404);
    expect(list.message).toMatch(/Unrecognized request URL \(GET: \/v1\/invoice_payments\)/);
    expect((await failure(old.invoicePayments.retrieve(payment))).statusCode).toBe(404);
    const expand = await failure(old.invoices.retrieve(invoice.id, { expand: ['payments'] }));
    expect(expand).toMatchObject({ statusCode: 400, param: 'expand' });
    // the pre-basil invoice shape
    const inv = (await old.invoices.retrieve(invoice.id)) as unknown as Record<string, unknown>;
    // the mixed note settled it: 4000 credited before payment, 6000 paid
    expect(inv).toMatchObject({ status: 'paid', paid: true, paid_out_of_band: false, amount_paid: 6000, amount_due: 6000 });
    expect(inv).not.toHaveProperty('amount_overpaid');
    expect(inv).not.toHaveProperty('payments');
  });

  it('credit notes carry the single `refund`; create takes `refund`, not `refunds`', async () => {
    const { latest, old } = clients('2024-12-18.acacia');
    const { customer, invoice } = await openInvoice(latest, [5000]);
    const pi = await intent(latest, customer.id, 5000, { confirm: true });
    await latest.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
    const refund = await latest.refunds.create({ payment_intent: pi.id, amount: 700 });
    const note = (await old.creditNotes.create({ invoice: invoice.id, amount: 700, refund: refund.id } as Stripe.CreditNoteCreateParams)) as unknown as Record<string, unknown>;
    expect(note).toMatchObject({ refund: refund.id, type: 'post_payment', tax_amounts: [] });
    expect(note).not.toHaveProperty('refunds');
    expect(note).not.toHaveProperty('pre_payment_amount');
    expect(note).not.toHaveProperty('total_taxes');
    const withoutRefund = (await old.creditNotes.create({ invoice: invoice.id, amount: 100, credit_amount: 100 })) as unknown as Record<string, unknown>;
    expect(withoutRefund.refund).toBeNull();
    const newParam = await failure(old.creditNotes.create({ invoice: invoice.id, amount: 100, refunds: [{ refund: refund.id }] }));
    expect(newParam).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'refunds' });
    const oldParam = await failure(latest.creditNotes.create({ invoice: invoice.id, amount: 100, refund: refund.id } as Stripe.CreditNoteCreateParams));
    expect(oldParam).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'refund' });
    // the newest shape keeps the link as refunds[]
    expect((await latest.creditNotes.retrieve(note.id as string)).refunds).toEqual([{ amount_refunded: 700, refund: refund.id, type: 'refund', payment_record_refund: null }]);
  });
});

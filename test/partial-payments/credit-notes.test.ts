/** Credit notes (seed "Issue a credit note", changelog 2025-05-28.basil): pre/post payment amounts, previews, lines, refunds, credit, void. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { expectShape } from '../support/shape.js';
import { eventTypes, eventsOf, failure, intent, json, ledgerSum, openInvoice, withPayments } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** An open invoice of `total` with `paid` already paid through an attached PaymentIntent. */
async function partlyPaid(stripe: Stripe, total: number, paid: number): Promise<{ customer: Stripe.Customer; invoice: Stripe.Invoice; pi: Stripe.PaymentIntent }> {
  const { customer, invoice } = await openInvoice(stripe, [total]);
  const pi = await intent(stripe, customer.id, paid, { confirm: true });
  await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
  return { customer, invoice, pi };
}

describe('pre-payment credit notes', () => {
  it('lower amount_due and amount_remaining; the default payment follows', async () => {
    const stripe = h.stripe();
    const { invoice } = await openInvoice(stripe, [10000]);
    const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 2500, reason: 'order_change', memo: 'Smaller order', metadata: { ticket: 'T-1' } });
    expect(note.id).toMatch(/^cn_[A-Za-z0-9]{24}$/);
    expect(note).toMatchObject({
      object: 'credit_note', amount: 2500, total: 2500, subtotal: 2500, currency: 'usd', invoice: invoice.id, customer: invoice.customer,
      type: 'pre_payment', pre_payment_amount: 2500, post_payment_amount: 0, status: 'issued', voided_at: null, refunds: [],
      customer_balance_transaction: null, out_of_band_amount: null, reason: 'order_change', memo: 'Smaller order', metadata: { ticket: 'T-1' },
      number: `${invoice.number}-CN-01`,
    });
    expect(note.lines).toMatchObject({ object: 'list', data: [], has_more: false, url: `/v1/credit_notes/${note.id}/lines` });
    expectShape(json(note), 'CreditNote', '2026-10-28.endive');
    const inv = await withPayments(stripe, invoice.id);
    expect(inv).toMatchObject({ status: 'open', total: 10000, amount_due: 7500, amount_remaining: 7500, pre_payment_credit_notes_amount: 2500, post_payment_credit_notes_amount: 0 });
    expect(inv.payments!.data.find((p) => p.is_default)).toMatchObject({ amount_requested: 7500, status: 'open' });
    const types = await eventTypes(stripe);
    expect(types.slice(-2)).toEqual(['credit_note.created', 'invoice.updated']);
    expect(note.effective_at).toBe(note.created);
    const second = await stripe.creditNotes.create({ invoice: invoice.id, amount: 500, effective_at: 1_700_000_000, email_type: 'none' });
    expect(second).toMatchObject({ number: `${invoice.number}-CN-02`, effective_at: 1_700_000_000 });
    expect(await stripe.creditNotes.retrieve(note.id)).toEqual(note);
  });

  it('an invoice whose remainder reaches 0 through credit notes is paid', async () => {
    const stripe = h.stripe();
    const { invoice } = await partlyPaid(stripe, 10000, 4000);
    const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 6000 });
    expect(note).toMatchObject({ type: 'pre_payment', pre_payment_amount: 6000, post_payment_amount: 0 });
    const inv = await withPayments(stripe, invoice.id);
    expect(inv).toMatchObject({ status: 'paid', amount_due: 4000, amount_paid: 4000, amount_remaining: 0, amount_overpaid: 0, pre_payment_credit_notes_amount: 6000 });
    expect(inv.status_transitions.paid_at).toEqual(expect.any(Number));
    expect(inv.payments!.data.find((p) => p.is_default)!.status).toBe('canceled');
    const types = await eventTypes(stripe);
    expect(types).toContain('invoice.paid');
    expect(types).not.toContain('invoice.payment_succeeded');
  });
});

describe('a mixed credit note with its preview (seed)', () => {
  it('previews without saving, then issues: 40000 pre-payment, 10000 post-payment credited to the balance', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await partlyPaid(stripe, 100000, 60000);
    const before = await withPayments(stripe, invoice.id);
    const eventsBefore = await eventTypes(stripe);
    const params = { invoice: invoice.id, amount: 50000, credit_amount: 10000, reason: 'order_change' as const };

    const preview = await stripe.creditNotes.preview(params);
    expect(preview.lines.url).toBe('/v1/credit_notes/preview/lines');
    expect(preview).toMatchObject({
      object: 'credit_note', amount: 50000, type: 'mixed', pre_payment_amount: 40000, post_payment_amount: 10000, status: 'issued',
      number: `${invoice.number}-CN-01`, customer_balance_transaction: null,
    });
    expectShape(json(preview), 'CreditNote', '2026-10-28.endive');
    const previewLines = await stripe.creditNotes.listPreviewLineItems(params);
    expect(previewLines).toMatchObject({ object: 'list', data: [], has_more: false, url: '/v1/credit_notes/preview/lines' });
    // nothing was saved
    expect((await stripe.creditNotes.list({ invoice: invoice.id })).data).toHaveLength(0);
    expect((await stripe.customers.listBalanceTransactions(customer.id)).data).toHaveLength(0);
    expect(await withPayments(stripe, invoice.id)).toEqual(before);
    expect(await eventTypes(stripe)).toEqual(eventsBefore);

    const note = await stripe.creditNotes.create(params);
    expect(note).toMatchObject({ amount: 50000, type: 'mixed', pre_payment_amount: 40000, post_payment_amount: 10000, number: preview.number });
    expect(note.id).not.toBe(preview.id);
    const txn = await stripe.customers.retrieveBalanceTransaction(customer.id, note.customer_balance_transaction as string);
    expect(txn).toMatchObject({ type: 'credit_note', amount: -10000, credit_note: note.id, currency: 'usd', ending_balance: -10000 });
    const inv = await stripe.invoices.retrieve(invoice.id);
    expect(inv).toMatchObject({
      status: 'paid', amount_due: 60000, amount_paid: 60000, amount_remaining: 0,
      pre_payment_credit_notes_amount: 40000, post_payment_credit_notes_amount: 10000,
    });
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).balance).toBe(-10000);
    const types = await eventTypes(stripe);
    expect(types).toEqual(expect.arrayContaining(['credit_note.created', 'customer.updated', 'invoice.paid']));
    const [created] = await eventsOf(stripe, 'credit_note.created');
    expect(created.data.object).toMatchObject({ id: note.id, type: 'mixed' });
  });

  it('lines: invoice lines by amount or quantity, custom lines; GET /lines and /preview/lines', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({ email: 'lines@example.com' });
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30 });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 6000, currency: 'usd', description: 'Consulting' });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, quantity: 4, unit_amount_decimal: '1000' as never, currency: 'usd', description: 'Seats' });
    const invoice = await stripe.invoices.finalizeInvoice(draft.id);
    const [consulting, seats] = [invoice.lines.data.find((l) => l.description === 'Consulting')!, invoice.lines.data.find((l) => l.description === 'Seats')!];
    const lines: Stripe.CreditNoteCreateParams.Line[] = [
      { type: 'invoice_line_item', invoice_line_item: consulting.id, amount: 1500 },
      { type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 2 },
      { type: 'custom_line_item', description: 'Goodwill', quantity: 2, unit_amount: 250, metadata: { why: 'delay' } },
    ];
    const previewLines = await stripe.creditNotes.listPreviewLineItems({ invoice: invoice.id, lines });
    expect(previewLines.data.map((l) => [l.type, l.amount])).toEqual([['invoice_line_item', 1500], ['invoice_line_item', 2000], ['custom_line_item', 500]]);
    // preview lines page like any list (the same request gives the same line ids)
    const paged: string[] = [];
    for await (const line of stripe.creditNotes.listPreviewLineItems({ invoice: invoice.id, lines, limit: 1 })) paged.push(line.id);
    expect(paged).toEqual(previewLines.data.map((l) => l.id));
    expect((await stripe.creditNotes.preview({ invoice: invoice.id, lines })).lines.data.map((l) => l.id)).toEqual(paged);
    const note = await stripe.creditNotes.create({ invoice: invoice.id, lines });
    expect(note).toMatchObject({ amount: 4000, pre_payment_amount: 4000, type: 'pre_payment' });
    expect(note.lines.data).toHaveLength(3);
    const [l1, l2, l3] = note.lines.data;
    expect(l1.id).toMatch(/^cnli_[A-Za-z0-9]{24}$/);
    expect(l1).toMatchObject({ object: 'credit_note_line_item', type: 'invoice_line_item', invoice_line_item: consulting.id, amount: 1500, description: 'Consulting', quantity: 1 });
    expect(l2).toMatchObject({ type: 'invoice_line_item', invoice_line_item: seats.id, amount: 2000, quantity: 2 });
    expect(json(l3)).toMatchObject({ type: 'custom_line_item', description: 'Goodwill', amount: 500, quantity: 2, unit_amount: 250, unit_amount_decimal: '250', metadata: { why: 'delay' } });
    for (const line of note.lines.data) expectShape(json(line), 'CreditNoteLineItem', '2026-10-28.endive');
    const listed = await stripe.creditNotes.listLineItems(note.id, { limit: 2 });
    expect(listed).toMatchObject({ has_more: true, url: `/v1/credit_notes/${note.id}/lines` });
    expect(listed.data.map((l) => l.id)).toEqual([l1.id, l2.id]);
    const retrieved = await stripe.creditNotes.retrieve(note.id, { expand: ['invoice', 'customer'] });
    expect((retrieved.invoice as Stripe.Invoice).pre_payment_credit_notes_amount).toBe(4000);
    expect((retrieved.customer as Stripe.Customer).id).toBe(customer.id);

    // what each invoice line has left to credit
    const tooMuch = await failure(stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'invoice_line_item', invoice_line_item: consulting.id, amount: 4501 }] }));
    expect(tooMuch).toMatchObject({ statusCode: 400, param: 'lines[0][amount]' });
    expect(tooMuch.message).toMatch(/more than what it has left to credit \(4500\)/);
    const seatsTooMany = await failure(stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 5 }] }));
    expect(seatsTooMany).toMatchObject({ statusCode: 400, param: 'lines[0][quantity]' });
    const notHers = await failure(stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'invoice_line_item', invoice_line_item: 'il_unknown', amount: 1 }] }));
    expect(notHers).toMatchObject({ statusCode: 400, param: 'lines[0][invoice_line_item]' });
    const mismatch = await failure(stripe.creditNotes.create({ invoice: invoice.id, amount: 999, lines: [{ type: 'custom_line_item', description: 'x', unit_amount: 100 }] }));
    expect(mismatch).toMatchObject({ statusCode: 400, param: 'amount' });
    const noDescription = await failure(stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'custom_line_item', unit_amount: 100 }] }));
    expect(noDescription).toMatchObject({ statusCode: 400, param: 'lines[0][description]' });
    const taxed = await failure(stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'custom_line_item', description: 'x', unit_amount: 100, tax_rates: ['txr_1'] }] }));
    expect(taxed).toMatchObject({ statusCode: 400, param: 'lines[0][tax_rates]' });
  });
});

describe('post-payment credit notes', () => {
  it('refund_amount refunds the most recent paid payment', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    const first = await intent(stripe, customer.id, 4000, { confirm: true });
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: first.id });
    const second = await intent(stripe, customer.id, 6000, { confirm: true });
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: second.id });
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 3000, refund_amount: 3000 });
    expect(note).toMatchObject({ type: 'post_payment', pre_payment_amount: 0, post_payment_amount: 3000 });
    expect(note.refunds).toHaveLength(1);
    expect(note.refunds[0]).toMatchObject({ amount_refunded: 3000, type: 'refund', payment_record_refund: null });
    const refund = await stripe.refunds.retrieve(note.refunds[0].refund as string);
    expect(refund).toMatchObject({ amount: 3000, payment_intent: second.id, status: 'succeeded' });
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', post_payment_credit_notes_amount: 3000, amount_paid: 10000 });
    expect(await eventTypes(stripe)).toEqual(expect.arrayContaining(['refund.created', 'charge.refunded', 'credit_note.created']));
  });

  it('refund_amount beyond the most recent payment is refused: create the refunds separately and link them', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    const first = await intent(stripe, customer.id, 7000, { confirm: true });
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: first.id });
    const second = await intent(stripe, customer.id, 3000, { confirm: true });
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: second.id });
    const err = await failure(stripe.creditNotes.create({ invoice: invoice.id, amount: 5000, refund_amount: 5000 }));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'refund_amount' });
    expect(err.message).toMatch(/more than the most recent payment .* has left to refund \(3000\).*Create the refunds separately.*`refunds`/);
    expect((await stripe.refunds.list()).data).toHaveLength(0);

    // the way out: separate refunds, linked
    const r1 = await stripe.refunds.create({ payment_intent: second.id, amount: 3000 });
    const r2 = await stripe.refunds.create({ payment_intent: first.id, amount: 2000 });
    const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 5000, refunds: [{ refund: r1.id }, { refund: r2.id, amount_refunded: 2000 }] });
    expect(note.refunds.map((r) => [r.refund, r.amount_refunded])).toEqual([[r1.id, 3000], [r2.id, 2000]]);
    expect(note.post_payment_amount).toBe(5000);

    // now the most recent payment is fully refunded
    const empty = await failure(stripe.creditNotes.create({ invoice: invoice.id, amount: 100, refund_amount: 100 }));
    expect(empty.message).toMatch(/has already been fully refunded.*Create the refunds separately/);
    // a refund can't be linked beyond its amount
    const twice = await failure(stripe.creditNotes.create({ invoice: invoice.id, amount: 100, refunds: [{ refund: r1.id }] }));
    expect(twice).toMatchObject({ statusCode: 400, param: 'refunds[0][refund]' });
    expect(twice.message).toMatch(/already fully accounted for/);
  });

  it('refunds of another invoice, unknown refunds and payment records are refused', async () => {
    const stripe = h.stripe();
    const { invoice } = await partlyPaid(stripe, 5000, 5000);
    const other = await partlyPaid(stripe, 5000, 5000);
    const foreign = await stripe.refunds.create({ payment_intent: other.pi.id, amount: 100 });
    const err = await failure(stripe.creditNotes.create({ invoice: invoice.id, amount: 100, refunds: [{ refund: foreign.id }] }));
    expect(err).toMatchObject({ statusCode: 400, param: 'refunds[0][refund]' });
    expect(err.message).toMatch(/does not refund a payment of invoice/);
    const missing = await failure(stripe.creditNotes.create({ invoice: invoice.id, amount: 100, refunds: [{ refund: 're_missing' }] }));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    const record = await failure(stripe.creditNotes.create({
      invoice: invoice.id, amount: 100, refunds: [{ type: 'payment_record_refund', payment_record_refund: { payment_record: 'pr_1', refund_group: 'g' } }],
    }));
    expect(record).toMatchObject({ statusCode: 400, param: 'refunds[0][type]' });
  });

  it('post_payment_amount must equal refunds + credit_amount + out_of_band_amount', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await partlyPaid(stripe, 10000, 10000);
    const none = await failure(stripe.creditNotes.create({ invoice: invoice.id, amount: 3000 }));
    expect(none).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
    expect(none.message).toMatch(/post-payment part of this credit note is 3000.*come to 0/);
    const short = await failure(stripe.creditNotes.create({ invoice: invoice.id, amount: 3000, credit_amount: 1000, out_of_band_amount: 1000 }));
    expect(short.message).toMatch(/come to 2000/);
    // a pre-payment note takes no post-payment allocation
    const { invoice: open } = await openInvoice(stripe, [5000]);
    const extra = await failure(stripe.creditNotes.create({ invoice: open.id, amount: 1000, credit_amount: 1000 }));
    expect(extra).toMatchObject({ statusCode: 400, param: 'credit_amount' });
    const ok = await stripe.creditNotes.create({ invoice: invoice.id, amount: 3000, credit_amount: 1000, out_of_band_amount: 1500, refund_amount: 500 });
    expect(ok).toMatchObject({ post_payment_amount: 3000, out_of_band_amount: 1500, type: 'post_payment' });
    expect(ok.refunds[0].amount_refunded).toBe(500);
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).balance).toBe(-1000);
  });
});

describe('limits', () => {
  it('only finalized invoices, never beyond what can still be credited', async () => {
    const stripe = h.stripe();
    const customer = await stripe.customers.create({ email: 'd@example.com' });
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 5 });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 1000, currency: 'usd' });
    const onDraft = await failure(stripe.creditNotes.create({ invoice: draft.id, amount: 100 }));
    expect(onDraft).toMatchObject({ statusCode: 400, param: 'invoice' });
    expect(onDraft.message).toMatch(/finalized invoices; invoice in_\w+ is a draft/);
    const { invoice } = await openInvoice(stripe, [5000]);
    await stripe.creditNotes.create({ invoice: invoice.id, amount: 3000 });
    const over = await failure(stripe.creditNotes.create({ invoice: invoice.id, amount: 2001 }));
    expect(over).toMatchObject({ statusCode: 400, param: 'amount' });
    expect(over.message).toMatch(/can still be credited \(2000 of its total 5000\)/);
    const overPreview = await failure(stripe.creditNotes.preview({ invoice: invoice.id, amount: 2001 }));
    expect(overPreview.statusCode).toBe(400);
    const { invoice: toVoid } = await openInvoice(stripe, [5000]);
    await stripe.invoices.voidInvoice(toVoid.id);
    expect((await failure(stripe.creditNotes.create({ invoice: toVoid.id, amount: 100 }))).message).toMatch(/is void/);
    expect((await failure(stripe.creditNotes.create({ invoice: invoice.id }))).code).toBe('parameter_missing');
    expect((await failure(stripe.creditNotes.create({ invoice: invoice.id, amount: 0 }))).statusCode).toBe(400);
    expect((await failure(stripe.creditNotes.create({ invoice: 'in_missing', amount: 1 }))).statusCode).toBe(404);
  });
});

describe('void, update, list', () => {
  it('voiding reverses the effect on the invoice and on the customer balance; refunds stay', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await partlyPaid(stripe, 10000, 6000);
    const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 3000, credit_amount: 0 });
    expect(note.type).toBe('pre_payment');
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ amount_due: 7000, amount_remaining: 1000 });
    const voided = await stripe.creditNotes.voidCreditNote(note.id);
    expect(voided).toMatchObject({ status: 'void', voided_at: expect.any(Number) });
    const inv = await withPayments(stripe, invoice.id);
    expect(inv).toMatchObject({ status: 'open', amount_due: 10000, amount_remaining: 4000, pre_payment_credit_notes_amount: 0 });
    expect(inv.payments!.data.find((p) => p.is_default)!.amount_requested).toBe(4000);
    const [event] = await eventsOf(stripe, 'credit_note.voided');
    expect(event.data.object).toMatchObject({ id: note.id, status: 'void' });
    const again = await failure(stripe.creditNotes.voidCreditNote(note.id));
    expect(again.message).toMatch(/already void/);

    // post-payment note with credit and a refund on the now fully paid invoice
    await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    const post = await stripe.creditNotes.create({ invoice: invoice.id, amount: 2000, credit_amount: 1500, refund_amount: 500 });
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).balance).toBe(-1500);
    await stripe.creditNotes.voidCreditNote(post.id);
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).balance).toBe(0);
    const txns = (await stripe.customers.listBalanceTransactions(customer.id)).data;
    expect(txns.map((t) => [t.type, t.amount, t.credit_note])).toEqual([['credit_note', 1500, post.id], ['credit_note', -1500, post.id]]);
    expect(await ledgerSum(stripe, customer.id)).toBe(0);
    expect((await stripe.refunds.retrieve(post.refunds[0].refund as string)).status).toBe('succeeded');
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', post_payment_credit_notes_amount: 0 });
  });

  it('a note that lowered the amount due of an invoice that is now paid cannot be voided', async () => {
    const stripe = h.stripe();
    const { invoice } = await partlyPaid(stripe, 10000, 4000);
    const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 6000 });
    expect((await stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    const err = await failure(stripe.creditNotes.voidCreditNote(note.id));
    expect(err).toMatchObject({ statusCode: 400 });
    expect(err.message).toMatch(/reduced the amount due .* now paid/);
    expect((await stripe.creditNotes.retrieve(note.id)).status).toBe('issued');
  });

  it('updates memo and metadata (credit_note.updated); lists by invoice and customer', async () => {
    const stripe = h.stripe();
    const { customer, invoice } = await openInvoice(stripe, [5000]);
    const a = await stripe.creditNotes.create({ invoice: invoice.id, amount: 100, metadata: { a: '1' } });
    const b = await stripe.creditNotes.create({ invoice: invoice.id, amount: 200 });
    const { invoice: other } = await openInvoice(stripe, [5000]);
    const c = await stripe.creditNotes.create({ invoice: other.id, amount: 300 });
    const updated = await stripe.creditNotes.update(a.id, { memo: 'Updated memo', metadata: { b: '2' } });
    expect(updated).toMatchObject({ memo: 'Updated memo', metadata: { a: '1', b: '2' } });
    const [event] = await eventsOf(stripe, 'credit_note.updated');
    expect(event.data.previous_attributes).toMatchObject({ memo: null, metadata: { a: '1' } });
    expect((await stripe.creditNotes.list({ invoice: invoice.id })).data.map((n) => n.id)).toEqual([b.id, a.id]);
    expect((await stripe.creditNotes.list({ customer: customer.id })).data.map((n) => n.id)).toEqual([b.id, a.id]);
    expect((await stripe.creditNotes.list()).data.map((n) => n.id)).toEqual([c.id, b.id, a.id]);
    expect((await stripe.creditNotes.list({ limit: 1 })).has_more).toBe(true);
    expect((await failure(stripe.creditNotes.retrieve('cn_missing'))).statusCode).toBe(404);
    expect((await failure(stripe.creditNotes.update(a.id, { amount: 5 } as Stripe.CreditNoteUpdateParams))).code).toBe('parameter_unknown');
  });
});

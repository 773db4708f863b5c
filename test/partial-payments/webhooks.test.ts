/**
 * Partial payment and credit note events delivered to a local receiver on 127.0.0.1,
 * verified with stripe-node's `constructEvent`; an endpoint pinned to an older API
 * version gets them rendered in that version's shape.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { expectShape } from '../support/shape.js';
import { startReceiver, type Receiver } from '../webhooks/receiver.js';
import { intent, openInvoice } from './helpers.js';

let h: Harness;
let receiver: Receiver;
beforeAll(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await receiver?.close();
});
afterAll(() => h.close());

const verifier = new Stripe('sk_test_verifier_only');

/** Every delivered event, verified against the endpoint's secret. */
function verified(secret: string): Stripe.Event[] {
  return receiver.received.map((r) => verifier.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, secret));
}

const EVENTS = [
  'invoice_payment.paid', 'invoice.updated', 'invoice.paid', 'invoice.overpaid', 'customer.updated',
  'credit_note.created', 'credit_note.updated', 'credit_note.voided',
] as const;

/** An overpaid invoice (two attached payments), then a post-payment credit note that is updated and voided. */
async function scenario(stripe: Stripe): Promise<{ invoice: Stripe.Invoice; note: Stripe.CreditNote }> {
  const { customer, invoice } = await openInvoice(stripe, [10000]);
  const a = await intent(stripe, customer.id, 6000);
  const b = await intent(stripe, customer.id, 6000);
  for (const pi of [a, b]) await stripe.invoices.attachPayment(invoice.id, { payment_intent: pi.id });
  for (const pi of [a, b]) await stripe.paymentIntents.confirm(pi.id);
  const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 1000, credit_amount: 1000 });
  await stripe.creditNotes.update(note.id, { memo: 'Goodwill' });
  await stripe.creditNotes.voidCreditNote(note.id);
  return { invoice, note };
}

describe('webhooks', () => {
  it('delivers signed partial payment and credit note events (constructEvent verifies them)', async () => {
    receiver = await startReceiver();
    const stripe = h.stripe();
    const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: [...EVENTS] });
    const { invoice, note } = await scenario(stripe);
    await h.emulator.drain();
    const events = verified(endpoint.secret!);
    const types = events.map((e) => e.type);
    for (const type of EVENTS) expect(types, type).toContain(type);
    expect(types.filter((t) => t === 'invoice_payment.paid')).toHaveLength(2);
    const overpaid = events.find((e) => e.type === 'invoice.overpaid')!;
    expect(overpaid.api_version).toBe('2026-10-28.endive');
    expect(overpaid.data.object).toMatchObject({ id: invoice.id, amount_overpaid: 2000, status: 'paid' });
    expectShape(overpaid.data.object, 'Invoice', '2026-10-28.endive');
    const paid = events.find((e) => e.type === 'invoice_payment.paid')!;
    expectShape(paid.data.object, 'InvoicePayment', '2026-10-28.endive');
    const voided = events.find((e) => e.type === 'credit_note.voided')!;
    expect(voided.data.object).toMatchObject({ id: note.id, status: 'void', type: 'post_payment', post_payment_amount: 1000 });
    expectShape(voided.data.object, 'CreditNote', '2026-10-28.endive');
    // a tampered body fails verification
    const first = receiver.received[0];
    expect(() => verifier.webhooks.constructEvent(first.body.replace('"livemode":false', '"livemode":true'), first.headers['stripe-signature'] as string, endpoint.secret!)).toThrow();
  });

  it('an endpoint pinned to 2025-03-31.basil gets credit notes without pre/post amounts and `mixed`', async () => {
    receiver = await startReceiver();
    const stripe = h.stripe();
    const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['credit_note.created', 'invoice.paid'], api_version: '2025-03-31.basil' });
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: (await intent(stripe, customer.id, 6000, { confirm: true })).id });
    const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 5000, credit_amount: 1000 });
    expect(note.type).toBe('mixed');
    await h.emulator.drain();
    const events = verified(endpoint.secret!);
    const created = events.find((e) => e.type === 'credit_note.created')!;
    expect(created.api_version).toBe('2025-03-31.basil');
    const object = created.data.object as unknown as Record<string, unknown>;
    expect(object).toMatchObject({ id: note.id, type: 'post_payment' });
    expect(object).not.toHaveProperty('pre_payment_amount');
    expect(object).not.toHaveProperty('post_payment_amount');
    expectShape(object, 'CreditNote', '2025-03-31.basil');
    const paid = events.find((e) => e.type === 'invoice.paid')!;
    expectShape(paid.data.object, 'Invoice', '2025-03-31.basil');
  });

  it('an endpoint pinned to 2025-05-28.basil gets invoice_payment.paid and mixed credit notes in that shape', async () => {
    receiver = await startReceiver();
    const stripe = h.stripe();
    const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['invoice_payment.paid', 'credit_note.created'], api_version: '2025-05-28.basil' });
    const { customer, invoice } = await openInvoice(stripe, [10000]);
    await stripe.invoices.attachPayment(invoice.id, { payment_intent: (await intent(stripe, customer.id, 6000, { confirm: true })).id });
    await stripe.creditNotes.create({ invoice: invoice.id, amount: 5000, credit_amount: 1000 });
    await h.emulator.drain();
    const events = verified(endpoint.secret!);
    expect(events.map((e) => e.type)).toEqual(['invoice_payment.paid', 'credit_note.created']);
    expectShape(events[0].data.object, 'InvoicePayment', '2025-05-28.basil');
    expect(events[1].data.object).toMatchObject({ type: 'mixed', pre_payment_amount: 4000, post_payment_amount: 1000 });
    expectShape(events[1].data.object, 'CreditNote', '2025-05-28.basil');
  });
});

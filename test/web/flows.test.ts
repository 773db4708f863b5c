/** The payment flows of the web UI, end to end through the real API modules (server side). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { apiInvoice, dashboardSession } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness({ publicUrl: 'http://127.0.0.1:4997' });
});
afterAll(() => h.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const form = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields) });

describe('Charge customer (dashboard)', () => {
  it('charges the saved payment method for part of the invoice and attaches the payment', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice, paymentMethod } = await apiInvoice(stripe, 20000, { paymentMethod: 'pm_card_visa' });
    const s = await dashboardSession(h, key);
    expect(text(await s.html(`/dashboard/invoices/${invoice.id}`))).toContain('Visa •••• 4242');

    const res = await s.post(`/dashboard/invoices/${invoice.id}/charge`, { amount: '50.00', payment_method: paymentMethod! });
    expect(res.status).toBe(303);
    const page = text(await s.html(res.headers.get('location')!));
    expect(page).toMatch(/Charged \$50\.00 to Visa •••• 4242 \(exp \d\d\/\d\d\) \(pi_/);
    expect(page).toMatch(/Amount paid \$50\.00/);
    expect(page).toMatch(/Amount remaining \$150\.00/);
    expect(page).toContain('Partially paid');

    const after = await stripe.invoices.retrieve(invoice.id, { expand: ['payments'] });
    expect(after).toMatchObject({ status: 'open', amount_paid: 5000, amount_remaining: 15000 });
    const partial = after.payments!.data.find((p) => !p.is_default)!;
    expect(partial).toMatchObject({ status: 'paid', amount_paid: 5000, amount_requested: 5000 });
    const pi = await stripe.paymentIntents.retrieve(partial.payment.payment_intent as string);
    expect(pi).toMatchObject({ status: 'succeeded', amount: 5000, customer: invoice.customer, payment_method: paymentMethod });
    const types = (await stripe.events.list({ limit: 50 })).data.map((e) => e.type);
    expect(types).toContain('invoice_payment.paid');
  });

  it('reports a declined card in the dialog and credits nothing', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice, paymentMethod } = await apiInvoice(stripe, 20000, { paymentMethod: 'pm_card_chargeCustomerFail' });
    const s = await dashboardSession(h, key);
    const res = await s.post(`/dashboard/invoices/${invoice.id}/charge`, { amount: '75', payment_method: paymentMethod! });
    expect(res.status).toBe(402);
    const body = await res.text();
    expect(text(body)).toContain('Your card was declined.');
    expect(body).toContain('data-autoshow="true"');
    const after = await stripe.invoices.retrieve(invoice.id);
    expect(after).toMatchObject({ amount_paid: 0, amount_remaining: 20000 });
    const failed = (await stripe.paymentIntents.list({ customer: invoice.customer as string })).data.find((p) => p.amount === 7500);
    expect(failed?.status).toBe('requires_payment_method');
  });
});

describe('payment request paid through its link', () => {
  it('pays the requested amount as a partial payment; the request is paid and a new one may be made', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice } = await apiInvoice(stripe, 30000, { send: true });
    const base = `/_emulator/invoices/${invoice.id}/payment_requests`;
    const created = (await (await h.request(base, { ...form({ amount: '12000', note: 'Deposit' }), key })).json()) as { id: string; url: string };
    const path = new URL(created.url).pathname;

    const declined = await h.emulator.app.request(path, form({ card: 'pm_card_chargeDeclined' }));
    expect(declined.status).toBe(402);
    expect(text(await declined.text())).toContain('Your card was declined.');
    expect((await stripe.invoices.retrieve(invoice.id)).amount_paid).toBe(0);

    const paid = await h.emulator.app.request(path, form({ card: 'pm_card_visa' }));
    expect(paid.status).toBe(303);
    const page = text(await (await h.emulator.app.request(paid.headers.get('location')!)).text());
    expect(page).toContain('Paid $120.00. Thank you! $180.00 remains on the invoice.');
    expect(page).not.toContain('Pay $120.00');

    const after = await stripe.invoices.retrieve(invoice.id, { expand: ['payments'] });
    expect(after).toMatchObject({ status: 'open', amount_paid: 12000, amount_remaining: 18000 });
    const request = (await (await h.request(`${base}/${created.id}`, { key })).json()) as { status: string; payment_intent: string; paid_at: number };
    expect(request.status).toBe('paid');
    expect(after.payments!.data.some((p) => p.payment.payment_intent === request.payment_intent && p.status === 'paid')).toBe(true);
    expect((await stripe.paymentIntents.retrieve(request.payment_intent)).metadata).toEqual({ emulator_payment_request: created.id });

    // paying again through the same link does nothing
    const again = await h.emulator.app.request(path, form({ card: 'pm_card_visa' }));
    expect(again.status).toBe(200);
    expect((await stripe.invoices.retrieve(invoice.id)).amount_paid).toBe(12000);
    // the paid request no longer blocks a new one
    expect((await h.request(base, { ...form({ amount: '1000' }), key })).status).toBe(200);
  });
});

describe('hosted invoice page', () => {
  it('pays the rest with a test card and cancels the active payment request', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice } = await apiInvoice(stripe, 25000, { send: true });
    expect(invoice.hosted_invoice_url).toMatch(/^http:\/\/127\.0\.0\.1:4997\/invoices\/test_/);
    const hosted = new URL(invoice.hosted_invoice_url!).pathname;
    const base = `/_emulator/invoices/${invoice.id}/payment_requests`;
    const first = (await (await h.request(base, { ...form({ amount: '5000' }), key })).json()) as { url: string };
    await h.emulator.app.request(new URL(first.url).pathname, form({ card: 'pm_card_visa' }));
    const second = (await (await h.request(base, { ...form({ amount: '7000' }), key })).json()) as { id: string; url: string };

    const view = text(await (await h.emulator.app.request(hosted)).text());
    expect(view).toContain('Partially paid');
    expect(view).toMatch(/Amount due \$250\.00 Paid \$50\.00 Remaining \$200\.00/);
    expect(view).toContain('Pay $200.00');

    const declined = await h.emulator.app.request(`${hosted}/pay`, form({ card: 'pm_card_chargeDeclinedInsufficientFunds' }));
    expect(declined.status).toBe(402);
    expect(text(await declined.text())).toContain('Your card has insufficient funds.');

    const paid = await h.emulator.app.request(`${hosted}/pay`, form({ card: 'pm_card_visa' }));
    expect(paid.status).toBe(303);
    const done = text(await (await h.emulator.app.request(paid.headers.get('location')!)).text());
    expect(done).toContain('Payment received. Thank you!');
    expect(done).toContain('This invoice has been paid. Thank you!');
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', amount_paid: 25000, amount_remaining: 0 });

    const request = (await (await h.request(`${base}/${second.id}`, { key })).json()) as { status: string; cancellation_reason: string };
    expect(request).toMatchObject({ status: 'canceled', cancellation_reason: 'invoice_paid' });
    expect((await h.emulator.app.request(new URL(second.url).pathname)).status).toBe(410);
  });
});

describe('credit notes in the dashboard', () => {
  it('shows a credit note on its invoice, in the list and in the amounts', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const { invoice, paymentMethod } = await apiInvoice(stripe, 10000, { paymentMethod: 'pm_card_visa' });
    const s = await dashboardSession(h, key);
    await s.post(`/dashboard/invoices/${invoice.id}/charge`, { amount: '30', payment_method: paymentMethod! });
    const note = await stripe.creditNotes.create({ invoice: invoice.id, amount: 2000, reason: 'order_change', memo: 'Discount agreed' });
    expect(note.pre_payment_amount).toBe(2000);

    const page = text(await s.html(`/dashboard/invoices/${invoice.id}`));
    expect(page).toContain(note.number);
    expect(page).toMatch(/Credit notes \$20\.00 before payment · \$0\.00 after payment/);
    expect(page).toMatch(/Amount paid \$30\.00/);
    expect(page).toMatch(/Amount remaining \$50\.00/);
    expect(page).toContain('credit_note.created');

    const list = text(await s.html('/dashboard/credit-notes'));
    expect(list).toMatch(new RegExp(`${note.number} \\$20\\.00 pre payment Issued order change`));
    const detail = text(await s.html(`/dashboard/credit-notes/${note.id}`));
    expect(detail).toContain('Discount agreed');
    expect(detail).toMatch(/Pre-payment amount \$20\.00/);
    const pdf = await h.emulator.app.request(new URL(note.pdf).pathname);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const pdfText = Buffer.from(await pdf.arrayBuffer()).toString('latin1');
    expect(pdfText).toContain(`(${note.number}) Tj`);
    expect(pdfText).toContain('(Discount agreed) Tj');
    const invoicePdf = await h.emulator.app.request(new URL((await stripe.invoices.retrieve(invoice.id)).invoice_pdf!).pathname);
    expect(Buffer.from(await invoicePdf.arrayBuffer()).toString('latin1')).toContain('($50.00) Tj');
  });
});

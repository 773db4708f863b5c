import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { putInvoice } from './support.js';

let h: Harness;
const BASE = 'http://127.0.0.1:4998';

beforeAll(async () => {
  h = await createHarness({ publicUrl: BASE });
});
afterAll(() => h.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const get = (path: string) => h.emulator.app.request(path);

describe('hosted invoice page', () => {
  it('is found by the token of hosted_invoice_url and shows amounts, status and payments', async () => {
    const key = h.newKey();
    const customer = (await h.stripe({ key }).customers.create({ name: 'Ada' })).id;
    const token = 'test_Tok3nForThisInvoice0123456789';
    const inv = putInvoice(h, key, {
      customer, total: 20000, amount_paid: 5000, hosted_invoice_url: `${BASE}/invoices/${token}`, account_name: 'Analytical Engines Ltd',
      due_date: h.emulator.clock.now() - 86400, customer_name: 'Ada', customer_email: 'ada@example.com',
    });
    h.emulator.store.account(key).collection('invoice_payment').put({
      id: 'inpay_hosted1', object: 'invoice_payment', invoice: inv.id, amount_paid: 5000, amount_requested: 5000, currency: 'usd', is_default: false,
      status: 'paid', created: 1_770_000_000, payment: { type: 'payment_intent', payment_intent: 'pi_x' }, status_transitions: { paid_at: 1_770_000_000, canceled_at: null },
    });
    const res = await get(`/invoices/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    const t = text(html);
    expect(t).toContain('Analytical Engines Ltd');
    expect(t).toContain(`Invoice ${inv.number}`);
    expect(t).toMatch(/Amount remaining \$150\.00/);
    expect(t).toMatch(/Amount due \$200\.00 Paid \$50\.00 Remaining \$150\.00/);
    expect(t).toContain('Partially paid');
    expect(t).toContain('Overdue');
    expect(t).toMatch(/Payments 2026-02-02 02:40 UTC \$50\.00/);
    expect(t).toContain('Pay $150.00');
    expect(html).toContain(`action="/invoices/${token}/pay"`);
    expect(html).not.toMatch(/name="amount"/); // no partial amount from this page
    expect(html).toContain('value="pm_card_chargeDeclined"');

    // the id does not open a page whose link is a token
    expect((await get(`/invoices/${inv.id}`)).status).toBe(404);
    expect((await get('/invoices/test_unknownToken')).status).toBe(404);
    const badCard = await h.emulator.app.request(`/invoices/${token}/pay`, { method: 'POST', body: new URLSearchParams({ card: 'pm_card_visa; drop' }) });
    expect(badCard.status).toBe(400);
    expect(text(await badCard.text())).toContain('Choose one of the test cards.');
  });

  it('says paid or void instead of offering to pay; drafts have no page', async () => {
    const key = h.newKey();
    const customer = (await h.stripe({ key }).customers.create({})).id;
    const paid = putInvoice(h, key, { customer, total: 3000, amount_paid: 3000, status: 'paid' });
    const paidText = text(await (await get(`/invoices/${paid.id}`)).text());
    expect(paidText).toContain('This invoice has been paid. Thank you!');
    expect(paidText).not.toContain('Pay $');
    const voided = putInvoice(h, key, { customer, total: 3000, status: 'void' });
    expect(text(await (await get(`/invoices/${voided.id}`)).text())).toContain('This invoice has been voided');
    const draft = putInvoice(h, key, { customer, total: 3000, status: 'draft' });
    expect((await get(`/invoices/${draft.id}`)).status).toBe(404);
    const notOpen = await h.emulator.app.request(`/invoices/${paid.id}/pay`, { method: 'POST', body: new URLSearchParams({ card: 'pm_card_visa' }) });
    expect(notOpen.status).toBe(409);
    expect(text(await notOpen.text())).toContain('This invoice does not accept payments any more.');
  });
});

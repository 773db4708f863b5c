import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { dashboardSession, putInvoice, type Session } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

function rowOf(html: string, invoiceId: string): string {
  const m = new RegExp(`<tr data-invoice="${invoiceId}">([\\s\\S]*?)</tr>`).exec(html);
  if (!m) throw new Error(`no row for ${invoiceId}`);
  return m[1];
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('dashboard: choosing an account', () => {
  it('asks for an account first, lists known accounts, and refuses keys that are not test secret keys', async () => {
    const first = await h.emulator.app.request('/dashboard/invoices');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/dashboard/account');

    const key = h.newKey();
    await h.stripe({ key }).customers.create({ name: 'Known' });
    const page = await (await h.emulator.app.request('/dashboard/account')).text();
    expect(page).toContain(`value="${key}"`);

    for (const bad of ['sk_live_abc123', 'pk_test_abc', 'hello']) {
      const res = await h.emulator.app.request('/dashboard/account', { method: 'POST', body: new URLSearchParams({ key: bad }) });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('not a test secret key');
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    const ok = await h.emulator.app.request('/dashboard/account', { method: 'POST', body: new URLSearchParams({ key }) });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  });
});

describe('dashboard: pages', () => {
  let key: string;
  let s: Session;
  let customerId: string;
  const now = () => h.emulator.clock.now();

  beforeAll(async () => {
    key = h.newKey();
    const stripe = h.stripe({ key });
    customerId = (await stripe.customers.create({ name: 'Grace Hopper', email: 'grace@example.com' })).id;
    s = await dashboardSession(h, key);
  });

  it('lists invoices with status badges and an "Amount remaining" column', async () => {
    const open = putInvoice(h, key, { customer: customerId, total: 10000 });
    const partial = putInvoice(h, key, { customer: customerId, total: 10000, amount_paid: 2500 });
    const overdue = putInvoice(h, key, { customer: customerId, total: 5000, due_date: now() - 86400 });
    const both = putInvoice(h, key, { customer: customerId, total: 5000, amount_paid: 1000, due_date: now() - 86400 });
    const paid = putInvoice(h, key, { customer: customerId, total: 3000, amount_paid: 3000, status: 'paid', due_date: now() - 86400 });
    const draft = putInvoice(h, key, { customer: customerId, total: 700, status: 'draft', number: null, due_date: null });
    const voided = putInvoice(h, key, { customer: customerId, total: 800, status: 'void' });
    const bad = putInvoice(h, key, { customer: customerId, total: 900, status: 'uncollectible' });

    const html = await s.html('/dashboard/invoices');
    expect(html).toContain('<th class="num">Amount remaining</th>');
    expect(text(rowOf(html, open.id))).toMatch(/Open \$100\.00 \$0\.00 \$100\.00/);
    expect(text(rowOf(html, partial.id))).toMatch(/Partially paid \$100\.00 \$25\.00 \$75\.00/);
    expect(text(rowOf(html, overdue.id))).toContain('Overdue');
    expect(text(rowOf(html, overdue.id))).not.toContain('Partially paid');
    expect(text(rowOf(html, both.id))).toMatch(/Partially paid Overdue \$50\.00 \$10\.00 \$40\.00/);
    expect(text(rowOf(html, paid.id))).toMatch(/Paid \$30\.00 \$30\.00 \$0\.00/);
    expect(text(rowOf(html, paid.id))).not.toContain('Overdue');
    expect(text(rowOf(html, draft.id))).toContain('Draft');
    expect(rowOf(html, voided.id)).toContain('class="badge void"');
    expect(text(rowOf(html, bad.id))).toContain('Uncollectible');

    const filtered = await s.html('/dashboard/invoices?status=partially_paid');
    expect(filtered).toContain(partial.id);
    expect(filtered).toContain(both.id);
    expect(filtered).not.toContain(`data-invoice="${open.id}"`);
    expect(filtered).not.toContain(`data-invoice="${paid.id}"`);
    const overdueOnly = await s.html('/dashboard/invoices?status=overdue');
    expect(overdueOnly).toContain(overdue.id);
    expect(overdueOnly).not.toContain(`data-invoice="${partial.id}"`);
  });

  it('shows an invoice: lines, totals, invoice payments, credit notes and its events', async () => {
    const inv = putInvoice(h, key, { customer: customerId, total: 12000, amount_paid: 4000, description: 'Spring work' });
    const acct = h.emulator.store.account(key);
    acct.collection('invoice_payment').put({
      id: 'inpay_dash1', object: 'invoice_payment', invoice: inv.id, amount_paid: 4000, amount_requested: 4000, currency: 'usd', is_default: false,
      status: 'paid', created: now(), livemode: false, payment: { type: 'payment_intent', payment_intent: 'pi_dash1' }, status_transitions: { paid_at: now(), canceled_at: null },
    });
    acct.collection('credit_note').put({
      id: 'cn_dash1', object: 'credit_note', number: 'TEST-CN-01', invoice: inv.id, customer: customerId, amount: 1500, currency: 'usd', status: 'issued',
      type: 'pre_payment', reason: 'order_change', memo: null, created: now(), pre_payment_amount: 1500, post_payment_amount: 0,
    });
    acct.collection('event').put({ id: 'evt_dash1', object: 'event', type: 'invoice_payment.paid', created: now(), data: { object: { id: 'inpay_dash1', object: 'invoice_payment', invoice: inv.id } } });

    const html = await s.html(`/dashboard/invoices/${inv.id}`);
    const t = text(html);
    expect(t).toContain('Consulting');
    expect(t).toMatch(/Amount paid \$40\.00/);
    expect(t).toMatch(/Amount remaining \$80\.00/);
    expect(t).toContain('Partially paid');
    expect(html).toContain('inpay_dash1');
    expect(t).toMatch(/\$40\.00 \$40\.00 Paid/);
    expect(t).toContain('TEST-CN-01');
    expect(html).toContain('href="/dashboard/events/evt_dash1"');
    expect(html).toContain('<dialog id="charge-dialog"');
    // no saved payment method: the dialog says so and cannot be submitted
    expect(t).toContain('This customer has no saved payment method');
    expect(html).toMatch(/<button type="submit" id="charge-submit" disabled/);
  });

  it('refuses a charge without a saved payment method or above the remaining balance, with a clear message', async () => {
    const inv = putInvoice(h, key, { customer: customerId, total: 5000 });
    const none = await s.post(`/dashboard/invoices/${inv.id}/charge`, { amount: '10.00', payment_method: 'pm_x' });
    expect(none.status).toBe(400);
    expect(text(await none.text())).toContain('This customer has no saved payment method, so there is nothing to charge.');

    const acct = h.emulator.store.account(key);
    acct.collection('payment_method').put({ id: 'pm_dash1', object: 'payment_method', type: 'card', customer: customerId, created: now(), card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 } });
    const html = await s.html(`/dashboard/invoices/${inv.id}`);
    expect(text(html)).toContain('Visa •••• 4242 (exp 12/34)');
    expect(html).toContain('value="50.00"');

    const tooMuch = await s.post(`/dashboard/invoices/${inv.id}/charge`, { amount: '50.01', payment_method: 'pm_dash1' });
    expect(tooMuch.status).toBe(400);
    const body = await tooMuch.text();
    expect(text(body)).toContain('The amount ($50.01) is more than the remaining balance of $50.00.');
    expect(body).toContain('data-autoshow="true"'); // the dialog opens again with the message
    expect(body).toContain('value="50.01"');
    const garbage = await s.post(`/dashboard/invoices/${inv.id}/charge`, { amount: 'ten', payment_method: 'pm_dash1' });
    expect(text(await garbage.text())).toContain('Enter a positive amount in USD');
  });

  it('lists customers, events and credit notes, and keeps accounts apart', async () => {
    const customers = text(await s.html('/dashboard/customers'));
    expect(customers).toContain('Grace Hopper');
    expect(customers).toContain('grace@example.com');
    const detail = text(await s.html(`/dashboard/customers/${customerId}`));
    expect(detail).toContain('Grace Hopper');
    expect(detail).toContain('Invoices');
    const events = await s.html('/dashboard/events?type=customer.created');
    expect(events).toContain('customer.created');
    expect(events).toContain(customerId);
    const event = text(await s.html('/dashboard/events/evt_dash1'));
    expect(event).toContain('invoice_payment.paid');
    expect(text(await s.html('/dashboard/credit-notes'))).toContain('TEST-CN-01');

    const other = await dashboardSession(h, h.newKey());
    const inv = putInvoice(h, key, { customer: customerId, total: 100 });
    expect((await other.get(`/dashboard/invoices/${inv.id}`)).status).toBe(404);
    expect(await other.html('/dashboard/invoices')).not.toContain(inv.id);
  });

  it('reading pages creates nothing in the store', async () => {
    const fresh = h.newKey();
    const customer = await h.stripe({ key: fresh }).customers.create({ name: 'Reader' });
    const inv = putInvoice(h, fresh, { customer: customer.id, total: 100 });
    const names = () => [...h.emulator.store.account(fresh).collectionNames()].sort();
    const before = names();
    const session = await dashboardSession(h, fresh);
    for (const path of ['/dashboard/customers', `/dashboard/customers/${customer.id}`, '/dashboard/invoices', `/dashboard/invoices/${inv.id}`,
      '/dashboard/payments', '/dashboard/credit-notes', '/dashboard/events', '/dashboard/webhooks', `/invoices/${inv.id}`]) {
      expect((await session.get(path)).status, path).toBe(200);
    }
    expect(names()).toEqual(before);
  });
});

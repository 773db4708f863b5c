import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { dashboardSession, putInvoice, putSentEvent } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness({ publicUrl: 'http://127.0.0.1:4999' });
});
afterAll(() => h.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function api(key: string, method: string, path: string, body?: Record<string, string>) {
  const res = await h.request(path, {
    method,
    key,
    headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    body: body ? new URLSearchParams(body).toString() : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function sentInvoice(key: string, total = 20000, paid = 0) {
  const customer = (await h.stripe({ key }).customers.create({ name: 'Linus' })).id;
  const inv = putInvoice(h, key, { customer, total, amount_paid: paid });
  putSentEvent(h, key, inv);
  return inv;
}

describe('payment requests: control plane', () => {
  it('creates a request with a secure link, refuses a second, resends the same link and cancels it', async () => {
    const key = h.newKey();
    const inv = await sentInvoice(key);
    const base = `/_emulator/invoices/${inv.id}/payment_requests`;

    const created = await api(key, 'POST', base, { amount: '5000', note: 'Deposit for March' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ object: 'payment_request', invoice: inv.id, amount: 5000, currency: 'usd', note: 'Deposit for March', status: 'active', sent_count: 1 });
    expect(created.body.id).toMatch(/^payreq_/);
    expect(created.body.url).toMatch(/^http:\/\/127\.0\.0\.1:4999\/pay\/[A-Za-z0-9]{64}$/);
    expect(created.body.token).toBeUndefined();

    const second = await api(key, 'POST', base, { amount: '1000' });
    expect(second.status).toBe(400);
    expect(second.body.error).toMatchObject({ type: 'invalid_request_error', code: 'payment_request_active' });
    expect(second.body.error.message).toContain(created.body.id);

    const resent = await api(key, 'POST', `${base}/${created.body.id}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body.url).toBe(created.body.url);
    expect(resent.body.sent_count).toBe(2);

    const listed = await api(key, 'GET', base);
    expect(listed.body).toMatchObject({ object: 'list', has_more: false });
    expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual([created.body.id]);

    const canceled = await api(key, 'POST', `${base}/${created.body.id}/cancel`);
    expect(canceled.body).toMatchObject({ status: 'canceled', cancellation_reason: 'requested' });
    expect(canceled.body.canceled_at).toEqual(expect.any(Number));
    const again = await api(key, 'POST', `${base}/${created.body.id}/cancel`);
    expect(again.status).toBe(400);
    expect(again.body.error.message).toContain('it was canceled');
    expect((await api(key, 'POST', `${base}/${created.body.id}/resend`)).status).toBe(400);

    // the first is canceled: a new request is allowed, with a different link
    const next = await api(key, 'POST', base, { amount: '2000' });
    expect(next.status).toBe(200);
    expect(next.body.url).not.toBe(created.body.url);
    const one = await api(key, 'GET', `${base}/${next.body.id}`);
    expect(one.body).toMatchObject({ id: next.body.id, status: 'active', note: null });
  });

  it('validates the invoice and the amount, and needs the account key', async () => {
    const key = h.newKey();
    const inv = await sentInvoice(key, 10000, 4000);
    const base = `/_emulator/invoices/${inv.id}/payment_requests`;
    const tooMuch = await api(key, 'POST', base, { amount: '6001' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error).toMatchObject({ param: 'amount', code: 'amount_too_large' });
    expect(tooMuch.body.error.message).toContain('$60.00');
    expect((await api(key, 'POST', base, { amount: '0' })).body.error.param).toBe('amount');
    const tiny = await api(key, 'POST', base, { amount: '49' });
    expect(tiny.body.error).toMatchObject({ param: 'amount', code: 'amount_too_small' });
    expect(tiny.body.error.message).toContain('at least $0.50');
    expect((await api(key, 'POST', base, { amount: '12.5' })).body.error.param).toBe('amount');
    expect((await api(key, 'POST', base, {})).body.error.code).toBe('parameter_missing');
    expect((await api(key, 'POST', base, { amount: '100', colour: 'red' })).body.error.code).toBe('parameter_unknown');
    expect((await api(key, 'POST', base, { amount: '6000' })).status).toBe(200);

    const unsent = putInvoice(h, key, { customer: inv.customer as string, total: 5000 });
    const notSent = await api(key, 'POST', `/_emulator/invoices/${unsent.id}/payment_requests`, { amount: '100' });
    expect(notSent.body.error.code).toBe('invoice_not_sent');
    const draft = putInvoice(h, key, { customer: inv.customer as string, total: 5000, status: 'draft' });
    expect((await api(key, 'POST', `/_emulator/invoices/${draft.id}/payment_requests`, { amount: '100' })).body.error.message).toContain('this invoice is draft');

    const missing = await api(key, 'GET', '/_emulator/invoices/in_nope/payment_requests');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('resource_missing');
    // another account does not see the invoice
    expect((await api(h.newKey(), 'GET', base)).status).toBe(404);
    const anonymous = await h.request(base, { key: null });
    expect(anonymous.status).toBe(401);

    const json = await h.request(base, { method: 'POST', key, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ amount: 100 }) });
    expect(json.status).toBe(400); // an active request exists already
    expect(((await json.json()) as any).error.code).toBe('payment_request_active');
  });

  it('cancels an active request when its invoice is no longer open', async () => {
    const key = h.newKey();
    const inv = await sentInvoice(key);
    const base = `/_emulator/invoices/${inv.id}/payment_requests`;
    const created = await api(key, 'POST', base, { amount: '5000' });
    h.emulator.store.account(key).collection('invoice').put({ ...inv, status: 'void' });
    const listed = await api(key, 'GET', base);
    expect(listed.body.data[0]).toMatchObject({ id: created.body.id, status: 'canceled', cancellation_reason: 'invoice_closed' });
    const page = await h.emulator.app.request(new URL(created.body.url).pathname);
    expect(page.status).toBe(410);
  });

  it('appears in the OpenAPI document', async () => {
    const doc = (await (await h.request('/_emulator/openapi.json', { key: null })).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/_emulator/invoices/{invoice}/payment_requests']).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/_emulator/invoices/{invoice}/payment_requests/{payment_request}/resend']).toHaveProperty('post');
    expect(doc.paths['/_emulator/invoices/{invoice}/payment_requests/{payment_request}/cancel']).toHaveProperty('post');
  });
});

describe('payment requests: the link page and the dashboard', () => {
  it('shows the total due, the requested amount and what remains; a canceled link says it is no longer valid', async () => {
    const key = h.newKey();
    const inv = await sentInvoice(key, 20000, 5000);
    const created = await api(key, 'POST', `/_emulator/invoices/${inv.id}/payment_requests`, { amount: '6000', note: 'Second instalment' });
    const path = new URL(created.body.url).pathname;
    const res = await h.emulator.app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const t = text(await res.text());
    expect(t).toContain('Requested amount $60.00');
    expect(t).toContain('Total due $150.00');
    expect(t).toContain('Remaining after this payment $90.00');
    expect(t).toContain('“Second instalment”');
    expect(t).toContain('Pay $60.00');

    await api(key, 'POST', `/_emulator/invoices/${inv.id}/payment_requests/${created.body.id}/cancel`);
    const gone = await h.emulator.app.request(path);
    expect(gone.status).toBe(410);
    const goneText = text(await gone.text());
    expect(goneText).toContain('This payment link is no longer valid');
    expect(goneText).not.toContain('Pay $60.00');
    const payGone = await h.emulator.app.request(path, { method: 'POST', body: new URLSearchParams({ card: 'pm_card_visa' }) });
    expect(payGone.status).toBe(410);

    expect((await h.emulator.app.request('/pay/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  });

  it('creates, resends and cancels requests from the invoice page', async () => {
    const key = h.newKey();
    const inv = await sentInvoice(key, 10000);
    const s = await dashboardSession(h, key);
    const page = await s.html(`/dashboard/invoices/${inv.id}`);
    expect(page).toContain('id="request-form"');

    const tooMuch = await s.post(`/dashboard/invoices/${inv.id}/payment-requests`, { amount: '100.01', note: '' });
    expect(tooMuch.status).toBe(400);
    expect(text(await tooMuch.text())).toContain('is more than what remains to be paid on the invoice ($100.00)');

    const created = await s.post(`/dashboard/invoices/${inv.id}/payment-requests`, { amount: '25', note: 'Deposit' });
    expect(created.status).toBe(303);
    const after = await s.html(created.headers.get('location')!);
    expect(text(after)).toContain('Payment request created');
    const link = /id="request-link"><a href="([^"]+)"/.exec(after)![1];
    expect(link).toMatch(/\/pay\/[A-Za-z0-9]{64}$/);
    expect(after).not.toContain('id="request-form"'); // one active request per invoice

    const second = await s.post(`/dashboard/invoices/${inv.id}/payment-requests`, { amount: '10', note: '' });
    expect(text(await second.text())).toContain('already has an active payment request');

    const reqId = /payment-requests\/(payreq_[A-Za-z0-9]+)\/resend/.exec(after)![1];
    const resent = await s.post(`/dashboard/invoices/${inv.id}/payment-requests/${reqId}/resend`, {});
    const resentPage = await s.html(resent.headers.get('location')!);
    expect(text(resentPage)).toContain('the link is unchanged');
    expect(resentPage).toContain(link);
    expect(text(resentPage)).toContain('Sent 2 times');

    const canceled = await s.post(`/dashboard/invoices/${inv.id}/payment-requests/${reqId}/cancel`, {});
    const canceledPage = await s.html(canceled.headers.get('location')!);
    expect(text(canceledPage)).toContain('its link no longer works');
    expect(text(await s.html(`/dashboard/invoices/${inv.id}`))).not.toContain('its link no longer works'); // shown once
    expect(canceledPage).toContain('id="request-form"');
    expect((await h.emulator.app.request(new URL(link).pathname)).status).toBe(410);

    const unsent = putInvoice(h, key, { customer: inv.customer as string, total: 5000 });
    expect(text(await s.html(`/dashboard/invoices/${unsent.id}`))).toContain('Send the invoice to the customer first');
  });
});

describe('payment requests with --data', () => {
  it('survive a restart: the link still works, a canceled one stays canceled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payreq-'));
    const dataFile = join(dir, 'state.json');
    try {
      const first = await createHarness({ dataFile, publicUrl: 'http://127.0.0.1:4996' });
      const key = first.newKey();
      const customer = (await first.stripe({ key }).customers.create({})).id;
      const inv = putInvoice(first, key, { customer, total: 9000 });
      putSentEvent(first, key, inv);
      const post = (path: string, body?: Record<string, string>) =>
        first.request(path, { method: 'POST', key, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body ?? {}).toString() });
      const base = `/_emulator/invoices/${inv.id}/payment_requests`;
      const canceled = (await (await post(base, { amount: '1000' })).json()) as { id: string; url: string };
      await post(`${base}/${canceled.id}/cancel`);
      const active = (await (await post(base, { amount: '2000', note: 'kept' })).json()) as { id: string; url: string };
      await first.close();

      const second = await createHarness({ dataFile, publicUrl: 'http://127.0.0.1:4996' });
      try {
        const live = await second.emulator.app.request(new URL(active.url).pathname);
        expect(live.status).toBe(200);
        expect(text(await live.text())).toContain('Requested amount $20.00');
        expect((await second.emulator.app.request(new URL(canceled.url).pathname)).status).toBe(410);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

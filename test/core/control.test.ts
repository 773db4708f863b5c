/** The control plane: health and reset. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../src/index.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ apiVersion: '2025-05-28.basil' });
});
afterAll(() => h.close());

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('GET /_emulator/health', () => {
  it('reports status, default version and accounts, without a key', async () => {
    await h.stripe().customers.create({});
    const res = await h.request('/_emulator/health', { key: null });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', api_version: '2025-05-28.basil' });
    expect(body.accounts).toBeGreaterThanOrEqual(1);
    expect(Math.abs((body.time as number) - Date.now() / 1000)).toBeLessThan(5);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
  });

  it('gives pages and unknown paths a request id and the version too', async () => {
    for (const path of ['/dashboard', '/nothing/here', '/_emulator/openapi.json']) {
      const res = await h.request(path, { key: null, redirect: 'manual' });
      expect(res.headers.get('request-id'), path).toMatch(/^req_/);
      expect(res.headers.get('stripe-version'), path).toBe(h.emulator.services.defaultVersion);
    }
  });

  it('uses the configured default version for requests without Stripe-Version', async () => {
    const res = await h.request('/v1/customers');
    expect(res.headers.get('stripe-version')).toBe('2025-05-28.basil');
    const pinned = await h.request('/v1/customers', { headers: { 'stripe-version': LATEST_VERSION } });
    expect(pinned.headers.get('stripe-version')).toBe(LATEST_VERSION);
  });
});

describe('POST /_emulator/reset', () => {
  it("resets only the caller's account with a key (Bearer or Basic)", async () => {
    const a = h.newKey();
    const b = h.newKey();
    await h.stripe({ key: a }).customers.create({ name: 'a' });
    await h.stripe({ key: b }).customers.create({ name: 'b' });
    const res = await h.request('/_emulator/reset', { method: 'POST', key: a });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reset: 'account' });
    expect((await h.stripe({ key: a }).customers.list()).data).toHaveLength(0);
    expect((await h.stripe({ key: b }).customers.list()).data).toHaveLength(1);
    const basic = await h.request('/_emulator/reset', { method: 'POST', key: null, headers: { authorization: `Basic ${Buffer.from(`${b}:`).toString('base64')}` } });
    expect(await basic.json()).toEqual({ reset: 'account' });
    expect((await h.stripe({ key: b }).customers.list()).data).toHaveLength(0);
  });

  it("forgets the account's idempotency keys too", async () => {
    const key = h.newKey();
    const post = (body: string) => h.request('/v1/customers', { method: 'POST', body, key, headers: { ...form, 'idempotency-key': 'same' } });
    expect((await post('name=one')).status).toBe(200);
    await h.request('/_emulator/reset', { method: 'POST', key });
    const again = await post('name=two');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses an unreadable or live key instead of resetting everything', async () => {
    const key = h.newKey();
    await h.stripe({ key }).customers.create({});
    for (const authorization of ['Token abc', 'Bearer nope', 'Bearer sk_live_123456789012']) {
      const res = await h.request('/_emulator/reset', { method: 'POST', key: null, headers: { authorization } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    }
    expect((await h.stripe({ key }).customers.list()).data).toHaveLength(1);
  });

  it('resets every account without a key', async () => {
    const keys = [h.newKey(), h.newKey()];
    for (const key of keys) await h.stripe({ key }).customers.create({});
    const res = await h.request('/_emulator/reset', { method: 'POST', key: null });
    expect(await res.json()).toEqual({ reset: 'all' });
    for (const key of keys) expect((await h.stripe({ key }).customers.list()).data).toHaveLength(0);
    const health = (await (await h.request('/_emulator/health', { key: null })).json()) as { accounts: number };
    expect(health.accounts).toBeLessThanOrEqual(keys.length); // only accounts touched since (by the lists above)
  });

  it('is not reachable under /v1 and other control paths answer 404', async () => {
    expect((await h.request('/v1/_emulator/reset', { method: 'POST' })).status).toBe(404);
    expect((await h.request('/_emulator/nothing', { key: null })).status).toBe(404);
  });
});

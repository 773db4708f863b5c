/** Idempotency-Key: replay, parameter mismatch, concurrency, 24-hour expiry, per-account keys, bounded cache. */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/index.js';
import { IdempotencyCache, IDEMPOTENCY_KEYS, IDEMPOTENCY_TTL_SECONDS } from '../../src/http/idempotency.js';
import { Store } from '../../src/store/store.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ clock: systemClock() });
});
afterAll(() => h.close());

const form = { 'content-type': 'application/x-www-form-urlencoded' };

function post(path: string, body: string, key: string, idem?: string) {
  return h.request(path, { method: 'POST', body, key, headers: { ...form, ...(idem ? { 'idempotency-key': idem } : {}) } });
}

function customers(key: string) {
  return h.emulator.store.account(key).collection('customer').size;
}

describe('Idempotency-Key', () => {
  it('replays the first response for the same key and parameters', async () => {
    const key = h.newKey();
    const first = await post('/v1/customers', 'name=Ada&metadata[a]=1', key, 'k-1');
    const firstBody = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotency-key')).toBe('k-1');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // same parameters in another order
    const second = await post('/v1/customers', 'metadata[a]=1&name=Ada', key, 'k-1');
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('original-request')).toBe(first.headers.get('request-id'));
    expect(second.headers.get('request-id')).not.toBe(first.headers.get('request-id'));
    expect(await second.text()).toBe(firstBody);
    expect(customers(key)).toBe(1);
    // the event records the key
    const events = [...h.emulator.store.account(key).collection('event').values()];
    expect(events).toHaveLength(1);
    expect(events[0].request).toEqual({ id: first.headers.get('request-id'), idempotency_key: 'k-1' });
  });

  it('replays a response with the version it was rendered at, whatever version the retry asks for', async () => {
    const key = h.newKey();
    const first = await post('/v1/customers', 'name=Versioned', key, 'k-version');
    const firstBody = await first.text();
    expect(first.headers.get('stripe-version')).toBe('2026-10-28.endive');
    const retry = await h.request('/v1/customers', {
      method: 'POST', body: 'name=Versioned', key, headers: { ...form, 'idempotency-key': 'k-version', 'stripe-version': '2025-05-28.basil' },
    });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.headers.get('stripe-version')).toBe('2026-10-28.endive');
    expect(await retry.text()).toBe(firstBody);
  });

  it('replays the response as it was, even after the object changed', async () => {
    const key = h.newKey();
    const first = await post('/v1/customers', 'name=Before', key, 'k-change');
    const firstBody = await first.text();
    const id = (JSON.parse(firstBody) as { id: string }).id;
    expect((await post(`/v1/customers/${id}`, 'name=After&metadata[x]=1', key)).status).toBe(200);
    const replay = await post('/v1/customers', 'name=Before', key, 'k-change');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe(firstBody);
    // an expanded response too
    const expanded = await post(`/v1/customers/${id}`, 'description=d&expand[]=invoice_credit_balance', key, 'k-expand');
    const expandedBody = await expanded.text();
    await post(`/v1/customers/${id}`, 'description=e', key);
    expect(await (await post(`/v1/customers/${id}`, 'description=d&expand[]=invoice_credit_balance', key, 'k-expand')).text()).toBe(expandedBody);
  });

  it('works through stripe-node (which sends a key on every POST)', async () => {
    const s = h.stripe();
    const a = await s.customers.create({ name: 'x' }, { idempotencyKey: 'node-1' });
    const b = await s.customers.create({ name: 'x' }, { idempotencyKey: 'node-1' });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.idempotencyKey).toBe('node-1');
    expect(b.lastResponse.requestId).not.toBe(a.lastResponse.requestId);
    const auto1 = await s.customers.create({ name: 'y' });
    const auto2 = await s.customers.create({ name: 'y' });
    expect(auto1.lastResponse.idempotencyKey).toMatch(/^stripe-node-retry-/);
    expect(auto2.id).not.toBe(auto1.id);
  });

  it('refuses other parameters under the same key (StripeIdempotencyError)', async () => {
    const s = h.stripe();
    await s.customers.create({ name: 'one' }, { idempotencyKey: 'dup' });
    const err = await s.customers.create({ name: 'two' }, { idempotencyKey: 'dup' }).catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe('StripeIdempotencyError');
    expect(err.message).toMatch(/same parameters/);
    expect(err.raw.type).toBe('idempotency_error');
    // another endpoint under the same key is another request too
    const key = h.newKey();
    const c = await (await post('/v1/customers', '', key, 'ep')).json() as { id: string };
    const other = await post(`/v1/customers/${c.id}`, '', key, 'ep');
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error: { type: string } }).error.type).toBe('idempotency_error');
  });

  it('keeps keys per account', async () => {
    const a = h.newKey();
    const b = h.newKey();
    const ra = await (await post('/v1/customers', 'name=a', a, 'shared')).json() as { id: string };
    const rb = await post('/v1/customers', 'name=b', b, 'shared');
    expect(rb.status).toBe(200);
    expect(rb.headers.get('idempotent-replayed')).toBeNull();
    expect(((await rb.json()) as { id: string }).id).not.toBe(ra.id);
  });

  it('does not save requests refused by parameter validation', async () => {
    const key = h.newKey();
    const bad = await post('/v1/customers', 'nickname=x', key, 'v');
    expect(bad.status).toBe(400);
    const good = await post('/v1/customers', 'name=x', key, 'v');
    expect(good.status).toBe(200);
    expect(good.headers.get('idempotent-replayed')).toBeNull();
  });

  it('saves and replays errors raised while the endpoint ran', async () => {
    const key = h.newKey();
    const first = await post('/v1/customers/cus_missing', 'name=x', key, 'e');
    expect(first.status).toBe(404);
    const again = await post('/v1/customers/cus_missing', 'name=x', key, 'e');
    expect(again.status).toBe(404);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('ignores the header on GET and DELETE', async () => {
    const key = h.newKey();
    const r1 = await h.request('/v1/customers', { key, headers: { 'idempotency-key': 'g' } });
    const c = await (await post('/v1/customers', '', key)).json() as { id: string };
    const r2 = await h.request('/v1/customers', { key, headers: { 'idempotency-key': 'g' } });
    expect(r1.status).toBe(200);
    expect(r2.headers.get('idempotent-replayed')).toBeNull();
    expect(((await r2.json()) as { data: unknown[] }).data).toHaveLength(1);
    const d = await h.request(`/v1/customers/${c.id}`, { method: 'DELETE', key, headers: { 'idempotency-key': 'g' } });
    expect(d.status).toBe(200);
  });

  it('refuses keys longer than 255 characters', async () => {
    const r = await post('/v1/customers', '', h.newKey(), 'k'.repeat(256));
    expect(r.status).toBe(400);
    expect((await post('/v1/customers', '', h.newKey(), 'k'.repeat(255))).status).toBe(200);
  });

  it('runs concurrent requests with one key once; the others replay or get a 409', async () => {
    const key = h.newKey();
    const results = await Promise.all(Array.from({ length: 20 }, () => post('/v1/customers', 'name=race', key, 'race')));
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(customers(key)).toBe(1);
    const ids = new Set<string>();
    for (const r of results) {
      const body = (await r.json()) as { id?: string; error?: { code: string } };
      if (r.status === 200) ids.add(body.id!);
      else expect(body.error!.code).toBe('idempotency_key_in_use');
    }
    expect(ids.size).toBe(1);
  });

  it('forgets keys after 24 hours', async () => {
    const key = h.newKey();
    const first = await (await post('/v1/customers', 'name=day1', key, 'daily')).json() as { id: string };
    h.emulator.clock.advance(IDEMPOTENCY_TTL_SECONDS - 60);
    expect((await post('/v1/customers', 'name=day2', key, 'daily')).status).toBe(400);
    const replay = await post('/v1/customers', 'name=day1', key, 'daily');
    expect(((await replay.json()) as { id: string }).id).toBe(first.id);
    h.emulator.clock.advance(60);
    const fresh = await post('/v1/customers', 'name=day2', key, 'daily');
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(((await fresh.json()) as { id: string }).id).not.toBe(first.id);
    expect(customers(key)).toBe(2);
  });
});

describe('IdempotencyCache', () => {
  /** A request identity: POST /v1/customers with this form text. */
  const req = (text: string) => ({ method: 'POST', path: '/v1/customers', text });
  const f = req('name=f');

  it('stays bounded: expired entries leave as new ones arrive, the oldest are evicted beyond the bound', () => {
    let now = 1_000_000;
    const cache = new IdempotencyCache(() => now, 100);
    const saved = { status: 200, value: {}, requestId: 'req_1', version: '2026-10-28.endive' };
    for (let i = 0; i < 1000; i++) {
      expect(cache.begin('acct', `k${i}`, f)).toBeNull();
      cache.save('acct', `k${i}`, saved);
    }
    expect(cache.size).toBe(100);
    expect(cache.begin('acct', 'k999', f)).toEqual(saved); // the newest are kept
    expect(cache.begin('acct', 'k0', f)).toBeNull(); // the oldest were evicted: runs again
    now += IDEMPOTENCY_TTL_SECONDS;
    cache.begin('acct', 'later', f);
    expect(cache.size).toBe(1); // everything else expired
  });

  it('releases a key whose request never ran, and re-begins an expired key at the back', () => {
    let now = 0;
    const cache = new IdempotencyCache(() => now, 3);
    const g = req('name=g');
    expect(cache.begin('a', 'x', f)).toBeNull();
    expect(() => cache.begin('a', 'x', f)).toThrow(/in-progress/);
    cache.release('a', 'x');
    expect(cache.begin('a', 'x', f)).toBeNull();
    cache.save('a', 'x', { status: 200, value: 1, requestId: 'r', version: '2026-10-28.endive' });
    now = IDEMPOTENCY_TTL_SECONDS;
    expect(cache.begin('a', 'x', g)).toBeNull();
    cache.save('a', 'x', { status: 200, value: 2, requestId: 'r2', version: '2026-10-28.endive' });
    cache.begin('a', 'y', f);
    cache.begin('a', 'z', f);
    expect(cache.begin('a', 'x', g)).toMatchObject({ value: 2 });
    cache.begin('a', 'w', f); // the bound (3) evicts the oldest: x
    expect(cache.begin('a', 'x', g)).toBeNull();
  });

  it('compares the form text first, then the parameters in any order', () => {
    const cache = new IdempotencyCache(() => 0);
    const saved = { status: 200, value: {}, requestId: 'r', version: '2026-10-28.endive' };
    cache.begin('a', 'k', req('name=Ada&email=a'));
    cache.save('a', 'k', saved);
    expect(cache.begin('a', 'k', req('name=Ada&email=a'))).toEqual(saved);
    expect(cache.begin('a', 'k', req('email=a&name=Ada'))).toEqual(saved);
    expect(() => cache.begin('a', 'k', req('email=b&name=Ada'))).toThrow(/same parameters/);
    expect(() => cache.begin('a', 'k', req('email=a&name=Ada&metadata[x]=1'))).toThrow(/same parameters/);
    expect(() => cache.begin('a', 'k', { ...req('name=Ada&email=a'), path: '/v1/customers/cus_1' })).toThrow(/same parameters/);
    cache.begin('a', 'nested', req('metadata[a]=1&metadata[b]=2&expand[]=x'));
    cache.save('a', 'nested', saved);
    expect(cache.begin('a', 'nested', req('expand[]=x&metadata[b]=2&metadata[a]=1'))).toEqual(saved);
    expect(() => cache.begin('a', 'nested', req('metadata[a]=1&metadata[b]=2'))).toThrow(/same parameters/);
  });

  it("keeps accounts apart: the same key in two accounts is two entries, and a reset forgets only one account's", () => {
    const cache = new IdempotencyCache(() => 0, 3);
    const saved = (value: string) => ({ status: 200, value, requestId: 'r', version: '2026-10-28.endive' });
    for (const account of ['a', 'b']) {
      expect(cache.begin(account, 'k', f)).toBeNull();
      cache.save(account, 'k', saved(account));
    }
    expect(cache.begin('b', 'k', f)).toMatchObject({ value: 'b' });
    cache.reset('a');
    expect(cache.size).toBe(1);
    expect(cache.begin('a', 'k', f)).toBeNull(); // runs again
    cache.save('a', 'k', saved('a2'));
    expect(cache.begin('b', 'k', f)).toMatchObject({ value: 'b' });
    // a reset account's old entry no longer counts towards the bound: two more fit before b's is evicted
    cache.begin('a', 'k2', f);
    expect(cache.begin('b', 'k', f)).toMatchObject({ value: 'b' });
    cache.begin('a', 'k3', f);
    expect(cache.begin('b', 'k', f)).toBeNull();
    expect(cache.size).toBe(3);
  });

  it('kept in the store (--data), gives back the slots of the keys it let go, so the store does not grow with every POST', () => {
    const store = new Store();
    const cache = new IdempotencyCache(() => 0, 10, { store, durable: true });
    const saved = { status: 200, value: 'x', requestId: 'r', version: '2026-10-28.endive' as const };
    const kept = () => store.account('a').collection(IDEMPOTENCY_KEYS);
    let mostRemoved = 0;
    for (let i = 0; i < 5000; i++) {
      cache.begin('a', `k${i}`, f);
      cache.keep('a', `k${i}`, saved, '"x"');
      cache.save('a', `k${i}`, saved);
      mostRemoved = Math.max(mostRemoved, kept().removedSlots);
    }
    expect(kept().size).toBe(10);
    expect(mostRemoved).toBeLessThanOrEqual(1024);
    expect([...kept().values()].map((k) => k.key)).toEqual(Array.from({ length: 10 }, (_, i) => `k${4990 + i}`));
    expect(cache.begin('a', 'k4999', f)).toEqual(saved);
    // a new cache over the same store (a restart) finds the kept keys
    expect(new IdempotencyCache(() => 0, 10, { store, durable: true }).begin('a', 'k4995', f)).toMatchObject({ status: 200, body: '"x"' });
    cache.reset('a');
    expect(kept().size).toBe(0);
    expect(kept().removedSlots).toBe(0);
  });

  it('keeps its bookkeeping bounded when keys are released or reset over and over', () => {
    const cache = new IdempotencyCache(() => 0, 10);
    for (let i = 0; i < 50_000; i++) {
      cache.begin('a', `k${i}`, f);
      if (i % 2 === 0) cache.release('a', `k${i}`);
      if (i % 1000 === 999) cache.reset('a');
    }
    expect(cache.size).toBeLessThanOrEqual(10);
    expect((cache as unknown as { queue: unknown[] }).queue.length).toBeLessThan(3 * 1024);
    cache.begin('a', 'last', f);
    cache.save('a', 'last', { status: 200, value: 'x', requestId: 'r', version: '2026-10-28.endive' });
    expect(cache.begin('a', 'last', f)).toMatchObject({ value: 'x' });
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createEmulator } from '../../src/index.js';
import { createHarness, newKey, stripeFor, type Harness } from '../support/harness.js';

let h: Harness;
let dir: string;

beforeAll(async () => {
  h = await createHarness();
  dir = await mkdtemp(join(tmpdir(), 'snapshot-test-'));
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

/** Two customers with balance transactions in a fresh account. */
async function seed(stripe: Stripe) {
  const a = await stripe.customers.create({ name: 'Acme', metadata: { demo: '1' } });
  await stripe.customers.createBalanceTransaction(a.id, { amount: -5000, currency: 'usd', description: 'Prepayment' });
  const b = await stripe.customers.create({ name: 'Globex' });
  await stripe.customers.createBalanceTransaction(b.id, { amount: 1200, currency: 'usd' });
  return { a, b };
}

async function state(stripe: Stripe) {
  const customers = (await stripe.customers.list({ limit: 100 })).data;
  const txns = await Promise.all(customers.map(async (c) => (await stripe.customers.listBalanceTransactions(c.id)).data));
  return { customers, txns };
}

interface SnapshotBody {
  format: string;
  version: number;
  accounts: Record<string, Record<string, Record<string, { id: string; [k: string]: unknown }>>>;
  journal_seq?: number;
}

async function snapshot(key: string | null): Promise<SnapshotBody> {
  const res = await h.request('/_emulator/snapshot', { key });
  expect(res.status).toBe(200);
  return (await res.json()) as SnapshotBody;
}

function restore(body: string, key: string | null) {
  return h.request('/_emulator/snapshot', { method: 'POST', key, body, headers: { 'content-type': 'application/json' } });
}

describe('snapshots', () => {
  it('GET → reset → POST gives back the same objects, in the same list order', async () => {
    const key = newKey();
    const stripe = h.stripe({ key });
    await seed(stripe);
    const before = await state(stripe);
    const snap = await snapshot(key);
    expect(snap).toMatchObject({ format: 'stripe-invoicing-emulator', version: 1 });
    expect(Object.keys(snap.accounts)).toEqual([key]);
    expect(Object.keys(snap.accounts[key].customer)).toHaveLength(2);
    expect(snap.journal_seq).toBeUndefined();

    expect((await h.request('/_emulator/reset', { method: 'POST', key })).status).toBe(200);
    expect((await stripe.customers.list()).data).toEqual([]);

    const res = await restore(JSON.stringify(snap), key);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ restored: 'account', accounts: 1 });
    expect(await state(stripe)).toEqual(before);
    // and the account works on: new objects list first
    const c = await stripe.customers.create({ name: 'After' });
    expect((await stripe.customers.list({ limit: 1 })).data[0].id).toBe(c.id);
  });

  it('GET sends the state as it was asked for, a chunk at a time, while other requests go on', async () => {
    const key = newKey();
    const stripe = h.stripe({ key });
    const long = 'x'.repeat(500);
    const created = [];
    // about 3 MB: several chunks
    for (let i = 0; i < 120; i++) created.push(await stripe.customers.create({ name: `C${i}`, metadata: Object.fromEntries(Array.from({ length: 50 }, (_, k) => [`k${k}`, long])) }));
    const res = await h.request('/_emulator/snapshot', { key });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value, { stream: true });
    // while the snapshot is being read: a write is answered at once, and is not in it
    const later = await stripe.customers.create({ name: 'Later' });
    await stripe.customers.del(created[0].id);
    for (let part = await reader.read(); !part.done; part = await reader.read()) text += decoder.decode(part.value, { stream: true });
    const snap = JSON.parse(text) as SnapshotBody;
    const customers = snap.accounts[key].customer;
    expect(Object.keys(customers)).toEqual(created.map((c) => c.id));
    expect(customers[created[0].id]).toMatchObject({ name: 'C0' });
    expect(customers[later.id]).toBeUndefined();
  });

  it('restores one account without touching the others', async () => {
    const [k1, k2] = [newKey(), newKey()];
    await seed(h.stripe({ key: k1 }));
    await h.stripe({ key: k2 }).customers.create({ name: 'Other' });
    const snap = await snapshot(k1);
    await h.stripe({ key: k1 }).customers.create({ name: 'Added after the snapshot' });
    expect((await restore(JSON.stringify(snap), k1)).status).toBe(200);
    expect((await h.stripe({ key: k1 }).customers.list()).data.map((c) => c.name)).toEqual(['Globex', 'Acme']);
    expect((await h.stripe({ key: k2 }).customers.list()).data.map((c) => c.name)).toEqual(['Other']);
  });

  it("loads a single-account snapshot into another key's account (a shared demo state)", async () => {
    const [k1, k2] = [newKey(), newKey()];
    const { a } = await seed(h.stripe({ key: k1 }));
    const snap = await snapshot(k1);
    expect((await restore(JSON.stringify(snap), k2)).status).toBe(200);
    const copy = await h.stripe({ key: k2 }).customers.retrieve(a.id);
    expect(copy).toMatchObject({ id: a.id, name: 'Acme', balance: -5000 });
  });

  it('without a key: GET returns every account and POST replaces them all', async () => {
    const emulator = await createEmulator({ quiet: true, logger: () => {} });
    const fetchFn = (input: string | URL | Request, init?: RequestInit) => Promise.resolve(emulator.app.request(input as string, init));
    const [k1, k2] = [newKey(), newKey()];
    const s1 = stripeFor(k1, fetchFn);
    const s2 = stripeFor(k2, fetchFn);
    await seed(s1);
    await s2.customers.create({ email: 'x@example.com' });
    const before = [await state(s1), await state(s2)];
    const all = (await (await emulator.app.request('/_emulator/snapshot')).json()) as SnapshotBody;
    expect(Object.keys(all.accounts).sort()).toEqual([k1, k2].sort());

    await emulator.reset();
    await s1.customers.create({ name: 'will be replaced' });
    const res = await emulator.app.request('/_emulator/snapshot', { method: 'POST', body: JSON.stringify(all) });
    expect(await res.json()).toMatchObject({ restored: 'all', accounts: 2 });
    expect([await state(s1), await state(s2)]).toEqual(before);
    await emulator.close();
  });

  it('forgets the idempotency keys of the restored account', async () => {
    const key = newKey();
    const snap = await snapshot(key); // empty
    const post = (name: string) =>
      h.request('/v1/customers', { method: 'POST', key, body: `name=${name}`, headers: { 'idempotency-key': 'seed-1', 'content-type': 'application/x-www-form-urlencoded' } });
    expect((await post('first')).status).toBe(200);
    expect((await post('second')).status).toBe(400); // idempotency_error: same key, other params
    expect((await restore(JSON.stringify(snap), key)).status).toBe(200);
    const again = await post('second');
    expect(again.status).toBe(200);
    expect(((await again.json()) as { name: string }).name).toBe('second');
  });

  it('refuses foreign or corrupt bodies with a 400 and changes nothing', async () => {
    const key = newKey();
    const stripe = h.stripe({ key });
    await seed(stripe);
    const before = await state(stripe);
    const good = await snapshot(key);
    const otherKey = newKey();
    const cases: Array<[string, RegExp]> = [
      ['{"format": "stripe-invoicing-emulator", "version": 1, "accounts": {', /not valid JSON/],
      ['[]', /must be a JSON object/],
      ['{"object": "list", "data": []}', /not a snapshot of this emulator: "format" is missing/],
      ['{"format": "stripe-invoicing-emulator", "version": 99, "accounts": {}}', /version 99, written by a newer emulator/],
      ['{"format": "stripe-invoicing-emulator", "version": 1, "accounts": []}', /"accounts" must be an object/],
      ['{"format": "stripe-invoicing-emulator", "version": 1, "accounts": {}, "extra": 1}', /unknown top-level field\(s\) "extra"/],
      ['{"format": "stripe-invoicing-emulator", "version": 1, "accounts": {"sk_live_abc": {}}}', /not a test mode secret key/],
      [`{"format": "stripe-invoicing-emulator", "version": 1, "accounts": {"${key}": {"customer": {"cus_1": {"id": "cus_2"}}}}}`, /"id" is "cus_1"/],
      [`{"format": "stripe-invoicing-emulator", "version": 1, "accounts": {"${key}": {"customer": []}}}`, /must be an object of objects by id/],
      [`{"format": "stripe-invoicing-emulator", "version": 1, "accounts": {"${key}": {"__proto__": {}}}}`, /invalid name/],
      [`{"format": "stripe-invoicing-emulator", "version": 1, "accounts": {"${key}": {"customer": {"cus_1": {"id": "cus_1"}}, "invoice": {"in_1": null}}}}`, /"id" is "in_1"/],
      [JSON.stringify({ ...good, accounts: { [otherKey]: {}, [newKey()]: {} } }), /holds 2 accounts and none is the one of your API key/],
    ];
    for (const [body, message] of cases) {
      const res = await restore(body, key);
      expect(res.status, body).toBe(400);
      const json = (await res.json()) as { error: { type: string; message: string } };
      expect(json.error.type).toBe('invalid_request_error');
      expect(json.error.message).toMatch(message);
      expect(json.error.message).toMatch(/Nothing was changed\.$/);
    }
    expect(await state(stripe)).toEqual(before);
  });

  it('answers 401 for an unreadable Authorization header, never "every account"', async () => {
    const res = await h.request('/_emulator/snapshot', { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
  });

  it('a snapshot file works as a --data file, and a --data file restores as a snapshot', async () => {
    const key = newKey();
    const stripe = h.stripe({ key });
    const { a } = await seed(stripe);
    const before = await state(stripe);
    const file = join(dir, 'shared-demo.json');
    await writeFile(file, JSON.stringify(await snapshot(key)));

    const emulator = await createEmulator({ quiet: true, logger: () => {}, dataFile: file });
    const fetchFn = (input: string | URL | Request, init?: RequestInit) => Promise.resolve(emulator.app.request(input as string, init));
    const loaded = stripeFor(key, fetchFn);
    expect(await state(loaded)).toEqual(before);
    await loaded.customers.update(a.id, { name: 'Acme (edited)' });
    emulator.clock.advance(3600);
    await emulator.close();

    // the data file (now with journal bookkeeping and the clock's offset) restores as a snapshot; the clock, shared by
    // every account, stays where it is
    const dataText = await readFile(file, 'utf8');
    expect(JSON.parse(dataText)).toMatchObject({ journal_seq: expect.any(Number), clock_offset_seconds: 3600 });
    const target = newKey();
    const offset = h.emulator.clock.offsetSeconds();
    expect((await restore(dataText, target)).status).toBe(200);
    expect((await h.stripe({ key: target }).customers.retrieve(a.id)) as Stripe.Customer).toMatchObject({ name: 'Acme (edited)' });
    expect(h.emulator.clock.offsetSeconds()).toBe(offset);
  });

  it('a restore is written to the --data file before it is answered', async () => {
    const file = join(dir, 'persisted.json');
    const key = newKey();
    const src = h.stripe({ key });
    const { b } = await seed(src);
    const snap = await snapshot(key);

    const emulator = await createEmulator({ quiet: true, logger: () => {}, dataFile: file });
    const res = await emulator.app.request('/_emulator/snapshot', { method: 'POST', body: JSON.stringify(snap), headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.accounts[key].customer[b.id]).toMatchObject({ name: 'Globex', balance: 1200 });
    await emulator.close();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, stripeFor, type Harness } from '../support/harness.js';
import { expectShape } from '../support/shape.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('events API', () => {
  it('records customer events with snapshots, previous_attributes and the request', async () => {
    const stripe = h.stripe();
    const c = await stripe.customers.create({ email: 'ev@example.com', preferred_locales: ['en'] }, { idempotencyKey: 'create-ev-1' });
    await stripe.customers.update(c.id, { name: 'Eve', preferred_locales: ['en', 'fr'], metadata: { k: 'v' } });
    await stripe.customers.del(c.id);

    const events = (await stripe.events.list()).data;
    expect(events.map((e) => e.type)).toEqual(['customer.deleted', 'customer.updated', 'customer.created']);
    for (const e of events) {
      expect(e.id).toMatch(/^evt_/);
      expect(e).toMatchObject({ object: 'event', api_version: '2026-10-28.endive', livemode: false, pending_webhooks: 0 });
      expectShape(e, 'Event', '2026-10-28.endive');
      expect(e.request?.id).toMatch(/^req_/);
    }
    const [deleted, updated, created] = events;
    expect(created.request?.idempotency_key).toBe('create-ev-1');
    // the snapshot taken when emitted, never changed afterwards
    expect(created.data.object).toMatchObject({ id: c.id, object: 'customer', name: null, preferred_locales: ['en'], metadata: {} });
    expectShape(created.data.object, 'Customer', '2026-10-28.endive');
    expect(created.data.previous_attributes).toBeUndefined();
    expect(updated.data.object).toMatchObject({ name: 'Eve', preferred_locales: ['en', 'fr'], metadata: { k: 'v' } });
    expect(updated.data.previous_attributes).toEqual({ name: null, preferred_locales: ['en'], metadata: {} });
    expect(deleted.data.object).toMatchObject({ id: c.id, object: 'customer', email: 'ev@example.com', name: 'Eve' });

    const one = await stripe.events.retrieve(updated.id);
    expect(one).toEqual(updated);
  });

  it('filters by type, `*` wildcards, types[] and created; paginates', async () => {
    const stripe = h.stripe();
    const c = await stripe.customers.create({ name: 'a' });
    await stripe.customers.update(c.id, { name: 'b' });
    await stripe.customers.update(c.id, { name: 'c' });
    await stripe.products.create({ name: 'Widget' });

    const types = async (params: Stripe.EventListParams) => (await stripe.events.list(params)).data.map((e) => e.type);
    expect(await types({ type: 'customer.updated' })).toEqual(['customer.updated', 'customer.updated']);
    expect(await types({ type: 'customer.*' })).toEqual(['customer.updated', 'customer.updated', 'customer.created']);
    expect(await types({ type: '*.created' })).toEqual(['product.created', 'customer.created']);
    expect(await types({ type: '*' })).toHaveLength(4);
    expect(await types({ type: 'invoice.*' })).toEqual([]);
    expect(await types({ types: ['product.created', 'customer.created'] })).toEqual(['product.created', 'customer.created']);
    await expect(stripe.events.list({ type: 'customer.created', types: ['customer.updated'] })).rejects.toMatchObject({ statusCode: 400 });

    const all = (await stripe.events.list()).data;
    expect((await stripe.events.list({ created: { gte: all[3].created } })).data).toHaveLength(4);
    expect((await stripe.events.list({ created: { gt: all[0].created } })).data).toHaveLength(0);

    const page = await stripe.events.list({ limit: 3 });
    expect(page.has_more).toBe(true);
    const walked = await stripe.events.list({ limit: 1 }).autoPagingToArray({ limit: 10 });
    expect(walked.map((e) => e.id)).toEqual(all.map((e) => e.id));
    const filteredPage = await stripe.events.list({ type: 'customer.*', limit: 1, starting_after: all[1].id });
    expect(filteredPage.data.map((e) => e.id)).toEqual([all[2].id]);
    expect(filteredPage.has_more).toBe(true);
  });

  it('keeps events per account', async () => {
    const a = h.stripe();
    const b = h.stripe();
    await a.customers.create({});
    const [event] = (await a.events.list()).data;
    expect((await b.events.list()).data).toEqual([]);
    await expect(b.events.retrieve(event.id)).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing', message: `No such event: '${event.id}'` });
  });

  it('refuses unknown list params', async () => {
    const res = await h.request('/v1/events?colour=red');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
  });
});

describe('events keep the version they were created with', () => {
  it('an account on basil: events are basil, whatever version reads them', async () => {
    const basil = await createHarness({ apiVersion: '2025-03-31.basil' });
    try {
      const endive = basil.stripe({ apiVersion: '2026-10-28.endive' });
      const c = await endive.customers.create({ email: 'b@example.com' });
      expect(c).toHaveProperty('customer_account'); // the request itself is rendered at endive
      const [event] = (await endive.events.list()).data;
      expect(event.api_version).toBe('2025-03-31.basil');
      expectShape(event, 'Event', '2025-03-31.basil');
      expectShape(event.data.object, 'Customer', '2025-03-31.basil');
      expect(event.data.object).not.toHaveProperty('customer_account');
      expect(await endive.events.retrieve(event.id)).toEqual(event);
    } finally {
      await basil.close();
    }
  });

  it('an account on endive: a basil client still gets the endive event', async () => {
    const key = h.newKey();
    await h.stripe({ key }).customers.create({});
    const basilClient = stripeFor(key, (input, init) => Promise.resolve(h.emulator.app.request(input as string, init)), '2025-03-31.basil');
    const [event] = (await basilClient.events.list()).data;
    expect(event.api_version).toBe('2026-10-28.endive');
    expectShape(event.data.object, 'Customer', '2026-10-28.endive');
    expect(event.data.object).toHaveProperty('customer_account');
  });
});

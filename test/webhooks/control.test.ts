import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { receiversPerTest } from './receiver.js';

interface DeliveryJson {
  id: string;
  object: string;
  event: string;
  event_type: string;
  endpoint: string;
  kind: string;
  state: string;
  attempts: Array<{ status: number | null; url: string }>;
}
type ListJson = { object: string; has_more: boolean; data: DeliveryJson[] };

let h: Harness;

async function json<T>(res: Response, status = 200): Promise<T> {
  expect(res.status).toBe(status);
  return (await res.json()) as T;
}

beforeAll(async () => {
  h = await createHarness({ webhookRetrySchedule: [] });
});
afterAll(() => h.close());
const receiver = receiversPerTest(() => h.emulator.drain());

describe('control plane: deliveries and resend', () => {
  it('lists deliveries per account, filtered by event, endpoint and state', async () => {
    const keyA = h.newKey();
    const keyB = h.newKey();
    const a = h.stripe({ key: keyA });
    const b = h.stripe({ key: keyB });
    const r1 = await receiver();
    const r2 = await receiver();
    r2.script([500]);
    const e1 = await a.webhookEndpoints.create({ url: r1.url, enabled_events: ['*'] });
    const e2 = await a.webhookEndpoints.create({ url: r2.url, enabled_events: ['customer.created'] });
    await b.webhookEndpoints.create({ url: r1.url, enabled_events: ['*'] });
    const c = await a.customers.create({});
    await a.customers.update(c.id, { name: 'x' });
    await b.customers.create({});
    await h.emulator.drain();
    const [updated, created] = (await a.events.list()).data;

    const mine = await json<ListJson>(await h.request('/_emulator/deliveries', { key: keyA }));
    expect(mine.object).toBe('list');
    expect(mine.data).toHaveLength(3);
    expect(mine.data.every((d) => d.object === 'webhook_delivery')).toBe(true);
    const byEvent = await json<ListJson>(await h.request(`/_emulator/deliveries?event=${created.id}`, { key: keyA }));
    expect(byEvent.data.map((d) => d.endpoint).sort()).toEqual([e1.id, e2.id].sort());
    const byEndpoint = await json<ListJson>(await h.request(`/_emulator/deliveries?endpoint=${e1.id}`, { key: keyA }));
    expect(byEndpoint.data.map((d) => d.event)).toEqual([updated.id, created.id]);
    const failed = await json<ListJson>(await h.request('/_emulator/deliveries?state=failed', { key: keyA }));
    expect(failed.data.map((d) => [d.endpoint, d.event, d.attempts[0].status])).toEqual([[e2.id, created.id, 500]]);
    const limited = await json<ListJson>(await h.request('/_emulator/deliveries?limit=1', { key: keyA }));
    expect(limited.data).toHaveLength(1);
    expect(limited.has_more).toBe(true);

    // another account sees only its own; without a key, every account
    expect((await json<ListJson>(await h.request('/_emulator/deliveries', { key: keyB }))).data).toHaveLength(1);
    const everything = await json<ListJson>(await h.request(`/_emulator/deliveries?endpoint=${e1.id}`, { key: null }));
    expect(everything.data).toHaveLength(2);

    await json(await h.request('/_emulator/deliveries?state=bogus', { key: keyA }), 400);
    await json(await h.request('/_emulator/deliveries?limit=0', { key: keyA }), 400);
  });

  it('resends an event to one endpoint (form, JSON or query) or to all matching ones', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const r1 = await receiver();
    const r2 = await receiver();
    const e1 = await stripe.webhookEndpoints.create({ url: r1.url, enabled_events: ['*'] });
    const e2 = await stripe.webhookEndpoints.create({ url: r2.url, enabled_events: ['product.created'] });
    await stripe.products.create({ name: 'P' });
    await h.emulator.drain();
    const [event] = (await stripe.events.list()).data;
    expect([r1.received.length, r2.received.length]).toEqual([1, 1]);

    const one = await json<ListJson>(await h.request(`/_emulator/events/${event.id}/resend`, {
      method: 'POST', key, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `webhook_endpoint=${e2.id}`,
    }));
    expect(one.data.map((d) => [d.endpoint, d.kind])).toEqual([[e2.id, 'resend']]);
    await h.emulator.drain();
    expect([r1.received.length, r2.received.length]).toEqual([1, 2]);

    await json(await h.request(`/_emulator/events/${event.id}/resend`, {
      method: 'POST', key, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ webhook_endpoint: e1.id }),
    }));
    await json(await h.request(`/_emulator/events/${event.id}/resend?webhook_endpoint=${e1.id}`, { method: 'POST', key }));
    const all = await json<ListJson>(await h.request(`/_emulator/events/${event.id}/resend`, { method: 'POST', key: null }));
    expect(all.data).toHaveLength(2);
    await h.emulator.drain();
    expect([r1.received.length, r2.received.length]).toEqual([4, 3]);
    const ids = new Set([...r1.received, ...r2.received].map((x) => (JSON.parse(x.body) as Stripe.Event).id));
    expect([...ids]).toEqual([event.id]);
    for (const x of r2.received) expect(() => Stripe.webhooks.constructEvent(x.body, x.headers['stripe-signature'] as string, e2.secret!)).not.toThrow();
    expect((await stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);

    const missing = await json<{ error: { code: string } }>(await h.request('/_emulator/events/evt_nope/resend', { method: 'POST', key }), 404);
    expect(missing.error.code).toBe('resource_missing');
    await json(await h.request(`/_emulator/events/${event.id}/resend?webhook_endpoint=we_nope`, { method: 'POST', key }), 404);
    // another account cannot replay it
    await json(await h.request(`/_emulator/events/${event.id}/resend`, { method: 'POST', key: h.newKey() }), 404);
  });

  it('reveals an endpoint secret to its own account only', async () => {
    const key = h.newKey();
    const e = await h.stripe({ key }).webhookEndpoints.create({ url: 'https://example.com/x', enabled_events: ['*'] });
    const got = await json<{ secret: string }>(await h.request(`/_emulator/webhook_endpoints/${e.id}/secret`, { key }));
    expect(got.secret).toBe(e.secret);
    await json(await h.request(`/_emulator/webhook_endpoints/${e.id}/secret`, { key: h.newKey() }), 404);
    await json(await h.request(`/_emulator/webhook_endpoints/${e.id}/secret`, { key: null }), 400);
  });

  it('reset forgets an account’s deliveries', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const r = await receiver();
    await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['*'] });
    await stripe.customers.create({});
    await h.emulator.drain();
    expect((await json<ListJson>(await h.request('/_emulator/deliveries', { key }))).data).toHaveLength(1);
    await json(await h.request('/_emulator/reset', { method: 'POST', key }));
    expect((await json<ListJson>(await h.request('/_emulator/deliveries', { key }))).data).toHaveLength(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { deadPort, receiversPerTest } from './receiver.js';

interface DeliveryJson {
  id: string;
  event: string;
  endpoint: string;
  kind: string;
  state: string;
  next_attempt_at_ms: number | null;
  attempts: Array<{ attempt: number; status: number | null; error: string | null; duration_ms: number }>;
}

let h: Harness;

async function deliveries(key: string, query = ''): Promise<DeliveryJson[]> {
  const res = await h.request(`/_emulator/deliveries${query}`, { key });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: DeliveryJson[] }).data;
}

beforeAll(async () => {
  h = await createHarness({ webhookRetrySchedule: [20, 40, 80], webhookTimeout: 5000 });
});
afterAll(() => h.close());
const receiver = receiversPerTest(() => h.emulator.drain({ includeRetries: true }));

describe('webhook retries', () => {
  it('retries a failing endpoint with the same event until it answers 2xx', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const r = await receiver();
    r.script([500, 503]);
    const endpoint = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['customer.created'] });
    await stripe.customers.create({ name: 'retry me' });
    await h.emulator.drain({ includeRetries: true });

    expect(r.received).toHaveLength(3);
    const events = r.received.map((got) => Stripe.webhooks.constructEvent(got.body, got.headers['stripe-signature'] as string, endpoint.secret!));
    const [event] = (await stripe.events.list()).data;
    expect(events.map((e) => e.id)).toEqual([event.id, event.id, event.id]);
    expect(event.pending_webhooks).toBe(0);

    const [d] = await deliveries(key);
    expect(d).toMatchObject({ event: event.id, endpoint: endpoint.id, kind: 'automatic', state: 'succeeded', next_attempt_at_ms: null });
    expect(d.attempts.map((a) => [a.attempt, a.status, a.error])).toEqual([[1, 500, 'HTTP 500'], [2, 503, 'HTTP 503'], [3, 200, null]]);
    for (const a of d.attempts) expect(a.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('drain() without includeRetries returns while a retry waits', async () => {
    const slowRetries = await createHarness({ webhookRetrySchedule: [60_000] });
    try {
      const key = slowRetries.newKey();
      const stripe = slowRetries.stripe({ key });
      const r = await receiver();
      r.script([500]);
      await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['*'] });
      await stripe.customers.create({});
      await slowRetries.emulator.drain();
      expect(r.received).toHaveLength(1);
      const res = await slowRetries.request('/_emulator/deliveries', { key });
      const [d] = ((await res.json()) as { data: DeliveryJson[] }).data;
      expect(d.state).toBe('pending');
      expect(d.next_attempt_at_ms).toBeGreaterThan(Date.now() + 50_000);
    } finally {
      await slowRetries.close(); // clears the waiting retry's timer
    }
  });

  it('gives up after the last attempt on a refused connection; the event stays undelivered', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const endpoint = await stripe.webhookEndpoints.create({ url: `http://127.0.0.1:${await deadPort()}/hooks`, enabled_events: ['*'] });
    await stripe.customers.create({});
    await h.emulator.drain({ includeRetries: true });

    const [d] = await deliveries(key);
    expect(d.state).toBe('failed');
    expect(d.attempts).toHaveLength(4); // 1 + 3 retries
    for (const a of d.attempts) {
      expect(a.status).toBeNull();
      expect(a.error).toContain('ECONNREFUSED');
    }
    const [event] = (await stripe.events.list()).data;
    expect(event.pending_webhooks).toBe(1);
    expect((await stripe.events.list({ delivery_success: false })).data.map((e) => e.id)).toEqual([event.id]);
    expect((await stripe.events.list({ delivery_success: true })).data).toEqual([]);

    // fixed: point the endpoint at a live receiver and replay the event from the control plane
    const r = await receiver();
    await stripe.webhookEndpoints.update(endpoint.id, { url: r.url });
    const res = await h.request(`/_emulator/events/${event.id}/resend`, { method: 'POST', key });
    expect(res.status).toBe(200);
    const [resent] = ((await res.json()) as { data: DeliveryJson[] }).data;
    expect(resent).toMatchObject({ event: event.id, endpoint: endpoint.id, kind: 'resend', state: 'pending' });
    await h.emulator.drain();
    expect(r.received).toHaveLength(1);
    expect(Stripe.webhooks.constructEvent(r.received[0].body, r.received[0].headers['stripe-signature'] as string, endpoint.secret!).id).toBe(event.id);
    expect((await stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);
    expect((await stripe.events.list({ delivery_success: true })).data.map((e) => e.id)).toEqual([event.id]);
    const log = await deliveries(key, `?event=${event.id}`);
    expect(log.map((x) => [x.kind, x.state])).toEqual([['resend', 'succeeded'], ['automatic', 'failed']]);
  });

  it('a timeout counts as a failure', async () => {
    const short = await createHarness({ webhookRetrySchedule: [20, 40, 80], webhookTimeout: 300 });
    const key = short.newKey();
    const stripe = short.stripe({ key });
    const r = await receiver();
    r.hold();
    await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['*'] });
    await stripe.customers.create({});
    await short.emulator.drain({ includeRetries: true });
    const res = await short.request('/_emulator/deliveries', { key });
    const [d] = ((await res.json()) as { data: DeliveryJson[] }).data;
    await short.close();
    expect(d.state).toBe('failed');
    expect(d.attempts).toHaveLength(4);
    expect(d.attempts[0]).toMatchObject({ status: null, error: 'timed out after 300ms' });
    expect(d.attempts[0].duration_ms).toBeGreaterThanOrEqual(290);
    // every attempt that reached the receiver (all four, unless the machine is very slow) carried the same event
    expect(r.received.length).toBeGreaterThanOrEqual(1);
    expect(new Set(r.received.map((x) => JSON.parse(x.body).id)).size).toBe(1);
  });

  it('a redirect or 4xx is not an acknowledgement', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const r = await receiver();
    r.script([302, 404, 410]);
    await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['*'] });
    await stripe.customers.create({});
    await h.emulator.drain({ includeRetries: true });
    const [d] = await deliveries(key);
    expect(d.attempts.map((a) => a.status)).toEqual([302, 404, 410, 200]);
    expect(d.state).toBe('succeeded');
  });

  it('stops delivering to an endpoint deleted or disabled meanwhile', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const r = await receiver();
    r.script([500], 500);
    const a = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['customer.created'] });
    const b = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['customer.created'] });
    await stripe.customers.create({});
    await h.emulator.drain(); // the first attempts failed; retries wait
    await stripe.webhookEndpoints.del(a.id);
    await stripe.webhookEndpoints.update(b.id, { disabled: true });
    await h.emulator.drain({ includeRetries: true });
    const log = await deliveries(key);
    expect(log.map((d) => d.state)).toEqual(['canceled', 'canceled']);
    expect(log.every((d) => d.attempts.length === 1)).toBe(true);
  });
});

describe('eventDeliveriesSettled', () => {
  it('is false while an automatic delivery is pending, true once it is over', async () => {
    const { eventDeliveriesSettled } = await import('../../src/events/deliveries.js');
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const r = await receiver();
    r.script([500]);
    await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['customer.created'] });
    await stripe.customers.create({});
    const acct = h.emulator.store.account(key);
    const [created] = (await stripe.events.list()).data;
    expect(eventDeliveriesSettled(acct, created.id)).toBe(false);
    await h.emulator.drain({ includeRetries: true });
    expect(eventDeliveriesSettled(acct, created.id)).toBe(true);
    const c = await stripe.customers.create({});
    await stripe.customers.update(c.id, { name: 'no endpoint wants this' });
    const [updated] = (await stripe.events.list({ type: 'customer.updated' })).data;
    expect(eventDeliveriesSettled(acct, updated.id)).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { MockAgent } from 'undici';
import { WebhookDeliveries } from '../../src/events/webhooks.js';
import { createHarness, type Harness } from '../support/harness.js';
import { expectShape } from '../support/shape.js';
import { receiversPerTest, type Receiver } from './receiver.js';

let h: Harness;

/** Verifies a delivery with stripe-node (never with the emulator's signer). */
function verify(r: Receiver, i: number, secret: string): Stripe.Event {
  const got = r.received[i];
  return Stripe.webhooks.constructEvent(got.body, got.headers['stripe-signature'] as string, secret);
}

beforeAll(async () => {
  h = await createHarness({ webhookRetrySchedule: [20, 40], webhookTimeout: 5000 });
});
afterAll(() => h.close());
const receiver = receiversPerTest(() => h.emulator.drain());

describe('webhook delivery', () => {
  it('POSTs signed events that stripe.webhooks.constructEvent accepts', async () => {
    const stripe = h.stripe();
    const r = await receiver();
    const endpoint = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['*'] });
    const c = await stripe.customers.create({ email: 'hook@example.com' });
    await stripe.customers.update(c.id, { name: 'Hooked' });
    await h.emulator.drain();

    expect(r.received).toHaveLength(2);
    const listed = (await stripe.events.list()).data;
    const delivered = r.received.map((_, i) => verify(r, i, endpoint.secret!));
    expect(delivered.map((e) => e.id)).toEqual(listed.map((e) => e.id).reverse());
    expect(delivered.map((e) => e.type)).toEqual(['customer.created', 'customer.updated']);
    for (const [i, got] of r.received.entries()) {
      expect(got.path).toBe('/webhooks');
      expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(got.headers['user-agent']).toContain('stripe-invoicing-emulator');
      expect(got.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expectShape(delivered[i], 'Event', '2026-10-28.endive');
      expectShape(delivered[i].data.object, 'Customer', '2026-10-28.endive');
    }
    expect(delivered[1].data.previous_attributes).toEqual({ name: null });
    // a wrong secret or a changed body does not verify: the check is real
    expect(() => verify(r, 0, 'whsec_not_the_secret')).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const tampered = r.received[0].body.replace('hook@example.com', 'evil@example.com');
    expect(() => Stripe.webhooks.constructEvent(tampered, r.received[0].headers['stripe-signature'] as string, endpoint.secret!)).toThrow();

    for (const e of (await stripe.events.list()).data) expect(e.pending_webhooks).toBe(0);
    expect((await stripe.events.list({ delivery_success: true })).data).toHaveLength(2);
    expect((await stripe.events.list({ delivery_success: false })).data).toHaveLength(0);
  });

  it('sends only to enabled endpoints whose enabled_events match; pending_webhooks counts them', async () => {
    const stripe = h.stripe();
    const all = await receiver();
    const updates = await receiver();
    const invoices = await receiver();
    const disabled = await receiver();
    await stripe.webhookEndpoints.create({ url: all.url, enabled_events: ['*'] });
    await stripe.webhookEndpoints.create({ url: updates.url, enabled_events: ['customer.updated', 'product.created'] });
    await stripe.webhookEndpoints.create({ url: invoices.url, enabled_events: ['invoice.paid'] });
    await stripe.webhookEndpoints.create({ url: disabled.url, enabled_events: ['*'] }).then((e) => stripe.webhookEndpoints.update(e.id, { disabled: true }));
    all.hold();
    updates.hold();

    const c = await stripe.customers.create({});
    await stripe.customers.update(c.id, { name: 'n' });
    const [updated, created] = (await stripe.events.list()).data;
    expect(created.pending_webhooks).toBe(1);
    expect(updated.pending_webhooks).toBe(2);
    expect((await stripe.events.list({ delivery_success: false })).data).toHaveLength(2);

    all.release();
    updates.release();
    await h.emulator.drain();
    expect(all.received).toHaveLength(2);
    expect(updates.received.map((x) => JSON.parse(x.body).type)).toEqual(['customer.updated']);
    expect(invoices.received).toHaveLength(0);
    expect(disabled.received).toHaveLength(0);
    expect((await stripe.events.retrieve(updated.id)).pending_webhooks).toBe(0);
    expect((await stripe.events.retrieve(created.id)).pending_webhooks).toBe(0);
  });

  it('renders each delivery at the endpoint api_version (basil-pinned gets basil customers)', async () => {
    const stripe = h.stripe();
    const basil = await receiver();
    const latest = await receiver();
    const pinned = await stripe.webhookEndpoints.create({ url: basil.url, enabled_events: ['customer.created', 'customer.updated'], api_version: '2025-03-31.basil' });
    const unpinned = await stripe.webhookEndpoints.create({ url: latest.url, enabled_events: ['customer.created', 'customer.updated'] });
    const c = await stripe.customers.create({ email: 'v@example.com' });
    await stripe.customers.update(c.id, { email: 'w@example.com' });
    await h.emulator.drain();

    const b = verify(basil, 0, pinned.secret!);
    expect(b.api_version).toBe('2025-03-31.basil');
    expectShape(b, 'Event', '2025-03-31.basil');
    expectShape(b.data.object, 'Customer', '2025-03-31.basil');
    expect(b.data.object).not.toHaveProperty('customer_account');
    const bUpdated = verify(basil, 1, pinned.secret!);
    expectShape(bUpdated.data.object, 'Customer', '2025-03-31.basil');
    expect(bUpdated.data.previous_attributes).toEqual({ email: 'v@example.com' });

    const l = verify(latest, 0, unpinned.secret!);
    expect(l.api_version).toBe('2026-10-28.endive');
    expectShape(l.data.object, 'Customer', '2026-10-28.endive');
    expect(l.data.object).toHaveProperty('customer_account');
    expect(l.id).toBe(b.id);
  });

  it('never delivers an event to another account’s endpoints', async () => {
    const a = h.stripe();
    const b = h.stripe();
    const r = await receiver();
    const ea = await a.webhookEndpoints.create({ url: r.url, enabled_events: ['*'] });
    const eb = await b.webhookEndpoints.create({ url: r.url, enabled_events: ['*'] });
    await a.customers.create({ name: 'only A' });
    await h.emulator.drain();
    expect(r.received).toHaveLength(1);
    expect(verify(r, 0, ea.secret!).data.object).toMatchObject({ name: 'only A' });
    expect(() => verify(r, 0, eb.secret!)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect((await b.events.list()).data).toEqual([]);
  });

  it('answers the API at once; a slow endpoint holds up no other; each endpoint gets events in creation order', async () => {
    const stripe = h.stripe();
    const slow = await receiver();
    const fast = await receiver();
    await stripe.webhookEndpoints.create({ url: slow.url, enabled_events: ['customer.created'] });
    await stripe.webhookEndpoints.create({ url: fast.url, enabled_events: ['customer.created'] });
    slow.hold();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await stripe.customers.create({ name: `c${i}` })).id);
    await fast.waitFor(6);
    // the API answered all six requests while the slow endpoint still holds its first delivery
    expect(slow.received).toHaveLength(1);
    slow.release();
    await h.emulator.drain();
    const order = (r: Receiver) => r.received.map((x) => (JSON.parse(x.body) as Stripe.Event).data.object).map((o) => (o as { id: string }).id);
    expect(order(fast)).toEqual(ids);
    expect(order(slow)).toEqual(ids);
  });

  it('drain() resolves at once when nothing is queued', async () => {
    await expect(h.emulator.drain()).resolves.toBeUndefined();
    await expect(h.emulator.drain({ includeRetries: true })).resolves.toBeUndefined();
  });
});

describe('outbound HTTP goes through an injectable undici dispatcher', () => {
  it('delivers through a MockAgent', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const captured: Array<{ body: string; headers: Record<string, string> }> = [];
    agent
      .get('https://hooks.example.test')
      .intercept({ path: '/stripe', method: 'POST' })
      .reply(200, (opts) => {
        captured.push({ body: String(opts.body), headers: opts.headers as Record<string, string> });
        return 'ok';
      })
      .persist();
    const mocked = await createHarness({ webhooks: (em) => new WebhookDeliveries(em, { dispatcher: agent }) });
    try {
      const stripe = mocked.stripe();
      const e = await stripe.webhookEndpoints.create({ url: 'https://hooks.example.test/stripe', enabled_events: ['product.created'] });
      await stripe.products.create({ name: 'Mocked' });
      await mocked.emulator.drain();
      expect(captured).toHaveLength(1);
      const event = Stripe.webhooks.constructEvent(captured[0].body, captured[0].headers['stripe-signature'], e.secret!);
      expect(event.type).toBe('product.created');
      expect(event.data.object).toMatchObject({ name: 'Mocked' });
    } finally {
      await mocked.close();
      await agent.close();
    }
  });
});

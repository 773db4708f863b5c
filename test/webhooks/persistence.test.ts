import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { createHarness } from '../support/harness.js';
import { startReceiver, type Receiver } from './receiver.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(): Promise<{ dataFile: string; r: Receiver }> {
  const dir = mkdtempSync(join(tmpdir(), 'webhooks-data-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const r = await startReceiver();
  cleanup.push(() => r.close());
  return { dataFile: join(dir, 'state.json'), r };
}

interface DeliveryJson {
  state: string;
  attempts: Array<{ status: number | null; error: string | null }>;
}

describe('with --data, undelivered events survive a restart', () => {
  it('resumes a delivery whose retry was waiting', async () => {
    const { dataFile, r } = await setup();
    r.script([500]);
    const key = 'sk_test_webhookpersist1';
    const first = await createHarness({ dataFile, webhookRetrySchedule: [400] });
    const stripe = first.stripe({ key });
    const endpoint = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['customer.created'] });
    await stripe.customers.create({ name: 'survivor' });
    await first.emulator.drain(); // first attempt failed, the retry waits
    expect(r.received).toHaveLength(1);
    await first.close();

    const second = await createHarness({ dataFile, webhookRetrySchedule: [400] });
    cleanup.push(() => second.close());
    await second.emulator.drain({ includeRetries: true });
    expect(r.received).toHaveLength(2);
    const ids = r.received.map((got) => Stripe.webhooks.constructEvent(got.body, got.headers['stripe-signature'] as string, endpoint.secret!).id);
    expect(ids[1]).toBe(ids[0]);
    const res = await second.request('/_emulator/deliveries', { key });
    const [d] = ((await res.json()) as { data: DeliveryJson[] }).data;
    expect(d.state).toBe('succeeded');
    expect(d.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect((await second.stripe({ key }).events.retrieve(ids[0])).pending_webhooks).toBe(0);
  });

  it('re-sends a delivery that was in flight at shutdown', async () => {
    const { dataFile, r } = await setup();
    r.hold();
    const key = 'sk_test_webhookpersist2';
    const first = await createHarness({ dataFile });
    const stripe = first.stripe({ key });
    const endpoint = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['*'] });
    await stripe.customers.create({});
    await r.waitFor(1);
    await first.close(); // aborts the request in flight; the delivery stays pending
    r.release();

    const second = await createHarness({ dataFile });
    cleanup.push(() => second.close());
    await second.emulator.drain();
    expect(r.received).toHaveLength(2);
    const [a, b] = r.received.map((got) => Stripe.webhooks.constructEvent(got.body, got.headers['stripe-signature'] as string, endpoint.secret!));
    expect(b.id).toBe(a.id);
    const res = await second.request('/_emulator/deliveries', { key });
    const [d] = ((await res.json()) as { data: DeliveryJson[] }).data;
    expect(d.state).toBe('succeeded');
    expect(d.attempts).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { expectShape } from '../support/shape.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('webhook endpoints', () => {
  it('creates an endpoint and returns its whsec_ secret only on create', async () => {
    const stripe = h.stripe();
    const created = await stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:4242/webhooks',
      enabled_events: ['invoice.paid', 'customer.created'],
      description: 'local app',
      metadata: { env: 'dev' },
    });
    expect(created.id).toMatch(/^we_[A-Za-z0-9]{24}$/);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect(created).toMatchObject({
      object: 'webhook_endpoint', api_version: null, application: null, description: 'local app', livemode: false,
      enabled_events: ['invoice.paid', 'customer.created'], metadata: { env: 'dev' }, status: 'enabled', url: 'http://127.0.0.1:4242/webhooks',
    });
    expectShape(created, 'WebhookEndpoint', '2026-10-28.endive');

    const fetched = await stripe.webhookEndpoints.retrieve(created.id);
    expect(fetched.secret).toBeUndefined();
    const { secret: _secret, ...rest } = created;
    expect(fetched).toEqual(rest);
    expectShape(fetched, 'WebhookEndpoint', '2026-10-28.endive');

    const listed = await stripe.webhookEndpoints.list();
    expect(listed.data.map((e) => e.id)).toEqual([created.id]);
    expect(listed.data[0].secret).toBeUndefined();
  });

  it('keeps the secret out of the stored object', async () => {
    const key = h.newKey();
    const created = await h.stripe({ key }).webhookEndpoints.create({ url: 'https://example.com/hook', enabled_events: ['*'] });
    const stored = h.emulator.store.account(key).collection('webhook_endpoint').get(created.id)!;
    expect(stored).not.toHaveProperty('secret');
    expect(JSON.stringify(stored)).not.toContain(created.secret!);
  });

  it('renders in the basil shape for a basil client', async () => {
    const stripe = h.stripe({ apiVersion: '2025-03-31.basil' });
    const created = await stripe.webhookEndpoints.create({ url: 'https://example.com/hook', enabled_events: ['*'], api_version: '2025-03-31.basil' });
    expect(created.api_version).toBe('2025-03-31.basil');
    expectShape(created, 'WebhookEndpoint', '2025-03-31.basil');
    expectShape(await stripe.webhookEndpoints.retrieve(created.id), 'WebhookEndpoint', '2025-03-31.basil');
  });

  it('updates url, events, description, metadata and disabled → status; api_version stays fixed', async () => {
    const stripe = h.stripe();
    const e = await stripe.webhookEndpoints.create({ url: 'https://example.com/a', enabled_events: ['*'], api_version: '2025-05-28.basil', metadata: { a: '1' } });
    const u = await stripe.webhookEndpoints.update(e.id, {
      url: 'https://example.com/b', enabled_events: ['invoice.created'], description: 'B', metadata: { a: '', b: '2' }, disabled: true,
    });
    expect(u).toMatchObject({ url: 'https://example.com/b', enabled_events: ['invoice.created'], description: 'B', metadata: { b: '2' }, status: 'disabled', api_version: '2025-05-28.basil' });
    expect(u.secret).toBeUndefined();
    const back = await stripe.webhookEndpoints.update(e.id, { disabled: false, description: '' });
    expect(back.status).toBe('enabled');
    expect(back.description).toBeNull();
    const err = await h.request(`/v1/webhook_endpoints/${e.id}`, {
      method: 'POST', body: 'api_version=2025-03-31.basil', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(err.status).toBe(400);
    expect(((await err.json()) as { error: unknown }).error).toMatchObject({ code: 'parameter_unknown', param: 'api_version' });
  });

  it('deletes an endpoint: {deleted: true}, then 404', async () => {
    const stripe = h.stripe();
    const e = await stripe.webhookEndpoints.create({ url: 'https://example.com/a', enabled_events: ['*'] });
    expect(await stripe.webhookEndpoints.del(e.id)).toEqual({ id: e.id, object: 'webhook_endpoint', deleted: true });
    await expect(stripe.webhookEndpoints.retrieve(e.id)).rejects.toMatchObject({
      statusCode: 404, code: 'resource_missing', message: `No such webhook endpoint: '${e.id}'`,
    });
    await expect(stripe.webhookEndpoints.del(e.id)).rejects.toMatchObject({ statusCode: 404 });
    expect((await stripe.webhookEndpoints.list()).data).toEqual([]);
  });

  it('refuses an invalid URL, naming the param', async () => {
    const stripe = h.stripe();
    for (const url of ['not a url', 'ftp://example.com/x', '/relative/path']) {
      const err = await stripe.webhookEndpoints.create({ url, enabled_events: ['*'] }).catch((e: Stripe.errors.StripeError) => e);
      expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'url' });
    }
    const e = await stripe.webhookEndpoints.create({ url: 'https://example.com/a', enabled_events: ['*'] });
    await expect(stripe.webhookEndpoints.update(e.id, { url: 'nope' })).rejects.toMatchObject({ statusCode: 400, param: 'url' });
  });

  it('refuses unknown event types, naming the element', async () => {
    const stripe = h.stripe();
    const err = await stripe.webhookEndpoints
      .create({ url: 'https://example.com/a', enabled_events: ['invoice.paid', 'invoice.exploded' as Stripe.WebhookEndpointCreateParams.EnabledEvent] })
      .catch((e: Stripe.errors.StripeError) => e) as Stripe.errors.StripeError;
    expect(err).toMatchObject({ statusCode: 400, param: 'enabled_events[1]' });
    expect(err.message).toContain('invoice.exploded');
    await expect(stripe.webhookEndpoints.create({ url: 'https://example.com/a', enabled_events: [] })).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      stripe.webhookEndpoints.create({ url: 'https://example.com/a' } as Stripe.WebhookEndpointCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'enabled_events' });
    // every event type of the reference §5 is accepted, and so is every other one Stripe lists
    const ok = await stripe.webhookEndpoints.create({
      url: 'https://example.com/a',
      enabled_events: ['invoice.overpaid', 'invoice_payment.paid', 'credit_note.voided', 'test_helpers.test_clock.ready', 'account.updated'],
    });
    expect(ok.enabled_events).toHaveLength(5);
  });

  it('refuses an unknown api_version and Connect endpoints', async () => {
    const stripe = h.stripe();
    await expect(
      stripe.webhookEndpoints.create({ url: 'https://example.com/a', enabled_events: ['*'], api_version: '2019-02-19' }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'api_version' });
    await expect(
      stripe.webhookEndpoints.create({ url: 'https://example.com/a', enabled_events: ['*'], connect: true }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'connect' });
  });

  it('lists newest first with pagination, per account', async () => {
    const stripe = h.stripe();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.webhookEndpoints.create({ url: `https://example.com/${i}`, enabled_events: ['*'] })).id);
    const page = await stripe.webhookEndpoints.list({ limit: 2 });
    expect(page.data.map((e) => e.id)).toEqual([ids[4], ids[3]]);
    expect(page.has_more).toBe(true);
    const all = await stripe.webhookEndpoints.list({ limit: 2 }).autoPagingToArray({ limit: 10 });
    expect(all.map((e) => e.id)).toEqual([...ids].reverse());
    const other = h.stripe();
    expect((await other.webhookEndpoints.list()).data).toEqual([]);
    await expect(other.webhookEndpoints.retrieve(ids[0])).rejects.toMatchObject({ statusCode: 404 });
  });
});

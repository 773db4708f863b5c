import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { API_VERSIONS } from '../support/shape.js';
import { eventsOf, json, shape } from './helpers.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('products', () => {
  it('creates, retrieves, updates, lists and deletes a product, with events', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const product = await stripe.products.create({ name: 'T-shirt', description: 'Gray', metadata: { sku: 'ts' } });
    expect(product.id).toMatch(/^prod_/);
    expect(product).toMatchObject({ object: 'product', name: 'T-shirt', description: 'Gray', active: true, type: 'service', default_price: null, metadata: { sku: 'ts' } });
    for (const v of API_VERSIONS) shape(await h.stripe({ key, apiVersion: v }).products.retrieve(product.id), 'Product', v);

    const updated = await stripe.products.update(product.id, { metadata: { foo: 'bar' }, description: '' });
    expect(updated.metadata).toEqual({ sku: 'ts', foo: 'bar' });
    expect(updated.description).toBeNull();

    const second = await stripe.products.create({ name: 'Mug', active: false });
    expect((await stripe.products.list({ active: false })).data.map((p) => p.id)).toEqual([second.id]);
    expect((await stripe.products.list()).data.map((p) => p.id)).toEqual([second.id, product.id]);
    expect((await stripe.products.list({ ids: [product.id] })).data.map((p) => p.id)).toEqual([product.id]);

    const deleted = await stripe.products.del(product.id);
    expect(deleted).toEqual({ id: product.id, object: 'product', deleted: true });
    expect((await stripe.products.list()).data.map((p) => p.id)).toEqual([second.id]);

    const types = eventsOf(h, key).map((e) => e.type);
    expect(types).toEqual(['product.created', 'product.updated', 'product.created', 'product.deleted']);
    const updatedEvent = eventsOf(h, key)[1];
    expect((updatedEvent.data as { previous_attributes: unknown }).previous_attributes).toMatchObject({ metadata: { sku: 'ts' }, description: 'Gray' });
  });

  it('refuses to delete a product that has prices', async () => {
    const stripe = h.stripe();
    const product = await stripe.products.create({ name: 'Pro' });
    await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100 });
    const err = await stripe.products.del(product.id).catch((e) => e);
    expect(err.statusCode).toBe(400);
    expect(err.message).toMatch(/has one or more user-created prices/);
  });

  it('creates a default price with default_price_data and searches products', async () => {
    const stripe = h.stripe();
    const product = await stripe.products.create({ name: 'Plan', default_price_data: { currency: 'eur', unit_amount: 900 } });
    expect(product.default_price).toMatch(/^price_/);
    const price = await stripe.prices.retrieve(product.default_price as string);
    expect(json(price)).toMatchObject({ product: product.id, currency: 'eur', unit_amount: 900, unit_amount_decimal: '900', type: 'one_time' });
    const found = await stripe.products.search({ query: "name:'Plan'" });
    expect(found.data.map((p) => p.id)).toEqual([product.id]);
  });
});

describe('prices', () => {
  it('creates one-time and recurring prices, with product_data, and lists them with filters', async () => {
    const key = h.newKey();
    const stripe = h.stripe({ key });
    const product = await stripe.products.create({ name: 'Widget' });
    const oneTime = await stripe.prices.create({ product: product.id, currency: 'USD', unit_amount: 1500, lookup_key: 'widget', nickname: 'Std' });
    expect(json(oneTime)).toMatchObject({
      object: 'price', type: 'one_time', recurring: null, currency: 'usd', unit_amount: 1500, unit_amount_decimal: '1500',
      billing_scheme: 'per_unit', lookup_key: 'widget', nickname: 'Std', active: true, tax_behavior: 'unspecified',
    });
    for (const v of API_VERSIONS) shape(await h.stripe({ key, apiVersion: v }).prices.retrieve(oneTime.id), 'Price', v);

    const monthly = await stripe.prices.create({ product_data: { name: 'Sub' }, currency: 'usd', unit_amount_decimal: Stripe.Decimal.from('12.50'), recurring: { interval: 'month' } });
    expect(json(monthly)).toMatchObject({ type: 'recurring', unit_amount: null, unit_amount_decimal: '12.5' });
    expect(monthly.recurring).toEqual({ interval: 'month', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' });
    shape(monthly, 'Price', '2026-10-28.endive');
    const subProduct = await stripe.products.retrieve(monthly.product as string);
    expect(subProduct.name).toBe('Sub');

    expect((await stripe.prices.list({ product: product.id })).data.map((p) => p.id)).toEqual([oneTime.id]);
    expect((await stripe.prices.list({ lookup_keys: ['widget'] })).data.map((p) => p.id)).toEqual([oneTime.id]);
    expect((await stripe.prices.list({ type: 'recurring' })).data.map((p) => p.id)).toEqual([monthly.id]);

    const archived = await stripe.prices.update(oneTime.id, { active: false, metadata: { foo: 'bar' } });
    expect(archived.active).toBe(false);
    expect((await stripe.prices.list({ active: true })).data.map((p) => p.id)).toEqual([monthly.id]);

    const types = eventsOf(h, key).map((e) => e.type);
    expect(types).toEqual(['product.created', 'price.created', 'product.created', 'price.created', 'price.updated']);

    const expanded = await stripe.prices.retrieve(oneTime.id, { expand: ['product', 'currency_options'] });
    expect((expanded.product as Stripe.Product).id).toBe(product.id);
    expect(json(expanded.currency_options)).toEqual({ usd: { custom_unit_amount: null, tax_behavior: 'unspecified', unit_amount: 1500, unit_amount_decimal: '1500' } });
  });

  it('keeps lookup keys unique unless transferred', async () => {
    const stripe = h.stripe();
    const product = await stripe.products.create({ name: 'LK' });
    const a = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, lookup_key: 'k' });
    const err = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2, lookup_key: 'k' }).catch((e) => e);
    expect(err.statusCode).toBe(400);
    expect(err.param).toBe('lookup_key');
    const b = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2, lookup_key: 'k', transfer_lookup_key: true });
    expect((await stripe.prices.retrieve(a.id)).lookup_key).toBeNull();
    expect(b.lookup_key).toBe('k');
  });

  it('validates product and amount parameters', async () => {
    const stripe = h.stripe();
    const missing = await stripe.prices.create({ currency: 'usd', unit_amount: 5 }).catch((e) => e);
    expect(missing).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'product' });
    const noProduct = await stripe.prices.create({ currency: 'usd', unit_amount: 5, product: 'prod_nope' }).catch((e) => e);
    expect(noProduct).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    const product = await stripe.products.create({ name: 'X' });
    const noAmount = await stripe.prices.create({ currency: 'usd', product: product.id }).catch((e) => e);
    expect(noAmount).toMatchObject({ statusCode: 400, param: 'unit_amount' });
  });
});

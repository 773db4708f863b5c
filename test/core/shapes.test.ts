/** Customers and balance transactions conform to the SDK field extracts at each extract version, in every form the API returns them. */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';
import { API_VERSIONS, expectShape } from '../support/shape.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe.each(API_VERSIONS)('at %s', (version) => {
  it('a fully populated customer: created, retrieved, listed, searched, expanded, updated, deleted', async () => {
    const s = h.stripe({ apiVersion: version });
    const address = { line1: '1 Main St', line2: 'Apt 2', city: 'Paris', state: 'IDF', postal_code: '75001', country: 'FR' };
    const c = await s.customers.create({
      email: 'full@example.com', name: 'Full', phone: '+33100000000', description: 'all fields', address,
      shipping: { name: 'Ship', phone: '+33100000001', address }, preferred_locales: ['fr', 'en'], tax_exempt: 'reverse',
      invoice_prefix: 'FULL1', next_invoice_sequence: 7, balance: -300, metadata: { a: '1' },
      invoice_settings: { custom_fields: [{ name: 'VAT', value: 'FR1' }], footer: 'Thanks' },
    });
    expectShape(c, 'Customer', version);
    expectShape(await s.customers.retrieve(c.id, { expand: ['invoice_credit_balance'] }), 'Customer', version);
    for (const item of (await s.customers.list({ limit: 3 })).data) expectShape(item, 'Customer', version);
    for (const item of (await s.customers.search({ query: "email:'full@example.com'" })).data) expectShape(item, 'Customer', version);
    const updated = await s.customers.update(c.id, { name: 'Changed', address: '' as unknown as Stripe.AddressParam, tax_exempt: '' as unknown as 'none' });
    expectShape(updated, 'Customer', version);
    expect(updated).toMatchObject({ address: null, tax_exempt: 'none' });
    const txns = await s.customers.listBalanceTransactions(c.id, { expand: ['data.customer'] });
    for (const t of txns.data) expectShape(t, 'CustomerBalanceTransaction', version);
    const deleted = await s.customers.del(c.id);
    expectShape(deleted, 'Customer', version);
    expectShape(await s.customers.retrieve(c.id), 'Customer', version);
  });
});

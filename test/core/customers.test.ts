import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createHarness, type Harness } from '../support/harness.js';
import { expectShape } from '../support/shape.js';

let h: Harness;
let stripe: Stripe;

beforeAll(async () => {
  h = await createHarness();
  stripe = h.stripe();
});
afterAll(() => h.close());

describe('customers', () => {
  it('creates, retrieves, updates and deletes a customer', async () => {
    const created = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada', metadata: { plan: 'pro' } });
    expect(created.id).toMatch(/^cus_[A-Za-z0-9]{24}$/);
    expect(created).toMatchObject({ object: 'customer', email: 'ada@example.com', name: 'Ada', balance: 0, metadata: { plan: 'pro' } });
    expectShape(created, 'Customer', '2026-10-28.endive');

    const fetched = await stripe.customers.retrieve(created.id);
    expect(fetched).toEqual(created);

    const updated = await stripe.customers.update(created.id, { name: 'Ada L.', metadata: { plan: '', tier: 'gold' } });
    expect(updated.name).toBe('Ada L.');
    expect(updated.metadata).toEqual({ tier: 'gold' });

    const deleted = await stripe.customers.del(created.id);
    expect(deleted).toEqual({ id: created.id, object: 'customer', deleted: true });
    expect(await stripe.customers.retrieve(created.id)).toEqual({ id: created.id, object: 'customer', deleted: true });
    await expect(stripe.customers.update(created.id, { name: 'x' })).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('clears metadata with an empty string', async () => {
    const c = await stripe.customers.create({ metadata: { a: '1', b: '2' } });
    const cleared = await stripe.customers.update(c.id, { metadata: '' as unknown as Stripe.MetadataParam });
    expect(cleared.metadata).toEqual({});
  });

  it('answers 404 resource_missing for an unknown customer', async () => {
    const err = await stripe.customers.retrieve('cus_doesnotexist').catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.type).toBe('StripeInvalidRequestError');
    expect(err.statusCode).toBe(404);
    expect(err.code).toBe('resource_missing');
    expect(err.message).toBe("No such customer: 'cus_doesnotexist'");
  });

  it('lists newest first and auto-paginates exactly once', async () => {
    const s = h.stripe();
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push((await s.customers.create({ email: `p${i}@example.com` })).id);
    const page = await s.customers.list({ limit: 3 });
    expect(page.data.map((c) => c.id)).toEqual(ids.slice(-3).reverse());
    expect(page.has_more).toBe(true);
    expect(page.url).toBe('/v1/customers');
    const all = await s.customers.list({ limit: 4 }).autoPagingToArray({ limit: 100 });
    expect(all.map((c) => c.id)).toEqual([...ids].reverse());
    const before = await s.customers.list({ limit: 2, ending_before: ids[10] });
    expect(before.data.map((c) => c.id)).toEqual([ids[12], ids[11]]);
    expect(before.has_more).toBe(true);
    const byEmail = await s.customers.list({ email: 'p7@example.com' });
    expect(byEmail.data.map((c) => c.id)).toEqual([ids[7]]);
  });

  it('filters lists by created', async () => {
    const s = h.stripe();
    const c = await s.customers.create({});
    expect((await s.customers.list({ created: { gte: c.created } })).data).toHaveLength(1);
    expect((await s.customers.list({ created: { gt: c.created } })).data).toHaveLength(0);
    expect((await s.customers.list({ created: c.created })).data).toHaveLength(1);
  });

  it('searches with the query language', async () => {
    const s = h.stripe();
    const a = await s.customers.create({ email: 'grace@navy.mil', name: 'Grace Hopper', metadata: { team: 'cobol' } });
    await s.customers.create({ email: 'alan@bletchley.uk', name: 'Alan Turing' });
    const r1 = await s.customers.search({ query: "email:'grace@navy.mil'" });
    expect(r1.data.map((c) => c.id)).toEqual([a.id]);
    expect(r1.object).toBe('search_result');
    const r2 = await s.customers.search({ query: "name~'Hopp' AND metadata['team']:'cobol'" });
    expect(r2.data.map((c) => c.id)).toEqual([a.id]);
    const r3 = await s.customers.search({ query: "name~'Hopper' OR name~'Turing'", expand: ['total_count'] });
    expect(r3.data).toHaveLength(2);
    expect((r3 as unknown as { total_count: number }).total_count).toBe(2);
    await expect(s.customers.search({ query: 'nonsense((' })).rejects.toMatchObject({ statusCode: 400, param: 'query' });
  });

  it('reads the whole search syntax: quoted words, a space or and/or between clauses, negation, numbers, null', async () => {
    const s = h.stripe();
    const tom = await s.customers.create({ name: 'Tom AND Jerry', email: 'tom@example.com', metadata: { k: 'v3' } });
    const doe = await s.customers.create({ name: 'John Doe', metadata: { k: 'v3' } });
    const ids = async (query: string) => (await s.customers.search({ query })).data.map((c) => c.id);
    expect(await ids("name:'Tom AND Jerry'")).toEqual([tom.id]);
    expect(await ids('name:"Tom AND Jerry" OR name:\'John Doe\'')).toEqual([doe.id, tom.id]);
    expect(await ids("name~'Doe' metadata['k']:'v3'")).toEqual([doe.id]); // a space is AND
    expect(await ids("metadata['k']:'v3' and -name~'Doe'")).toEqual([tom.id]);
    expect(await ids("name~'Doe' or name~'Jerry'")).toEqual([doe.id, tom.id]);
    expect(await ids(`created>=${tom.created} email:null`)).toEqual([doe.id]);
    const nullName = await s.customers.create({ name: 'null' });
    expect(await ids("name:'null'")).toEqual([nullName.id]); // the text, not an empty field
    expect(await ids(`created>=${tom.created} -email:null`)).toEqual([tom.id]);

    const refused = async (query: string, why: RegExp) =>
      expect(s.customers.search({ query })).rejects.toMatchObject({ statusCode: 400, param: 'query', message: expect.stringMatching(why) });
    await refused("name~'Doe' OR name~'Tom' email:null", /AND and OR cannot be combined/);
    await refused('name:Jane', /must be quoted/);
    await refused("name:'x' AND", /ends with AND/);
    await refused("name:'x' email", /must be followed by an operator/);
    await refused("phone_number:'1'", /not a searchable field/);
    await refused(Array.from({ length: 11 }, (_, i) => `name:'n${i}'`).join(' OR '), /at most 10 clauses/);
  });

  it('takes invoice_settings.rendering_options as Stripe defines it, and nothing else', async () => {
    const s = h.stripe();
    const c = await s.customers.create({ invoice_settings: { rendering_options: { amount_tax_display: 'include_inclusive_tax' } } });
    expect(c.invoice_settings.rendering_options).toEqual({ amount_tax_display: 'include_inclusive_tax', template: null });
    expectShape(c, 'Customer', '2026-10-28.endive');
    const templated = await s.customers.update(c.id, { invoice_settings: { rendering_options: { template: 'inrtem_1' } } });
    expect(templated.invoice_settings.rendering_options).toEqual({ amount_tax_display: 'include_inclusive_tax', template: 'inrtem_1' });
    const blanked = await s.customers.update(c.id, { invoice_settings: { rendering_options: { amount_tax_display: '' } } });
    expect(blanked.invoice_settings.rendering_options).toEqual({ amount_tax_display: null, template: 'inrtem_1' });
    const cleared = await s.customers.update(c.id, { invoice_settings: { rendering_options: '' } });
    expect(cleared.invoice_settings.rendering_options).toBeNull();

    const refused = async (params: Record<string, unknown>, param: string) =>
      expect(s.customers.update(c.id, params as Stripe.CustomerUpdateParams)).rejects.toMatchObject({ statusCode: 400, param });
    await refused({ invoice_settings: { rendering_options: { amount_tax_display: 'bogus' } } }, 'invoice_settings[rendering_options][amount_tax_display]');
    await refused({ invoice_settings: { rendering_options: { evil: '1' } } }, 'invoice_settings[rendering_options][evil]');
    await refused({ invoice_settings: { rendering_options: { template: { x: 'y' } } } }, 'invoice_settings[rendering_options][template]');
    await refused({ invoice_settings: { rendering_options: 'abc' } }, 'invoice_settings[rendering_options]');
    expect((await s.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({ invoice_settings: { rendering_options: null } });
  });

  it('refuses an email address that is not one, and unsets fields given as empty strings', async () => {
    const s = h.stripe();
    expect(await s.customers.create({ email: 'notanemail' }).catch((e) => e)).toMatchObject({ statusCode: 400, code: 'email_invalid', param: 'email' });
    expect(await s.customers.create({ email: 'two words@example.com' }).catch((e) => e)).toMatchObject({ statusCode: 400, code: 'email_invalid' });
    expect((await s.customers.list()).data).toHaveLength(0);
    const c = await s.customers.create({ email: 'o\'brien+tag@example.co.uk', name: 'N', phone: '+1 555', description: 'D' });
    expect(c.email).toBe('o\'brien+tag@example.co.uk');
    const unset = await s.customers.update(c.id, { email: '', name: '', phone: '', description: '' });
    expect(unset).toMatchObject({ email: null, name: null, phone: null, description: null });
  });

  it('includes cash_balance, subscriptions and tax_ids when expanded, and not otherwise', async () => {
    const s = h.stripe();
    const c = await s.customers.create({ name: 'Includes' });
    expect(c).not.toHaveProperty('cash_balance');
    expect(c).not.toHaveProperty('subscriptions');
    const full = (await s.customers.retrieve(c.id, { expand: ['cash_balance', 'subscriptions', 'tax_ids'] })) as Stripe.Customer;
    expect(full.cash_balance).toMatchObject({ object: 'cash_balance', customer: c.id, available: {} });
    expect(full.subscriptions).toEqual({ object: 'list', data: [], has_more: false, url: `/v1/customers/${c.id}/subscriptions` });
    expect(full.tax_ids).toEqual({ object: 'list', data: [], has_more: false, url: `/v1/customers/${c.id}/tax_ids` });
    expectShape(full, 'Customer', '2026-10-28.endive');
    const listed = await s.customers.list({ expand: ['data.tax_ids'] });
    expect(listed.data[0].tax_ids?.data).toEqual([]);
  });

  it('includes tax when expanded: the location from the shipping address, else the billing address', async () => {
    const s = h.stripe();
    const tax = async (id: string) => ((await s.customers.retrieve(id, { expand: ['tax'] })) as Stripe.Customer).tax;
    const bare = await s.customers.create({ name: 'Nowhere' });
    expect(bare).not.toHaveProperty('tax');
    expect(await tax(bare.id)).toEqual({ automatic_tax: 'unrecognized_location', ip_address: null, location: null, provider: 'stripe' });

    const billed = await s.customers.create({ address: { country: 'DE', city: 'Berlin' }, tax: { ip_address: '203.0.113.7' } });
    const full = (await s.customers.retrieve(billed.id, { expand: ['tax'] })) as Stripe.Customer;
    expectShape(full, 'Customer', '2026-10-28.endive');
    // no tax registrations in the emulator: a usable location is one it does not collect in; an IP locates nobody
    expect(full.tax).toEqual({
      automatic_tax: 'not_collecting', ip_address: '203.0.113.7', location: { country: 'DE', source: 'billing_address', state: null }, provider: 'stripe',
    });
    const shipped = await s.customers.update(billed.id, {
      shipping: { name: 'S', address: { country: 'US', postal_code: '94107', state: 'CA' } }, tax: { ip_address: '' },
    });
    expect(await tax(shipped.id)).toMatchObject({ ip_address: null, location: { country: 'US', source: 'shipping_destination', state: 'CA' } });
    // a shipping address Stripe Tax cannot use is not skipped for the billing address
    await s.customers.update(billed.id, { shipping: { name: 'S', address: { country: 'US', state: 'CA' } } });
    expect(await tax(billed.id)).toMatchObject({ automatic_tax: 'unrecognized_location', location: null });
    expect((await s.customers.update(billed.id, { shipping: '' }), await tax(billed.id))?.location).toMatchObject({ source: 'billing_address' });
    const canada = await s.customers.create({ address: { country: 'CA', state: 'QC' } });
    expect((await tax(canada.id))?.location).toEqual({ country: 'CA', source: 'billing_address', state: 'QC' });

    const listed = await s.customers.list({ expand: ['data.tax'], limit: 1 });
    expect(listed.data[0].tax).toMatchObject({ provider: 'stripe' });
  });

  it('refuses a location it cannot place with tax[validate_location]=immediately, changing nothing', async () => {
    const s = h.stripe({ key: h.newKey() });
    const refused = { statusCode: 400, code: 'customer_tax_location_invalid', param: 'tax[validate_location]' };
    expect(await s.customers.create({ name: 'x', tax: { validate_location: 'immediately' } }).catch((e) => e)).toMatchObject(refused);
    expect((await s.customers.list()).data).toHaveLength(0);
    expect((await s.events.list()).data).toHaveLength(0);
    const c = await s.customers.create({ address: { country: 'US', postal_code: '10001' }, tax: { validate_location: 'immediately' } });
    const update = s.customers.update(c.id, { address: { country: 'US', postal_code: '' }, tax: { validate_location: 'immediately', ip_address: '198.51.100.1' } });
    expect(await update.catch((e) => e)).toMatchObject(refused);
    const kept = (await s.customers.retrieve(c.id, { expand: ['tax'] })) as Stripe.Customer;
    expect(kept.address?.postal_code).toBe('10001');
    expect(kept.tax?.ip_address).toBeNull();
    // deferred (and auto, on update) check nothing
    await s.customers.update(c.id, { address: { country: 'US', postal_code: '' }, tax: { validate_location: 'deferred' } });
    await s.customers.update(c.id, { tax: { validate_location: 'auto' } });
  });

  it('checks the tax parameters, and those it accepts without acting on them (validate, cash_balance, tax_id_data)', async () => {
    const s = h.stripe();
    const c = await s.customers.create({
      validate: true, tax: { validate_location: 'deferred', ip_address: '127.0.0.1' },
      cash_balance: { settings: { reconciliation_mode: 'manual' } }, tax_id_data: [{ type: 'eu_vat', value: 'DE123456789' }],
    });
    await s.customers.update(c.id, { tax: { validate_location: 'auto' } });
    const refused = async (call: Promise<unknown>, param: string) => expect(await call.catch((e) => e)).toMatchObject({ statusCode: 400, param });
    await refused(s.customers.create({ validate: 'banana' as unknown as boolean }), 'validate');
    await refused(s.customers.create({ tax: { validate_location: 'auto' } as unknown as Stripe.CustomerCreateParams.Tax }), 'tax[validate_location]');
    await refused(s.customers.update(c.id, { tax: { validate_location: 'bogus' } as unknown as Stripe.CustomerUpdateParams.Tax }), 'tax[validate_location]');
    await refused(s.customers.create({ cash_balance: { settings: { reconciliation_mode: 'x' } } } as unknown as Stripe.CustomerCreateParams), 'cash_balance[settings][reconciliation_mode]');
    await refused(s.customers.create({ tax_id_data: [{ type: 'eu_vat' }] } as unknown as Stripe.CustomerCreateParams), 'tax_id_data[0][value]');
    expect((await s.customers.list()).data).toHaveLength(1);
  });

  it('pages search results with next_page', async () => {
    const s = h.stripe();
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await s.customers.create({ name: `Paged ${i}` })).id);
    const first = await s.customers.search({ query: "name~'Paged'", limit: 2 });
    expect(first.data.map((c) => c.id)).toEqual([made[4], made[3]]);
    expect(first.has_more).toBe(true);
    const second = await s.customers.search({ query: "name~'Paged'", limit: 2, page: first.next_page! });
    expect(second.data.map((c) => c.id)).toEqual([made[2], made[1]]);
    const all = [];
    for await (const c of s.customers.search({ query: "name~'Paged'", limit: 2 })) all.push(c.id);
    expect(all).toEqual([...made].reverse());
  });

  it('keeps accounts apart', async () => {
    const a = h.stripe();
    const b = h.stripe();
    const c = await a.customers.create({ name: 'mine' });
    await expect(b.customers.retrieve(c.id)).rejects.toMatchObject({ statusCode: 404 });
    expect((await b.customers.list()).data).toHaveLength(0);
  });
});

describe('customer balance transactions', () => {
  it('moves balance and invoice_credit_balance', async () => {
    const s = h.stripe();
    const c = await s.customers.create({});
    const credit = await s.customers.createBalanceTransaction(c.id, { amount: -500, currency: 'usd', description: 'goodwill' });
    expect(credit).toMatchObject({ object: 'customer_balance_transaction', amount: -500, ending_balance: -500, type: 'adjustment', customer: c.id });
    expect(credit.id).toMatch(/^cbtxn_/);
    expectShape(credit, 'CustomerBalanceTransaction', '2026-10-28.endive');
    await s.customers.createBalanceTransaction(c.id, { amount: 200, currency: 'usd' });
    const after = await s.customers.retrieve(c.id, { expand: ['invoice_credit_balance'] }) as Stripe.Customer;
    expect(after.balance).toBe(-300);
    expect(after.currency).toBe('usd');
    expect(after.invoice_credit_balance).toEqual({ usd: 300 });
    const plain = await s.customers.retrieve(c.id) as Stripe.Customer;
    expect(plain).not.toHaveProperty('invoice_credit_balance');

    const updated = await s.customers.updateBalanceTransaction(c.id, credit.id, { description: 'changed', metadata: { k: 'v' } });
    expect(updated).toMatchObject({ description: 'changed', metadata: { k: 'v' }, amount: -500 });
    expect(await s.customers.retrieveBalanceTransaction(c.id, credit.id)).toEqual(updated);
    const list = await s.customers.listBalanceTransactions(c.id);
    expect(list.data.map((t) => t.amount)).toEqual([200, -500]);
  });

  it('records setting the balance directly as a transaction', async () => {
    const s = h.stripe();
    const c = await s.customers.create({ balance: 1000 });
    expect(c.balance).toBe(1000);
    const u = await s.customers.update(c.id, { balance: 400 });
    expect(u.balance).toBe(400);
    const txns = await s.customers.listBalanceTransactions(c.id);
    expect(txns.data.map((t) => [t.type, t.amount])).toEqual([['adjustment', -600], ['initial', 1000]]);
    expect(txns.data.reduce((sum, t) => sum + t.amount, 0)).toBe(u.balance);
  });

  it('conforms to the basil field extracts when asked for basil', async () => {
    const key = h.newKey();
    for (const version of ['2025-05-28.basil', '2025-03-31.basil'] as const) {
      const s = h.stripe({ key, apiVersion: version });
      const c = await s.customers.create({ name: 'v', address: { country: 'FR' } });
      expectShape(c, 'Customer', version);
      const withTax = (await s.customers.retrieve(c.id, { expand: ['tax'] })) as Stripe.Customer;
      expectShape(withTax, 'Customer', version);
      expect(withTax.tax).not.toHaveProperty('provider'); // customer.tax.provider arrived with clover
      const t = await s.customers.createBalanceTransaction(c.id, { amount: -1, currency: 'usd' });
      expectShape(t, 'CustomerBalanceTransaction', version);
    }
  });
});

/** The wire protocol: auth, encoding, headers, versions, errors, parameter checking, expansion, metadata, ids. */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_VERSIONS, LATEST_VERSION } from '../../src/index.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

type Envelope = { error: { type: string; code?: string; message: string; param?: string; doc_url?: string } };
const form = { 'content-type': 'application/x-www-form-urlencoded' };

async function call(path: string, init: RequestInit & { key?: string | null } = {}) {
  const res = await h.request(path, { ...init, headers: { ...form, ...(init.headers as Record<string, string>) } });
  return { res, status: res.status, body: (await res.json()) as Record<string, unknown> & Envelope };
}

function expectEnvelope(body: Envelope, type = 'invalid_request_error') {
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.type).toBe(type);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(10);
  if (body.error.code) expect(body.error.doc_url).toBe(`https://docs.stripe.com/error-codes/${body.error.code.replace(/_/g, '-')}`);
}

describe('authentication', () => {
  it('accepts Bearer and Basic auth for the same account', async () => {
    const key = h.newKey();
    const created = await call('/v1/customers', { method: 'POST', body: 'name=Ada', key });
    expect(created.status).toBe(200);
    const basic = await call(`/v1/customers/${created.body.id}`, {
      key: null, headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
    });
    expect(basic.status).toBe(200);
    expect(basic.body.name).toBe('Ada');
    const lowerBearer = await call(`/v1/customers/${created.body.id}`, { key: null, headers: { authorization: `bearer ${key}` } });
    expect(lowerBearer.status).toBe(200);
    const rk = await call('/v1/customers', { key: `rk_test_${key.slice(8)}` });
    expect(rk.status).toBe(200);
  });

  it.each([
    ['no header', undefined, /did not provide an API key/],
    ['empty Bearer', 'Bearer ', /Invalid API Key|did not provide/],
    ['garbage key', 'Bearer hello', /Invalid API Key provided/],
    ['publishable key', 'Bearer pk_test_123456789012', /Invalid API Key provided/],
    ['unknown scheme', 'Token sk_test_123', /Invalid authorization header/],
    ['Basic with garbage', 'Basic !!!!', /Invalid API Key provided/],
  ])('refuses %s with a 401 envelope', async (_name, header, message) => {
    const r = await call('/v1/customers', { key: null, headers: header ? { authorization: header } : {} });
    expect(r.status).toBe(401);
    expectEnvelope(r.body);
    expect(r.body.error.message).toMatch(message);
    expect(r.res.headers.get('request-id')).toMatch(/^req_/);
  });

  it('refuses live keys saying only test keys are accepted', async () => {
    for (const key of ['sk_live_abcdefghijklmnop', 'rk_live_abcdefghijklmnop']) {
      const r = await call('/v1/customers', { key });
      expect(r.status).toBe(401);
      expect(r.body.error.message).toMatch(/only accepts test mode keys/);
      expect(r.body.error.message).not.toContain('abcdefghijklmnop');
    }
  });

  it('redacts the key in the invalid-key message', async () => {
    const r = await call('/v1/customers', { key: null, headers: { authorization: 'Bearer sk_test_has-a-dash-secret-value' } });
    expect(r.status).toBe(401);
    expect(r.body.error.message).not.toContain('secret-value');
  });

  it('maps to StripeAuthenticationError in stripe-node', async () => {
    const err = await h.stripe({ key: 'sk_live_nope_nope_nope' }).customers.list().catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.statusCode).toBe(401);
    expect(err.requestId).toMatch(/^req_/);
  });

  it('keeps accounts isolated', async () => {
    const a = h.newKey();
    const b = h.newKey();
    const c = await call('/v1/customers', { method: 'POST', body: 'email=iso@example.com', key: a });
    expect((await call(`/v1/customers/${c.body.id}`, { key: b })).status).toBe(404);
    expect((await call(`/v1/customers/${c.body.id}`, { method: 'POST', body: 'name=x', key: b })).status).toBe(404);
    expect((await call(`/v1/customers/${c.body.id}`, { method: 'DELETE', key: b })).status).toBe(404);
    expect((await call('/v1/customers?email=iso@example.com', { key: b })).body.data).toEqual([]);
    expect((await call('/v1/customers/search?query=email:%27iso@example.com%27', { key: b })).body.data).toEqual([]);
    expect((await call(`/v1/customers/${c.body.id}`, { key: a })).status).toBe(200);
  });
});

describe('form encoding', () => {
  it('accepts nested brackets, a[]=x, a[0]=x and key= (unset)', async () => {
    const key = h.newKey();
    const body = [
      'name=Ada', 'address[line1]=1%20Main', 'address[city]=Paris', 'preferred_locales[]=fr', 'preferred_locales[]=en',
      'invoice_settings[custom_fields][0][name]=VAT', 'invoice_settings[custom_fields][0][value]=FR1',
      'invoice_settings[custom_fields][1][name]=PO', 'invoice_settings[custom_fields][1][value]=42', 'metadata[a]=1',
    ].join('&');
    const c = await call('/v1/customers', { method: 'POST', body, key });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({
      name: 'Ada', address: { line1: '1 Main', city: 'Paris' }, preferred_locales: ['fr', 'en'],
      invoice_settings: { custom_fields: [{ name: 'VAT', value: 'FR1' }, { name: 'PO', value: '42' }] },
    });
    const indexed = await call(`/v1/customers/${c.body.id}`, { method: 'POST', body: 'preferred_locales[0]=de&preferred_locales[1]=it', key });
    expect(indexed.body.preferred_locales).toEqual(['de', 'it']);
    const unset = await call(`/v1/customers/${c.body.id}`, { method: 'POST', body: 'name=&address=&invoice_settings[custom_fields]=', key });
    expect(unset.status).toBe(200);
    expect(unset.body).toMatchObject({ name: null, address: null, invoice_settings: { custom_fields: null } });
  });

  it('reads GET and DELETE parameters from the query string', async () => {
    const key = h.newKey();
    for (let i = 0; i < 3; i++) await call('/v1/customers', { method: 'POST', body: `email=q${i}%40example.com`, key });
    const list = await call('/v1/customers?limit=2&email=q1%40example.com', { key });
    expect(list.body.data).toHaveLength(1);
    const limited = await call('/v1/customers?limit=2', { key });
    expect(limited.body.data).toHaveLength(2);
    const created = await call('/v1/customers?created[gte]=0&created[lt]=99999999999', { key });
    expect(created.body.data).toHaveLength(3);
    const c = list.body.data as Array<{ id: string }>;
    const bogusDelete = await call(`/v1/customers/${c[0].id}?bogus=1`, { method: 'DELETE', key });
    expect(bogusDelete.status).toBe(400);
    expect(bogusDelete.body.error.param).toBe('bogus');
    const del = await call(`/v1/customers/${c[0].id}`, { method: 'DELETE', key });
    expect(del.body).toEqual({ id: c[0].id, object: 'customer', deleted: true });
  });
});

describe('headers and versions', () => {
  it('sends Request-Id and Stripe-Version on every response', async () => {
    const key = h.newKey();
    const responses = [
      await h.request('/v1/customers', { key }),
      await h.request('/v1/customers', { method: 'POST', body: 'bogus=1', headers: form, key }),
      await h.request('/v1/customers/cus_missing', { key }),
      await h.request('/v1/nothing_here', { key }),
      await h.request('/v1/customers', { key: null }),
      await h.request('/v1/customers', { key, headers: { 'stripe-version': '1999-01-01' } }),
      await h.request('/_emulator/health', { key: null }),
      await h.request('/not-an-api-path', { key: null }),
    ];
    const ids = new Set<string>();
    for (const res of responses) {
      const id = res.headers.get('request-id');
      expect(id).toMatch(/^req_[A-Za-z0-9]{24}$/);
      ids.add(id!);
      expect(res.headers.get('stripe-version')).toBe(LATEST_VERSION);
    }
    expect(ids.size).toBe(responses.length);
  });

  it('echoes the requested version', async () => {
    const res = await h.request('/v1/customers', { headers: { 'stripe-version': '2025-03-31.basil' } });
    expect(res.headers.get('stripe-version')).toBe('2025-03-31.basil');
  });

  it('refuses an unknown Stripe-Version with a 400', async () => {
    for (const v of ['2020-08-27', '2026-10-28', 'endive', '2026-10-28.endive; x']) {
      const r = await call('/v1/customers', { headers: { 'stripe-version': v } });
      expect(r.status).toBe(400);
      expectEnvelope(r.body);
      expect(r.body.error.message).toContain('Invalid Stripe API version');
    }
  });

  it('accepts every version from 2024-06-20 to 2026-10-28.endive through stripe-node', async () => {
    expect(KNOWN_VERSIONS[0]).toBe('2024-06-20');
    expect(KNOWN_VERSIONS.at(-1)).toBe('2026-10-28.endive');
    expect(KNOWN_VERSIONS).toHaveLength(27);
    for (const version of KNOWN_VERSIONS) {
      const s = h.stripe({ apiVersion: version });
      const c = await s.customers.create({ name: version });
      expect(c.lastResponse.apiVersion).toBe(version);
      const again = await s.customers.retrieve(c.id);
      expect((again as Stripe.Customer).name).toBe(version);
      const list = await s.customers.list({ limit: 1 });
      expect(list.data[0].id).toBe(c.id);
    }
  });
});

describe('errors', () => {
  it('answers an unknown URL with 404 "Unrecognized request URL"', async () => {
    for (const [method, path] of [['GET', '/v1/nothing'], ['POST', '/v1/customers/cus_x/nothing'], ['DELETE', '/v1/customers'], ['GET', '/v1']] as const) {
      const r = await call(path, { method });
      expect(r.status).toBe(404);
      expectEnvelope(r.body);
      expect(r.body.error.message).toMatch(new RegExp(`^Unrecognized request URL \\(${method}: ${path.replace(/\//g, '\\/')}\\)`));
    }
    const err = await h.stripe().rawRequest('GET', '/v1/nothing').catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(404);
  });

  it('names an unknown parameter, top-level or nested', async () => {
    const r = await call('/v1/customers', { method: 'POST', body: 'name=x&nickname=y' });
    expect(r.status).toBe(400);
    expectEnvelope(r.body);
    expect(r.body.error).toMatchObject({ code: 'parameter_unknown', param: 'nickname', message: 'Received unknown parameter: nickname' });
    const nested = await call('/v1/customers', { method: 'POST', body: 'address[planet]=Mars' });
    expect(nested.body.error).toMatchObject({ code: 'parameter_unknown', param: 'address[planet]' });
    const deep = await call('/v1/customers', { method: 'POST', body: 'invoice_settings[custom_fields][0][name]=a&invoice_settings[custom_fields][0][value]=b&invoice_settings[custom_fields][0][x]=c' });
    expect(deep.body.error).toMatchObject({ code: 'parameter_unknown', param: 'invoice_settings[custom_fields][0][x]' });
    const err = await h.stripe().customers.create({ nickname: 'y' } as Stripe.CustomerCreateParams).catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.param).toBe('nickname');
    // names of Object.prototype's members are parameters like any other: unknown at the top, kept as metadata keys
    const inherited = await call('/v1/customers', { method: 'POST', body: 'toString=x' });
    expect(inherited.body.error).toMatchObject({ code: 'parameter_unknown', param: 'toString' });
    const kept = await call('/v1/customers', { method: 'POST', body: 'metadata[toString]=a&metadata[hasOwnProperty]=b' });
    expect(kept.status).toBe(200);
    expect(kept.body.metadata).toEqual({ toString: 'a', hasOwnProperty: 'b' });
  });

  it('reports a missing required parameter', async () => {
    const key = h.newKey();
    const c = await call('/v1/customers', { method: 'POST', body: '', key });
    const r = await call(`/v1/customers/${c.body.id}/balance_transactions`, { method: 'POST', body: 'currency=usd', key });
    expect(r.status).toBe(400);
    expectEnvelope(r.body);
    expect(r.body.error).toMatchObject({ code: 'parameter_missing', param: 'amount' });
    const nested = await call(`/v1/customers/${c.body.id}`, { method: 'POST', body: 'invoice_settings[custom_fields][0][name]=a', key });
    expect(nested.body.error).toMatchObject({ code: 'parameter_missing', param: 'invoice_settings[custom_fields][0][value]' });
  });

  it('names the parameter of a wrong type', async () => {
    const key = h.newKey();
    const c = await call('/v1/customers', { method: 'POST', body: '', key });
    const cases: Array<[string, string, string, string]> = [
      ['GET', '/v1/customers?limit=abc', '', 'limit'],
      ['GET', '/v1/customers?limit=1.5', '', 'limit'],
      ['GET', '/v1/customers?limit[a]=1', '', 'limit'],
      ['POST', `/v1/customers/${c.body.id}/balance_transactions`, 'amount=1.5&currency=usd', 'amount'],
      ['POST', `/v1/customers/${c.body.id}/balance_transactions`, 'amount=ten&currency=usd', 'amount'],
      ['POST', '/v1/customers', 'balance=1e3', 'balance'],
      ['POST', '/v1/customers', 'tax_exempt=sometimes', 'tax_exempt'],
      ['POST', '/v1/customers', 'address=paris', 'address'],
      ['POST', '/v1/customers', 'name[first]=Ada', 'name'],
      ['GET', '/v1/customers?created[gte]=yesterday', '', 'created[gte]'],
      ['POST', '/v1/customers', 'preferred_locales=en', 'preferred_locales'],
      ['POST', '/v1/customers', 'preferred_locales[a]=en', 'preferred_locales'],
    ];
    for (const [method, path, body, param] of cases) {
      const r = await call(path, { method, key, ...(method === 'POST' ? { body } : {}) });
      expect(r.status, `${method} ${path} ${body}`).toBe(400);
      expectEnvelope(r.body);
      expect(r.body.error.param, `${method} ${path} ${body}`).toBe(param);
    }
    // a lone value or a hash where a list belongs: Stripe's own words
    const lone = await call('/v1/customers', { method: 'POST', key, body: 'preferred_locales=en' });
    expect(lone.body.error.message).toBe('Invalid array');
  });

  it('refuses limit outside 1–100', async () => {
    for (const limit of ['0', '101', '-1', '1000000']) {
      const r = await call(`/v1/customers?limit=${limit}`);
      expect(r.status).toBe(400);
      expect(r.body.error.param).toBe('limit');
    }
    for (const limit of ['1', '100']) expect((await call(`/v1/customers?limit=${limit}`)).status).toBe(200);
  });

  it('answers resource_missing with 404 and the param', async () => {
    const r = await call('/v1/customers?starting_after=cus_nope');
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'resource_missing', param: 'starting_after' });
  });
});

describe('expand', () => {
  it('expands dotted paths, data. in lists and includable fields', async () => {
    const s = h.stripe();
    const c = await s.customers.create({ name: 'exp' });
    const t = await s.customers.createBalanceTransaction(c.id, { amount: -700, currency: 'eur' });
    const one = await s.customers.retrieveBalanceTransaction(c.id, t.id, { expand: ['customer.invoice_credit_balance'] });
    const customer = one.customer as Stripe.Customer;
    expect(customer.id).toBe(c.id);
    expect(customer.invoice_credit_balance).toEqual({ eur: 700 });
    const list = await s.customers.listBalanceTransactions(c.id, { expand: ['data.customer'] });
    expect((list.data[0].customer as Stripe.Customer).object).toBe('customer');
    expect((list.data[0].customer as Stripe.Customer)).not.toHaveProperty('invoice_credit_balance');
    const customers = await s.customers.list({ expand: ['data.invoice_credit_balance'] });
    expect(customers.data[0].invoice_credit_balance).toEqual({ eur: 700 });
    // the stored object is untouched by expansion
    expect(await s.customers.retrieveBalanceTransaction(c.id, t.id)).toMatchObject({ customer: c.id });
  });

  it('accepts expand[]=x, expand[0]=x and expand=x', async () => {
    const key = h.newKey();
    const c = await call('/v1/customers', { method: 'POST', body: 'balance=-5', key });
    for (const q of ['expand[]=invoice_credit_balance', 'expand[0]=invoice_credit_balance', 'expand=invoice_credit_balance']) {
      const r = await call(`/v1/customers/${c.body.id}?${q}`, { key });
      expect(r.body.invoice_credit_balance).toEqual({ usd: 5 });
    }
  });

  it('allows four levels and refuses five', async () => {
    const key = h.newKey();
    const c = await call('/v1/customers', { method: 'POST', body: '', key });
    const t = await call(`/v1/customers/${c.body.id}/balance_transactions`, { method: 'POST', body: 'amount=1&currency=usd', key });
    const url = `/v1/customers/${c.body.id}/balance_transactions/${t.body.id}`;
    // four levels (customer → invoice_credit_balance) is within the limit even when the field is not expandable further
    const four = await call(`${url}?expand[]=customer.a.b.c`, { key });
    expect(four.status).toBe(400);
    expect(four.body.error.message).toMatch(/cannot be expanded \(customer\.a\)/);
    const five = await call(`${url}?expand[]=customer.a.b.c.d`, { key });
    expect(five.status).toBe(400);
    expect(five.body.error.message).toBe('You cannot expand more than 4 levels of a property. Property: customer.a.b.c.d');
    const listFour = await call(`/v1/customers/${c.body.id}/balance_transactions?expand[]=data.customer.invoice_credit_balance`, { key });
    expect(listFour.status).toBe(200);
  });

  it('refuses unknown and non-expandable paths with a 400 naming expand', async () => {
    const key = h.newKey();
    const c = await call('/v1/customers', { method: 'POST', body: '', key });
    for (const path of ['nothing', 'name', 'metadata.x', 'data.nothing', '', 'a..b']) {
      const r = await call(`/v1/customers/${c.body.id}?expand[]=${path}`, { key });
      expect(r.status, path).toBe(400);
      expect(r.body.error.param).toBe('expand');
    }
    // an expandable field that is null expands to null
    const ok = await call(`/v1/customers/${c.body.id}?expand[]=test_clock&expand[]=default_source&expand[]=invoice_settings.default_payment_method`, { key });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ test_clock: null, default_source: null, invoice_settings: { default_payment_method: null } });
  });
});

describe('metadata', () => {
  it('holds up to 50 keys; k= deletes a key; metadata= clears', async () => {
    const s = h.stripe();
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, `v${i}`]));
    const c = await s.customers.create({ metadata: fifty });
    expect(Object.keys(c.metadata)).toHaveLength(50);
    const tooMany = await s.customers.update(c.id, { metadata: { extra: 'x' } }).catch((e) => e);
    expect(tooMany).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMany.param).toBe('metadata');
    const swapped = await s.customers.update(c.id, { metadata: { k0: '', extra: 'x' } });
    expect(Object.keys(swapped.metadata)).toHaveLength(50);
    expect(swapped.metadata).not.toHaveProperty('k0');
    expect(swapped.metadata.extra).toBe('x');
    const cleared = await s.customers.update(c.id, { metadata: '' as unknown as Stripe.MetadataParam });
    expect(cleared.metadata).toEqual({});
    const fiftyOne = await s.customers.create({ metadata: { ...fifty, k50: 'x' } }).catch((e) => e);
    expect(fiftyOne.statusCode).toBe(400);
    const longKey = await s.customers.create({ metadata: { ['k'.repeat(41)]: 'x' } }).catch((e) => e);
    expect(longKey.statusCode).toBe(400);
    const longValue = await s.customers.create({ metadata: { k: 'v'.repeat(501) } }).catch((e) => e);
    expect(longValue.statusCode).toBe(400);
    expect(longValue.param).toBe('metadata[k]');
  });
});

describe('ids', () => {
  it('are the prefix and 24 alphanumerics, unique', async () => {
    const s = h.stripe();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const c = await s.customers.create({});
      expect(c.id).toMatch(/^cus_[A-Za-z0-9]{24}$/);
      ids.add(c.id);
    }
    expect(ids.size).toBe(20);
    const t = await s.customers.createBalanceTransaction([...ids][0], { amount: 1, currency: 'usd' });
    expect(t.id).toMatch(/^cbtxn_[A-Za-z0-9]{24}$/);
  });
});

describe('a failed request changes nothing', () => {
  it('rolls back a create whose expand fails after the handler ran', async () => {
    const key = h.newKey();
    const r = await call('/v1/customers', { method: 'POST', body: 'name=ghost&balance=500&expand[]=nothing', key });
    expect(r.status).toBe(400);
    const account = h.emulator.store.account(key);
    expect(account.collection('customer').size).toBe(0);
    expect(account.collection('event').size).toBe(0);
    expect(account.collection('customer_balance_transaction').size).toBe(0);
    expect((await call('/v1/customers', { key })).body.data).toEqual([]);
  });

  it('rolls back an update whose nested validation fails', async () => {
    const key = h.newKey();
    const c = await call('/v1/customers', { method: 'POST', body: 'name=before&metadata[a]=1', key });
    const events = h.emulator.store.account(key).collection('event').size;
    const r = await call(`/v1/customers/${c.body.id}`, { method: 'POST', body: 'name=after&balance=100&expand[]=bogus', key });
    expect(r.status).toBe(400);
    const after = await call(`/v1/customers/${c.body.id}`, { key });
    expect(after.body).toEqual(c.body);
    expect(h.emulator.store.account(key).collection('event').size).toBe(events);
    expect(h.emulator.store.account(key).collection('customer_balance_transaction').size).toBe(0);
  });
});

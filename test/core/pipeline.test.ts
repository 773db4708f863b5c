/**
 * The request pipeline with test-only routes: a failure midway rolls back writes and events, a
 * committing error keeps them, a bug is a 500 that changes nothing, statuses map to stripe-node's
 * error classes, a request running while its key is reused gives 409, persistence failures are 500s.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { cardError, invalidRequest } from '../../src/errors.js';
import { emit } from '../../src/events/emit.js';
import { IdempotencyCache } from '../../src/http/idempotency.js';
import { str, required } from '../../src/http/params.js';
import { ApiRouter } from '../../src/http/router.js';
import { createEmulator, type Emulator } from '../../src/index.js';
import { newKey, stripeFor } from '../support/harness.js';

let emulator: Emulator;
let app: ReturnType<typeof createApp>;
let gate: Promise<void> | null = null;
let persistFails = false;
const errors: string[] = [];

beforeAll(async () => {
  emulator = await createEmulator({ quiet: true, logger: () => {} });
  const router = new ApiRouter();
  router.add({
    method: 'POST', path: '/v1/test_things', summary: 'test', returns: 'test_thing',
    params: { mode: required(str()) },
    handler: (ctx, p) => {
      const thing = ctx.account.collection('test_thing').put({ id: ctx.id('tt'), object: 'test_thing', mode: p.mode });
      emit(ctx, 'test_thing.created', thing);
      if (p.mode === 'invalid') throw invalidRequest('Refused after writing.', { param: 'mode' });
      if (p.mode === 'card') throw cardError('Your card was declined.', { code: 'card_declined', decline_code: 'generic_decline' });
      if (p.mode === 'bug') throw new TypeError('undefined is not a function');
      return thing;
    },
  });
  app = createApp({
    services: emulator.services,
    idempotency: new IdempotencyCache(() => emulator.clock.now()),
    router,
    persist: async () => {
      if (gate) await gate;
      if (persistFails) throw new Error('disk full');
    },
    log: () => {},
    logError: (line) => errors.push(line),
    requestId: () => emulator.services.ids('req'),
    extensions: [],
  });
});
afterAll(() => emulator.close());

const fetchApp = (input: string | URL | Request, init?: RequestInit) =>
  Promise.resolve(app.request(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, init));

function post(key: string, body: string, idem?: string) {
  return app.request('http://127.0.0.1/v1/test_things', {
    method: 'POST', body,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded', ...(idem ? { 'idempotency-key': idem } : {}) },
  });
}

const count = (key: string, collection: string) => emulator.store.account(key).collection(collection).size;

describe('unit of work', () => {
  it('commits writes and events of a successful request', async () => {
    const key = newKey();
    expect((await post(key, 'mode=ok')).status).toBe(200);
    expect(count(key, 'test_thing')).toBe(1);
    expect(count(key, 'event')).toBe(1);
  });

  it('rolls back writes and events when the handler fails with a StripeError', async () => {
    const key = newKey();
    const res = await post(key, 'mode=invalid');
    expect(res.status).toBe(400);
    expect(count(key, 'test_thing')).toBe(0);
    expect(count(key, 'event')).toBe(0);
  });

  it('keeps writes and events of a committing error (a declined card records its attempt)', async () => {
    const key = newKey();
    const res = await post(key, 'mode=card');
    expect(res.status).toBe(402);
    expect(count(key, 'test_thing')).toBe(1);
    expect(count(key, 'event')).toBe(1);
  });

  it('answers a bug with a 500 api_error that changed nothing, and logs it', async () => {
    const key = newKey();
    const res = await post(key, 'mode=bug');
    expect(res.status).toBe(500);
    expect(res.headers.get('stripe-should-retry')).toBe('false');
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('api_error');
    expect(body.error.message).toMatch(/changed nothing/);
    expect(count(key, 'test_thing')).toBe(0);
    expect(count(key, 'event')).toBe(0);
    expect(errors.some((l) => l.includes('undefined is not a function'))).toBe(true);
    // a fault is logged with the stack trace that locates it
    expect(errors.some((l) => l.includes('undefined is not a function') && /\n\s+at /.test(l))).toBe(true);
  });

  it('builds a StripeError (an answer, not a fault) without a stack trace and leaves the stack limit as it was', () => {
    const limit = Error.stackTraceLimit;
    const error = invalidRequest('Refused.', { param: 'mode' });
    expect(error.stack ?? '').not.toMatch(/\n\s+at /);
    expect(error.message).toBe('Refused.');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('a fault').stack).toMatch(/\n\s+at /);
  });
});

describe("stripe-node's error classes", () => {
  it('maps 400, 401, 402, 404, 409 and 500', async () => {
    const key = newKey();
    const s = stripeFor(key, fetchApp);
    const raw = (body: Record<string, string>, opts: Record<string, unknown> = {}) =>
      s.rawRequest('POST', '/v1/test_things', body, opts).catch((e) => e);
    expect(await raw({ mode: 'invalid' })).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const card = await raw({ mode: 'card' });
    expect(card).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(card).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    const api = await raw({ mode: 'bug' });
    expect(api).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(api.statusCode).toBe(500);
    const missing = await s.rawRequest('GET', '/v1/test_things/tt_1').catch((e) => e);
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing.statusCode).toBe(404);
    const auth = await stripeFor('sk_live_x', fetchApp).rawRequest('POST', '/v1/test_things', { mode: 'ok' }).catch((e) => e);
    expect(auth).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);

    // 409: the key is reused while its first request is still running (waiting on persistence)
    let open!: () => void;
    gate = new Promise<void>((resolve) => (open = resolve));
    const first = raw({ mode: 'ok' }, { idempotencyKey: 'busy' });
    await new Promise((r) => setTimeout(r, 20));
    const conflict = await raw({ mode: 'ok' }, { idempotencyKey: 'busy' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.code).toBe('idempotency_key_in_use');
    expect(conflict).toBeInstanceOf(Stripe.errors.StripeError);
    gate = null;
    open();
    const done = await first;
    expect(done.lastResponse.statusCode).toBe(200);
    const replay = await raw({ mode: 'ok' }, { idempotencyKey: 'busy' });
    expect(replay.id).toBe(done.id);
    expect(count(key, 'test_thing')).toBe(2); // the declined card's attempt + busy (the conflict did not run)
  });
});

describe('persistence failures', () => {
  it('answer 500 and keep the idempotent response for a retry', async () => {
    const key = newKey();
    persistFails = true;
    try {
      const res = await post(key, 'mode=ok', 'p1');
      expect(res.status).toBe(500);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/could not write its data file/);
    } finally {
      persistFails = false;
    }
    const retry = await post(key, 'mode=ok', 'p1');
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(count(key, 'test_thing')).toBe(1);
  });
});

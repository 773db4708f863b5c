/**
 * Control-plane routes for webhooks: the delivery log, replaying an event,
 * revealing an endpoint's signing secret. With an API key they act on that
 * account; without one, the log covers every account and events are found in
 * whichever account holds them.
 */
import type { Context } from 'hono';
import type { Emulator } from '../emulator.js';
import { invalidRequest, resourceMissing } from '../errors.js';
import { listDeliveries, WEBHOOK_SECRETS, type DeliveryState, type WebhookSecret } from '../events/deliveries.js';
import { EVENT_COLLECTION } from '../events/emit.js';
import { controlAccount } from './routes.js';
import type { ControlRouter } from './router.js';

const STATES: readonly DeliveryState[] = ['pending', 'succeeded', 'failed', 'canceled'];

/** A parameter from the query string, a JSON body or a form body. */
async function param(c: Context, name: string): Promise<string | undefined> {
  const fromQuery = c.req.query(name);
  if (fromQuery !== undefined) return fromQuery;
  if (c.req.method !== 'POST') return undefined;
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  if ((c.req.header('content-type') ?? '').includes('application/json')) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw invalidRequest('Invalid JSON body.');
    }
    const value = (body as Record<string, unknown> | null)?.[name];
    return typeof value === 'string' ? value : undefined;
  }
  return new URLSearchParams(text).get(name) ?? undefined;
}

function accountOfEvent(emulator: Emulator, eventId: string): string {
  for (const key of emulator.store.accountKeys()) {
    const acct = emulator.store.account(key);
    if (acct.has(EVENT_COLLECTION) && acct.collection(EVENT_COLLECTION).get(eventId)) return key;
  }
  throw resourceMissing('event', eventId, 'id');
}

export function webhookControlRoutes(r: ControlRouter, emulator: Emulator): void {
  r.add({
    method: 'GET', path: '/_emulator/deliveries',
    summary: 'Webhook deliveries with every attempt, newest first (filters: event, endpoint, state, limit ≤ 1000)',
    handler: (c) => {
      const account = controlAccount(c.req.header('authorization'));
      const state = c.req.query('state');
      if (state !== undefined && !STATES.includes(state as DeliveryState)) {
        throw invalidRequest(`Invalid state: must be one of ${STATES.join(', ')}.`, { param: 'state' });
      }
      const limitText = c.req.query('limit') ?? '100';
      const limit = Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalidRequest('Invalid limit: must be an integer from 1 to 1000.', { param: 'limit' });
      const page = listDeliveries(emulator.store, account, {
        event: c.req.query('event'), endpoint: c.req.query('endpoint'), state: state as DeliveryState | undefined, limit,
      });
      return c.json({ object: 'list', url: '/_emulator/deliveries', has_more: page.hasMore, data: page.data });
    },
  });
  r.add({
    method: 'POST', path: '/_emulator/events/{id}/resend',
    summary: 'Deliver an event again: to every enabled endpoint it matches, or to `webhook_endpoint` (one attempt each)',
    handler: async (c) => {
      const eventId = c.req.param('id') ?? '';
      const account = controlAccount(c.req.header('authorization')) ?? accountOfEvent(emulator, eventId);
      const endpoint = await param(c, 'webhook_endpoint');
      const data = emulator.webhooks.resend(account, eventId, endpoint === '' ? undefined : endpoint);
      return c.json({ object: 'list', url: `/_emulator/events/${eventId}/resend`, has_more: false, data });
    },
  });
  r.add({
    method: 'GET', path: '/_emulator/webhook_endpoints/{id}/secret',
    summary: "An endpoint's signing secret (needs the account's API key)",
    handler: (c) => {
      const account = controlAccount(c.req.header('authorization'));
      const id = c.req.param('id') ?? '';
      if (account === undefined) throw invalidRequest('Pass the API key of the account that owns the endpoint (Authorization: Bearer sk_test_…).');
      const acct = emulator.store.account(account);
      const secret = acct.has(WEBHOOK_SECRETS) ? acct.collection<WebhookSecret>(WEBHOOK_SECRETS).get(id)?.secret : undefined;
      if (secret === undefined) throw resourceMissing('webhook endpoint', id, 'id');
      return c.json({ id, object: 'webhook_endpoint_secret', secret });
    },
  });
}

/**
 * Payment requests under the control plane (an emulator extension, never
 * under /v1): create, list, retrieve, resend, cancel. Authenticated with the
 * account's API key like the API; bodies may be form-encoded or JSON; errors
 * use Stripe's envelope.
 */
import type { Context } from 'hono';
import type { ApiContext } from '../../context.js';
import { inAccount } from '../../control/request.js';
import type { ControlRouter } from '../../control/router.js';
import type { Emulator } from '../../emulator.js';
import { parameterInvalid, parameterMissing, parameterUnknown } from '../../errors.js';
import { decodeForm } from '../../http/form.js';
import { cancelRequest, createRequest, getRequest, listRequests, renderRequest, resendRequest } from './service.js';
import { param } from '../http.js';

const BASE = '/_emulator/invoices/{invoice}/payment_requests';

export function paymentRequestControlRoutes(r: ControlRouter, emulator: Emulator): void {
  const run = <T>(c: Context, fn: (ctx: ApiContext) => T): T =>
    inAccount(emulator, c, 'Payment requests belong to an account: send its API key (Authorization: Bearer sk_test_…).', fn);

  r.add({
    method: 'POST', path: BASE,
    summary: 'Request a payment on an open, sent invoice: amount (smallest currency unit), optional note; returns the request with its secure link',
    handler: async (c) => {
      const body = await readBody(c, ['amount', 'note']);
      const amount = toAmount(body.amount);
      const note = body.note === undefined || body.note === null ? null : String(body.note);
      return c.json(renderRequest(run(c, (ctx) => createRequest(ctx, param(c, 'invoice'), { amount, note }))));
    },
  });
  r.add({
    method: 'GET', path: BASE,
    summary: "List an invoice's payment requests, newest first",
    handler: (c) => {
      const invoice = param(c, 'invoice');
      const data = run(c, (ctx) => listRequests(ctx, invoice)).map(renderRequest);
      return c.json({ object: 'list', data, has_more: false, url: `/_emulator/invoices/${invoice}/payment_requests` });
    },
  });
  r.add({
    method: 'GET', path: `${BASE}/{payment_request}`,
    summary: 'Retrieve a payment request',
    handler: (c) => c.json(renderRequest(run(c, (ctx) => getRequest(ctx, param(c, 'invoice'), param(c, 'payment_request'))))),
  });
  r.add({
    method: 'POST', path: `${BASE}/{payment_request}/resend`,
    summary: 'Send an active payment request again (the link stays the same)',
    handler: (c) => c.json(renderRequest(run(c, (ctx) => resendRequest(ctx, param(c, 'invoice'), param(c, 'payment_request'))))),
  });
  r.add({
    method: 'POST', path: `${BASE}/{payment_request}/cancel`,
    summary: 'Cancel an active payment request: its link stops working at once',
    handler: (c) => c.json(renderRequest(run(c, (ctx) => cancelRequest(ctx, param(c, 'invoice'), param(c, 'payment_request'))))),
  });
}

async function readBody(c: Context, allowed: string[]): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  let body: Record<string, unknown> = {};
  if (text.trim() !== '') {
    if ((c.req.header('content-type') ?? '').includes('application/json')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
        else throw new Error('not an object');
      } catch {
        throw parameterInvalid('body', 'The request body must be a JSON object or form-encoded parameters.');
      }
    } else {
      body = decodeForm(text) as Record<string, unknown>;
    }
  }
  for (const key of Object.keys(body)) if (!allowed.includes(key)) throw parameterUnknown(key);
  return body;
}

function toAmount(value: unknown): number {
  if (value === undefined || value === null || value === '') throw parameterMissing('amount');
  const n = typeof value === 'number' ? value : /^-?\d+$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw parameterInvalid('amount', `Invalid integer: ${String(value)}`);
  return n;
}

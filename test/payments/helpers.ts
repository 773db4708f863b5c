/** Shared helpers for the payments tests. */
import type Stripe from 'stripe';
import type { Harness } from '../support/harness.js';

/** Event types of the account, oldest first (through GET /v1/events). */
export async function eventTypes(stripe: Stripe): Promise<string[]> {
  const types: string[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) types.push(event.type);
  return types.reverse();
}

/** Events of one type, newest first. */
export async function eventsOf(stripe: Stripe, type: string): Promise<Stripe.Event[]> {
  const out: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ type, limit: 100 })) out.push(event);
  return out;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error('expected the request to fail');
}

/** A control-plane POST with the account's key. */
export async function control(h: Harness, key: string, path: string, body: Record<string, string> = {}): Promise<Response> {
  return h.request(path, {
    method: 'POST',
    key,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });
}

/**
 * Params the pinned SDK types no longer allow (`payment_method_types` on intents,
 * removed in endive) but older API versions accept.
 */
export function legacy<T = never>(params: Record<string, unknown>): T {
  return params as T;
}

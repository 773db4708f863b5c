/**
 * API responses with Stripe's headers. They are built as a Response with a
 * plain header object (no Headers instance, no later header copies): the Node
 * server writes such a response straight to the socket, which is the cheapest
 * path. The app's fetch wrapper adds Request-Id/Stripe-Version only to
 * responses not built here (control plane, pages).
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * A request header (lower-case name). Under the Node server it is read from the
 * IncomingMessage's header object, which avoids building a web Headers object
 * for every request; elsewhere from the Request.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = incomingOf(c);
  if (incoming?.headers) {
    const value = incoming.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }
  return c.req.header(name);
}

/** The Node server's request, when the app runs under it (not under `app.request`). */
export function incomingOf(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/** What the app's fetch wrapper (app.ts) hands every request through the Hono env, besides the Node server's own. */
export interface RequestFacts {
  requestId: string;
  /** Set by apiResponse: the response already carries Request-Id and Stripe-Version. */
  stripeHeaders: boolean;
  /** Set by the API dispatcher when it takes the request: every response it gives comes from apiResponse. */
  api: boolean;
  /** The API version of the request, once the dispatcher read it (for errors rendered by the app's error handler). */
  apiVersion: string | undefined;
  /** The Node server's request and response (absent under `app.request`). */
  incoming?: IncomingMessage;
  outgoing?: unknown;
}

/** The request's id (`req_…`), given by the app's fetch wrapper. */
export function requestIdOf(c: Context): string {
  return (c.env as RequestFacts).requestId;
}

/** An API response: JSON with Request-Id and Stripe-Version (and `Stripe-Should-Retry: false` on a 5xx: retrying will not help). */
export function apiResponse(c: Context, body: string, status: number, version: string, extra?: Record<string, string>): Response {
  const facts = c.env as RequestFacts;
  facts.stripeHeaders = true;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Request-Id': facts.requestId, 'Stripe-Version': version };
  if (extra) Object.assign(headers, extra);
  if (status >= 500) headers['Stripe-Should-Retry'] = 'false';
  return new Response(body, { status, headers });
}

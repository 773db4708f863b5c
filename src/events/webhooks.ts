/**
 * Signed webhook delivery (the WebhookDispatcher the emulator uses).
 *
 *  - `enqueue` (called once a unit of work committed) writes one pending
 *    delivery per matching enabled endpoint of the event's account and returns;
 *    the HTTP work starts on a later turn, so an API response never waits.
 *  - Each endpoint has its own lane: one request in flight at a time, the
 *    oldest ready delivery first (events go out in creation order as far as
 *    retries allow); a slow or dead endpoint holds up only its own lane.
 *  - Anything but a 2xx (a timeout, a refused connection) is retried on the
 *    schedule with the same event; a 2xx acknowledges it (`pending_webhooks`).
 *  - Pending deliveries live in the store, so `--data` resumes them at start.
 *  - Timers are unref'd and cleared on close; `drain()` lets tests wait.
 */
import { Agent, type Dispatcher } from 'undici';
import type { EventRecord } from '../context.js';
import { invalidRequest, resourceMissing } from '../errors.js';
import type { Store } from '../store/store.js';
import type { ApiVersion } from '../versions/known.js';
import {
  acknowledge, deliveriesOf, DELIVERIES, WEBHOOK_ENDPOINTS, WEBHOOK_SECRETS,
  type Delivery, type DeliveryAttempt, type WebhookEndpoint, type WebhookSecret,
} from './deliveries.js';
import type { WebhookDispatcher } from './dispatcher.js';
import { EVENT_COLLECTION } from './emit.js';
import { enabledFor } from './event-types.js';
import { postJson } from './http-post.js';
import { renderEvent } from './render.js';
import { DEFAULT_RETRY_SCHEDULE_MS, DEFAULT_TIMEOUT_MS, formatDuration } from './retry-schedule.js';
import { signatureHeader } from './signature.js';

export const WEBHOOK_USER_AGENT = 'Stripe/1.0 (+https://stripe.com/docs/webhooks; stripe-invoicing-emulator)';

export interface WebhookOptions {
  /** Waits before each retry, in milliseconds (attempts = length + 1). Default: DEFAULT_RETRY_SCHEDULE_MS. */
  retrySchedule?: readonly number[];
  /** Per-attempt timeout in milliseconds (default 10 000). */
  timeout?: number;
  /** undici Dispatcher for outbound requests (default: an Agent owned and closed by this dispatcher). */
  dispatcher?: Dispatcher;
  /** One line per attempt (default: none). */
  log?: (line: string) => void;
}

/** What the dispatcher needs from the emulator. */
export interface WebhookHost {
  store: Store;
  services: { clock: { now(): number }; ids: (prefix: string) => string; defaultVersion: ApiVersion };
}

interface Lane {
  key: string;
  account: string;
  ready: Array<{ id: string; order: number }>;
  running: boolean;
}

export class WebhookDeliveries implements WebhookDispatcher {
  readonly retrySchedule: readonly number[];
  readonly timeout: number;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly log: (line: string) => void;
  private readonly lanes = new Map<string, Lane>();
  private readonly waiting = new Map<string, { timer: NodeJS.Timeout; account: string }>();
  private readonly inFlight = new Map<string, { controller: AbortController; account: string }>();
  private readonly epochs = new Map<string, number>();
  private readonly waiters: Array<{ includeRetries: boolean; resolve: () => void }> = [];
  private globalEpoch = 0;
  private order = 0;
  private closed = false;

  constructor(private readonly host: WebhookHost, opts: WebhookOptions = {}) {
    this.retrySchedule = opts.retrySchedule ?? DEFAULT_RETRY_SCHEDULE_MS;
    this.timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
    this.ownsDispatcher = opts.dispatcher === undefined;
    this.dispatcher = opts.dispatcher ?? new Agent({ keepAliveTimeout: 4_000, connections: 16 });
    this.log = opts.log ?? (() => {});
    this.resume();
  }

  matchingEndpoints(accountKey: string, type: string): number {
    return this.endpointsFor(accountKey, type).length;
  }

  enqueue(accountKey: string, events: EventRecord[]): void {
    for (const event of events) {
      for (const endpoint of this.endpointsFor(accountKey, event.type)) {
        const d = this.createDelivery(accountKey, event, endpoint.id, 'automatic');
        this.makeReady(accountKey, d, ++this.order);
      }
    }
  }

  /** Sends an event again, to one endpoint or to every enabled endpoint it matches (one attempt each). */
  resend(accountKey: string, eventId: string, endpointId?: string): Delivery[] {
    const acct = this.host.store.account(accountKey);
    const event = acct.collection<EventRecord>(EVENT_COLLECTION).get(eventId);
    if (!event) throw resourceMissing('event', eventId, 'id');
    let endpoints: WebhookEndpoint[];
    if (endpointId !== undefined) {
      const endpoint = acct.collection<WebhookEndpoint>(WEBHOOK_ENDPOINTS).get(endpointId);
      if (!endpoint) throw resourceMissing('webhook endpoint', endpointId, 'webhook_endpoint');
      if (endpoint.status !== 'enabled') throw invalidRequest(`The webhook endpoint ${endpointId} is disabled.`, { param: 'webhook_endpoint' });
      endpoints = [endpoint];
    } else {
      endpoints = this.endpointsFor(accountKey, event.type);
    }
    return endpoints.map((endpoint) => {
      const d = this.createDelivery(accountKey, event, endpoint.id, 'resend');
      this.makeReady(accountKey, d, ++this.order);
      return d;
    });
  }

  drain(opts: { includeRetries?: boolean } = {}): Promise<void> {
    const includeRetries = opts.includeRetries ?? false;
    if (this.closed || this.idle(includeRetries)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ includeRetries, resolve }));
  }

  /** Forgets in-memory work of one account (or all), then re-reads pending deliveries from the store. */
  reset(accountKey?: string): void {
    const hit = (account: string) => accountKey === undefined || account === accountKey;
    if (accountKey === undefined) this.globalEpoch++;
    else this.epochs.set(accountKey, (this.epochs.get(accountKey) ?? 0) + 1);
    for (const [id, w] of this.waiting) {
      if (!hit(w.account)) continue;
      clearTimeout(w.timer);
      this.waiting.delete(id);
    }
    for (const [id, f] of this.inFlight) {
      if (!hit(f.account)) continue;
      f.controller.abort();
      this.inFlight.delete(id);
    }
    for (const lane of this.lanes.values()) if (hit(lane.account)) lane.ready.length = 0;
    this.resume(accountKey);
    this.settle();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    this.waiting.clear();
    for (const f of this.inFlight.values()) f.controller.abort();
    for (const lane of this.lanes.values()) lane.ready.length = 0;
    for (const w of this.waiters.splice(0)) w.resolve();
    if (this.ownsDispatcher) await this.dispatcher.destroy().catch(() => {});
  }

  private endpointsFor(accountKey: string, type: string): WebhookEndpoint[] {
    const acct = this.host.store.account(accountKey);
    if (!acct.has(WEBHOOK_ENDPOINTS)) return [];
    const out: WebhookEndpoint[] = [];
    for (const e of acct.collection<WebhookEndpoint>(WEBHOOK_ENDPOINTS).values()) {
      if (e.status === 'enabled' && e.deleted !== true && enabledFor(e.enabled_events, type)) out.push(e);
    }
    return out;
  }

  private createDelivery(accountKey: string, event: EventRecord, endpoint: string, kind: Delivery['kind']): Delivery {
    const { ids, clock } = this.host.services;
    return deliveriesOf(this.host.store.account(accountKey)).put({
      id: ids('whdel'), object: 'webhook_delivery', event: event.id, event_type: event.type, endpoint, kind, state: 'pending',
      created: clock.now(), attempts: [], next_attempt_at_ms: null, pending_counted: kind === 'automatic',
    });
  }

  /** Schedules the pending deliveries held in the store (at start, after a reset). */
  private resume(accountKey?: string): void {
    const now = Date.now();
    for (const key of accountKey !== undefined ? [accountKey] : this.host.store.accountKeys()) {
      const acct = this.host.store.account(key);
      if (!acct.has(DELIVERIES)) continue;
      for (const d of deliveriesOf(acct).values()) {
        if (d.state !== 'pending') continue;
        const order = ++this.order;
        if (d.next_attempt_at_ms !== null && d.next_attempt_at_ms > now) this.later(key, d, order, d.next_attempt_at_ms - now);
        else this.makeReady(key, d, order);
      }
    }
  }

  private makeReady(account: string, d: Delivery, order: number): void {
    if (this.closed) return;
    const key = `${account}\u0000${d.endpoint}`;
    let lane = this.lanes.get(key);
    if (!lane) this.lanes.set(key, (lane = { key, account, ready: [], running: false }));
    lane.ready.push({ id: d.id, order });
    if (lane.running) return;
    lane.running = true;
    setImmediate(() => void this.run(lane));
  }

  private later(account: string, d: Delivery, order: number, waitMs: number): void {
    const timer = setTimeout(() => {
      this.waiting.delete(d.id);
      const current = deliveriesOf(this.host.store.account(account)).get(d.id);
      if (current && current.state === 'pending') this.makeReady(account, current, order);
      this.settle();
    }, waitMs);
    timer.unref();
    this.waiting.set(d.id, { timer, account });
  }

  private async run(lane: Lane): Promise<void> {
    try {
      while (!this.closed && lane.ready.length > 0) {
        let at = 0;
        for (let i = 1; i < lane.ready.length; i++) if (lane.ready[i].order < lane.ready[at].order) at = i;
        const [next] = lane.ready.splice(at, 1);
        await this.attempt(lane.account, next.id, next.order);
      }
    } catch (error) {
      this.log(`error: webhook delivery failed unexpectedly: ${(error as Error)?.stack ?? String(error)}`);
    } finally {
      lane.running = false;
      if (!this.closed && lane.ready.length > 0) {
        lane.running = true;
        setImmediate(() => void this.run(lane));
      } else if (this.lanes.get(lane.key) === lane) {
        this.lanes.delete(lane.key); // idle: a retry or a new event makes a new lane
      }
      this.settle();
    }
  }

  private async attempt(account: string, id: string, order: number): Promise<void> {
    const epoch = this.epoch(account);
    const acct = this.host.store.account(account);
    const d = deliveriesOf(acct).get(id);
    if (!d || d.state !== 'pending') return;
    const endpoint = acct.collection<WebhookEndpoint>(WEBHOOK_ENDPOINTS).get(d.endpoint);
    const event = acct.collection<EventRecord>(EVENT_COLLECTION).get(d.event);
    const secret = acct.collection<WebhookSecret>(WEBHOOK_SECRETS).get(d.endpoint)?.secret;
    const stop = !endpoint || endpoint.deleted === true ? 'the endpoint was deleted' : endpoint.status !== 'enabled' ? 'the endpoint is disabled' : !event ? 'the event no longer exists' : !secret ? 'the endpoint has no secret' : null;
    if (stop !== null) {
      this.host.store.transaction(() => deliveriesOf(acct).put({ ...d, state: 'canceled', next_attempt_at_ms: null, canceled_reason: stop }));
      return;
    }
    const version = (endpoint!.api_version ?? this.host.services.defaultVersion) as string;
    const body = JSON.stringify(renderEvent(event!, version, { account: acct }));
    const headers = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': WEBHOOK_USER_AGENT,
      'cache-control': 'no-cache',
      'stripe-signature': signatureHeader(body, secret!, Math.floor(Date.now() / 1000)),
    };
    const controller = new AbortController();
    this.inFlight.set(id, { controller, account });
    const url = endpoint!.url;
    const outcome = await postJson(url, body, headers, { dispatcher: this.dispatcher, timeoutMs: this.timeout, signal: controller.signal });
    this.inFlight.delete(id);
    if (this.closed || this.epoch(account) !== epoch) return; // shut down or reset meanwhile: leave it as it is
    this.record(account, id, order, url, outcome);
  }

  private record(account: string, id: string, order: number, url: string, outcome: Awaited<ReturnType<typeof postJson>>): void {
    const acct = this.host.store.account(account);
    const deliveries = deliveriesOf(acct);
    const d = deliveries.get(id);
    if (!d || d.state !== 'pending') return;
    const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    const n = d.attempts.length + 1;
    const attempt: DeliveryAttempt = {
      attempt: n, created: this.host.services.clock.now(), url, status: outcome.status, duration_ms: outcome.durationMs,
      error: ok ? null : outcome.error ?? `HTTP ${outcome.status}`, response_body: outcome.responseBody,
    };
    const max = d.kind === 'automatic' ? this.retrySchedule.length + 1 : 1;
    const wait = n < max ? this.retrySchedule[n - 1] : undefined;
    const next: Delivery = { ...d, attempts: [...d.attempts, attempt], next_attempt_at_ms: null };
    if (ok) next.state = 'succeeded';
    else if (wait === undefined) next.state = 'failed';
    else next.next_attempt_at_ms = Date.now() + wait;
    this.host.store.transaction(() => {
      const saved = deliveries.put(next);
      if (ok) acknowledge(acct, saved);
    });
    const what = `webhook ${d.event} ${d.event_type} → ${url}`;
    if (ok) this.log(`${what} ${outcome.status} ${outcome.durationMs}ms`);
    else this.log(`${what} failed: ${attempt.error} (attempt ${n}/${max}${wait !== undefined ? `, next in ${formatDuration(wait)}` : ', giving up'})`);
    if (!ok && wait !== undefined) this.later(account, next, order, wait);
  }

  /** Changes when the account (or everything) is reset: results of requests begun before are dropped. */
  private epoch(account: string): string {
    return `${this.globalEpoch}:${this.epochs.get(account) ?? 0}`;
  }

  private idle(includeRetries: boolean): boolean {
    for (const lane of this.lanes.values()) if (lane.running || lane.ready.length > 0) return false;
    return !includeRetries || this.waiting.size === 0;
  }

  private settle(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i];
      if (this.closed || this.idle(w.includeRetries)) {
        this.waiters.splice(i, 1);
        w.resolve();
      }
    }
  }
}

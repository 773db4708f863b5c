/**
 * The API router: each resource declares its routes (method, OpenAPI-style
 * path, summary, parameter shape, handler); `mountApi` mounts one Hono
 * handler for `/v1/*` that authenticates, reads the API version, finds the
 * route in a RouteTable and runs the one pipeline every endpoint shares:
 *   decode → version gate → read params → idempotency → unit of work
 *   (handler, expand, downgrade) → persist → respond.
 * The same route list generates the OpenAPI document.
 */
import type { Context, Hono } from 'hono';
import { createContext, runUnit, type ApiContext, type EmulatorServices } from '../context.js';
import { StripeError, invalidRequest, unrecognizedUrl } from '../errors.js';
import { expand } from '../render/expand.js';
import { toJson } from '../render/json.js';
import { downgrade } from '../versions/downgrade.js';
import { parseVersion, supports, type ApiVersion, type Gate } from '../versions/known.js';
import { accountKeyFrom } from './auth.js';
import { readFormText } from './body.js';
import { endOfTurn } from '../turn.js';
import { decodeForm, type FormObject } from './form.js';
import type { IdempotencyCache } from './idempotency.js';
import { apiResponse, requestHeader, requestIdOf, type RequestFacts } from './respond.js';
import { readShape, type Params, type Shape } from './params.js';
import { RouteTable } from './route-table.js';

export type Method = 'GET' | 'POST' | 'DELETE';

export interface RouteDef<S extends Shape = Shape> {
  method: Method;
  /** OpenAPI-style path: `/v1/customers/{customer}`. */
  path: string;
  summary: string;
  params?: S;
  /** The route exists from this version on; earlier versions get "Unrecognized request URL". */
  since?: Gate;
  /** The `object` of the response (for the OpenAPI document): `customer`, `list`, … */
  returns: string;
  handler: (ctx: ApiContext, params: Params<S>, path: Record<string, string>) => unknown;
}

/** A handler result that is already rendered for its audience (e.g. events in their own version). */
export class Rendered {
  constructor(readonly value: unknown) {}
}

export class ApiRouter {
  readonly routes: RouteDef[] = [];

  add<S extends Shape>(def: RouteDef<S>): this {
    this.routes.push(def as unknown as RouteDef);
    return this;
  }
}

export interface PipelineDeps {
  services: EmulatorServices;
  idempotency: IdempotencyCache;
  /**
   * Awaited before answering a request that wrote something: durability with --data (resolves at the end
   * of the event-loop turn, after its append); without, the end of the turn (endOfTurn).
   */
  persist: () => Promise<void>;
  log: (message: string) => void;
}

export { MAX_BODY_BYTES } from './body.js';

/** Mounts the API under `/v1/*`. */
export function mountApi(app: Hono, router: ApiRouter, deps: PipelineDeps): void {
  const table = new RouteTable(router.routes);
  app.all('/v1/*', (c) => {
    (c.env as RequestFacts).api = true;
    // every /v1 request is authenticated first: an unknown URL without a key is a 401, as at Stripe
    const accountKey = accountKeyFrom(requestHeader(c, 'authorization'));
    const version = parseVersion(requestHeader(c, 'stripe-version'), deps.services.defaultVersion);
    (c.env as RequestFacts).apiVersion = version; // for the app's error handler, which renders errors thrown from here on
    const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
    const path = c.req.path;
    const found = table.match(method, path);
    if (!found) throw unrecognizedUrl(c.req.method, path);
    return handle(c, { accountKey, version, path, def: found.route, pathParams: found.params }, deps);
  });
}

/** The shape of a route that takes no parameters (one object, so its entries are listed once). */
const NO_PARAMS: Shape = {};

/** Takes `expand` out of the params: `expand[]=a`, `expand[0]=a` and `expand=a` all work. */
function takeExpand(form: FormObject): string[] {
  const raw = form.expand;
  delete form.expand;
  if (raw === undefined || raw === '') return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v, i) => {
    if (typeof v !== 'string') throw invalidRequest(`Invalid expand[${i}]: must be a string.`, { param: 'expand' });
    return v;
  });
}

/** What the dispatcher established about an API request before its pipeline runs. */
interface Dispatched {
  accountKey: string;
  version: ApiVersion;
  path: string;
  def: RouteDef;
  pathParams: Record<string, string>;
}

async function handle(c: Context, { accountKey, version, path, def, pathParams }: Dispatched, deps: PipelineDeps): Promise<Response> {
  const requestId = requestIdOf(c);
  if (def.since && !supports(version, def.since)) throw unrecognizedUrl(c.req.method, path);
  const text = await readFormText(c);
  const form = decodeForm(text);
  const expandPaths = takeExpand(form);
  const params = readShape(form, def.params ?? NO_PARAMS);

  const idemKey = c.req.method === 'POST' ? requestHeader(c, 'idempotency-key') || null : null;
  if (idemKey !== null) {
    const replay = deps.idempotency.begin(accountKey, idemKey, { method: def.method, path, text });
    if (replay) {
      // the first response, as it was: rendered at its version, which the header names
      return apiResponse(c, replay.body ?? toJson(replay.value), replay.status, replay.version, {
        'Idempotency-Key': idemKey, 'Idempotent-Replayed': 'true', 'Original-Request': replay.requestId,
      });
    }
  }

  let saved = false;
  try {
    const ctx = createContext(deps.services, accountKey, { version, requestId, idempotencyKey: idemKey });
    const store = deps.services.store;
    const commitsBefore = store.commits;
    let status = 200;
    let value: unknown;
    try {
      value = runUnit(ctx, () => {
        const result = def.handler(ctx, params, pathParams);
        if (result instanceof Rendered) return result.value;
        return downgrade(expand(ctx, result, expandPaths), version, ctx);
      });
    } catch (error) {
      if (!(error instanceof StripeError)) {
        deps.log(`error: ${requestId} ${c.req.method} ${path}: ${(error as Error)?.stack ?? String(error)}`);
      }
      const stripeError = error instanceof StripeError ? error : new StripeError(500, 'api_error', 'An unexpected error occurred in the emulator. This is a bug; the request changed nothing.');
      status = stripeError.status;
      value = stripeError.toJSON();
    }
    const body = toJson(value);
    const response = { status, value, requestId, version };
    // with --data the response is journaled with the request's writes, so that a retry after a restart replays it
    if (idemKey !== null) deps.idempotency.keep(accountKey, idemKey, response, body);
    // a request that wrote something is answered once its writes are durable (with --data); every
    // response leaves at the end of the event-loop turn, with the others of that turn
    let persistError: unknown = null;
    if (store.commits !== commitsBefore) {
      try {
        await deps.persist();
      } catch (error) {
        persistError = error;
      }
    } else {
      await endOfTurn();
    }
    // the state in memory is what the first response described: a retry with the key replays it (until now it
    // got a 409: the first request was still running)
    if (idemKey !== null) {
      deps.idempotency.save(accountKey, idemKey, response);
      saved = true;
    }
    if (persistError !== null) {
      deps.log(`error: ${requestId} ${c.req.method} ${path}: persisting failed: ${(persistError as Error)?.message ?? String(persistError)}`);
      throw new StripeError(500, 'api_error', 'The emulator could not write its data file; the change is kept in memory and will be written with the next successful write.');
    }
    return apiResponse(c, body, status, version, idemKey !== null ? { 'Idempotency-Key': idemKey } : undefined);
  } finally {
    if (idemKey !== null && !saved) deps.idempotency.release(accountKey, idemKey);
  }
}

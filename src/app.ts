/**
 * The app: the API under /v1 (authentication, API version and routing happen
 * in its one dispatcher, see http/router.ts); the control plane under
 * /_emulator and the pages; one error handler rendering Stripe's envelope.
 * Around it all, `app.fetch` gives every request its id and log line (a
 * wrapper rather than a catch-all middleware, so an API request meets exactly
 * one handler and Hono skips its middleware chain).
 */
import { Hono, type Context, type ExecutionContext } from 'hono';
import type { EmulatorServices } from './context.js';
import { StripeError, unrecognizedUrl } from './errors.js';
import type { IdempotencyCache } from './http/idempotency.js';
import { apiResponse, type RequestFacts } from './http/respond.js';
import { ApiRouter, mountApi } from './http/router.js';

export interface AppDeps {
  services: EmulatorServices;
  idempotency: IdempotencyCache;
  router: ApiRouter;
  persist: () => Promise<void>;
  /** Request log lines (one per request); absent when quiet. */
  log?: (line: string) => void;
  /** Errors (always logged). */
  logError: (line: string) => void;
  requestId: () => string;
  /** Mounts non-API parts (control plane, dashboard) onto the app. */
  extensions: Array<(app: Hono) => void>;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  mountApi(app, deps.router, { services: deps.services, idempotency: deps.idempotency, persist: deps.persist, log: deps.logError });
  for (const extend of deps.extensions) extend(app);

  app.notFound((c) => {
    const path = c.req.path;
    if (path.startsWith('/v1/') || path === '/v1') return errorResponse(c, unrecognizedUrl(c.req.method, path));
    return c.json({ error: { type: 'invalid_request_error', message: `Not found: ${c.req.method} ${path}` } }, 404);
  });

  app.onError((err, c) => {
    if (err instanceof StripeError) return errorResponse(c, err);
    deps.logError(`error: ${c.req.method} ${c.req.path}: ${err.stack ?? String(err)}`);
    return errorResponse(c, new StripeError(500, 'api_error', 'An unexpected error occurred in the emulator. This is a bug; the request changed nothing.'));
  });

  const dispatch = app.fetch;
  const log = deps.log;
  app.fetch = (request: Request, env?: unknown, executionCtx?: ExecutionContext) => {
    const started = log ? performance.now() : 0;
    // built with its properties named, not spread from env: a spread object gets a hidden class of its own each time,
    // and every later read of it (c.env, on each header and body read) went megamorphic, which cost creates ~20%
    const node = env as { incoming?: RequestFacts['incoming']; outgoing?: unknown } | undefined;
    const facts: RequestFacts = {
      incoming: node?.incoming, outgoing: node?.outgoing, requestId: deps.requestId(), stripeHeaders: false, api: false, apiVersion: undefined,
    };
    const result = dispatch(request, facts, executionCtx);
    // the API dispatcher took the request (it runs at once): its response, error or not, is built by apiResponse with
    // the Stripe headers; with no log line to write, it leaves as it is
    if (facts.api && !log) return result;
    const finish = (response: Response): Response => {
      let res = response;
      if (!facts.stripeHeaders) {
        // responses not built by apiResponse (control plane, pages); a response with immutable headers is copied
        const stamp = (r: Response) => {
          r.headers.set('Request-Id', facts.requestId);
          r.headers.set('Stripe-Version', deps.services.defaultVersion);
        };
        try {
          stamp(res);
        } catch {
          stamp((res = new Response(res.body, res)));
        }
      }
      if (log) log(`${request.method} ${new URL(request.url).pathname} ${res.status} ${(performance.now() - started).toFixed(1)}ms ${facts.requestId}`);
      return res;
    };
    return result instanceof Promise ? result.then(finish) : finish(result);
  };

  function errorResponse(c: Context, err: StripeError): Response {
    return apiResponse(c, JSON.stringify(err.toJSON()), err.status, (c.env as RequestFacts).apiVersion ?? deps.services.defaultVersion);
  }

  return app;
}

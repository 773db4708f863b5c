/**
 * Control-plane routes are declared with a summary, like API routes, so the
 * OpenAPI document describes them too. Routes mounted some other way (web
 * pages, hosted invoice pages) are declared with `describe` so that every
 * route the app serves is in the document (a test checks it).
 */
import type { Context, Hono } from 'hono';

export type ControlMethod = 'GET' | 'POST' | 'DELETE';

export interface ControlRoute {
  method: ControlMethod;
  /** OpenAPI-style path. */
  path: string;
  summary: string;
  handler: (c: Context) => Response | Promise<Response>;
}

/** A route served by the app but mounted elsewhere: only its description. */
export interface RouteDescription {
  method: ControlMethod;
  /** OpenAPI-style path (`/dashboard/invoices/{id}`), as mounted (`/dashboard/invoices/:id`). */
  path: string;
  summary: string;
  /** OpenAPI tags (default `pages`). */
  tags?: string[];
  /** Response media type (default `text/html`). */
  produces?: string;
}

export class ControlRouter {
  readonly routes: ControlRoute[] = [];
  readonly described: RouteDescription[] = [];

  add(route: ControlRoute): this {
    this.routes.push(route);
    return this;
  }

  /** Documents a route mounted some other way. */
  describe(route: RouteDescription): this {
    this.described.push(route);
    return this;
  }

  mount(app: Hono): void {
    for (const r of this.routes) app.on(r.method, r.path.replace(/\{([A-Za-z_]+)\}/g, ':$1'), r.handler);
  }
}

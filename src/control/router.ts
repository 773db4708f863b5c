/**
 * Control-plane routes are declared with a summary, like API routes, so the
 * OpenAPI document describes them too.
 */
import type { Context, Hono } from 'hono';

export interface ControlRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** OpenAPI-style path. */
  path: string;
  summary: string;
  handler: (c: Context) => Response | Promise<Response>;
}

export class ControlRouter {
  readonly routes: ControlRoute[] = [];

  add(route: ControlRoute): this {
    this.routes.push(route);
    return this;
  }

  mount(app: Hono): void {
    for (const r of this.routes) app.on(r.method, r.path.replace(/\{([a-z_]+)\}/g, ':$1'), r.handler);
  }
}

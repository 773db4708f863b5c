/**
 * Mounts the web pages on the app and describes each one to the control
 * router, so that the OpenAPI document lists every route the app serves.
 * Paths are OpenAPI-style (`/dashboard/invoices/{id}`).
 */
import type { Context, Hono } from 'hono';
import type { ControlRouter } from '../control/router.js';

export type PageHandler = (c: Context) => Response | Promise<Response>;

export class PageRouter {
  constructor(
    private readonly app: Hono,
    private readonly control: ControlRouter,
    private readonly tag: string,
  ) {}

  get(path: string, summary: string, handler: PageHandler): this {
    return this.add('GET', path, summary, handler);
  }

  post(path: string, summary: string, handler: PageHandler): this {
    return this.add('POST', path, summary, handler);
  }

  private add(method: 'GET' | 'POST', path: string, summary: string, handler: PageHandler): this {
    this.control.describe({ method, path, summary, tags: [this.tag] });
    this.app.on(method, path.replace(/\{([A-Za-z_]+)\}/g, ':$1'), handler);
    return this;
  }
}

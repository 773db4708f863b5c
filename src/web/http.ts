/** Small request helpers shared by the web routes. */
import type { Context } from 'hono';

/** A path parameter of the matched route. */
export function param(c: Context, name: string): string {
  return c.req.param(name) ?? '';
}

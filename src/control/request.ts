/**
 * Reading control-plane requests (emulator extensions under /_emulator):
 *   controlParam(c, name)            one parameter, from the body (form-encoded, or JSON with
 *                                    `Content-Type: application/json`) when there, else the query string
 *   inAccount(emulator, c, msg, fn)  runs `fn` as a unit of work in the account of the request's API key
 *                                    (401 with `msg` without one); events are dispatched after commit
 */
import type { Context } from 'hono';
import { createContext, runUnit, type ApiContext } from '../context.js';
import type { Emulator } from '../emulator.js';
import { authenticationError, parameterInvalid } from '../errors.js';
import { decodeForm } from '../http/form.js';
import { requestIdOf } from '../http/respond.js';
import { controlAccount } from './routes.js';

/** The parameter `name` (undefined when absent); a body that can't be read is a 400 (`param: body`). */
export async function controlParam(c: Context, name: string): Promise<unknown> {
  const text = await c.req.text();
  let value: unknown = c.req.query(name);
  if (text.trim() !== '') {
    let body: Record<string, unknown>;
    try {
      body = (c.req.header('content-type') ?? '').includes('application/json') ? JSON.parse(text) : decodeForm(text);
    } catch {
      throw parameterInvalid('body', 'The request body must be a JSON object or form-encoded parameters.');
    }
    if (body && typeof body === 'object' && body[name] !== undefined) value = body[name];
  }
  return value;
}

export function inAccount<T>(emulator: Emulator, c: Context, missingKey: string, fn: (ctx: ApiContext) => T): T {
  const account = controlAccount(c.req.header('authorization'));
  if (!account) throw authenticationError(missingKey);
  const ctx = createContext(emulator.services, account, { requestId: requestIdOf(c) ?? null });
  return runUnit(ctx, () => fn(ctx));
}

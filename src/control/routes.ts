/**
 * The control plane under /_emulator: health, reset, the OpenAPI document.
 * Emulator extensions beyond Stripe's API live here, never under /v1.
 */
import { checkKey } from '../http/auth.js';
import type { Emulator } from '../emulator.js';
import { openapiDocument } from '../openapi.js';
import type { ControlRouter } from './router.js';

/** The account of a control-plane request: the API key when one is given. */
export function controlAccount(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (m) return checkKey(m[1]);
  const b = /^Basic\s+(.+)$/i.exec(header.trim());
  if (b) return checkKey(Buffer.from(b[1], 'base64').toString('utf8').split(':')[0]);
  return undefined;
}

export function coreControlRoutes(r: ControlRouter, emulator: Emulator): void {
  r.add({
    method: 'GET', path: '/_emulator/health', summary: 'Health check: status, default API version, number of accounts',
    handler: (c) => c.json({ status: 'ok', api_version: emulator.services.defaultVersion, accounts: emulator.store.accountKeys().length, time: emulator.clock.now() }),
  });
  r.add({
    method: 'POST', path: '/_emulator/reset', summary: "Reset the caller's account (with an API key) or every account (without)",
    handler: async (c) => {
      const account = controlAccount(c.req.header('authorization'));
      await emulator.reset(account);
      return c.json({ reset: account ? 'account' : 'all' });
    },
  });
  r.add({
    method: 'GET', path: '/_emulator/openapi.json', summary: 'The OpenAPI document of what the emulator serves',
    handler: (c) => c.json(openapiDocument(emulator.router, emulator.control)),
  });
}

/**
 * The control plane under /_emulator: health, reset, the OpenAPI document.
 * Emulator extensions beyond Stripe's API live here, never under /v1.
 */
import { accountKeyFrom } from '../http/auth.js';
import type { Emulator } from '../emulator.js';
import { openapiDocument } from '../openapi.js';
import type { ControlRouter } from './router.js';
import { snapshotRoutes } from './snapshot.js';

/**
 * The account of a control-plane request: the API key when an Authorization
 * header is given (Bearer or Basic, checked like /v1), undefined without one.
 * A header that is present but unreadable is a 401, never "every account".
 */
export function controlAccount(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  return accountKeyFrom(header);
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
  snapshotRoutes(r, emulator);
}

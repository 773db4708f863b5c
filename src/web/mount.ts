/**
 * The web UI as an app extension: the dashboard (/dashboard), the hosted
 * invoice page (/invoices/…), payment request links (/pay/…), and the payment
 * request control routes (/_emulator/invoices/{invoice}/payment_requests).
 * Calling `webExtension(emulator)` registers the control routes at once (so
 * they are mounted with the control plane and listed in the OpenAPI
 * document); the returned function mounts the pages.
 */
import type { Hono } from 'hono';
import type { Emulator } from '../emulator.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { hostedRoutes } from './hosted/routes.js';
import { PageRouter } from './page-router.js';
import { paymentRequestControlRoutes } from './payment-requests/control.js';

export function webExtension(emulator: Emulator): (app: Hono) => void {
  paymentRequestControlRoutes(emulator.control, emulator);
  return (app) => {
    // like the API, answer only once what a page or action changed is on disk (with --data)
    for (const path of ['/dashboard/*', '/invoices/*', '/pay/*', '/_emulator/invoices/*']) {
      app.use(path, async (_c, next) => {
        await next();
        await emulator.persist();
      });
    }
    dashboardRoutes(new PageRouter(app, emulator.control, 'dashboard'), emulator);
    hostedRoutes(new PageRouter(app, emulator.control, 'hosted pages'), emulator);
  };
}

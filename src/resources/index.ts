/** Every API resource's routes, in one list (the OpenAPI document is generated from it). */
import { ApiRouter } from '../http/router.js';
import { customerRoutes } from './customers/routes.js';
import { cashBalanceRoutes } from './cash-balance/routes.js';
import { chargeRoutes } from './charges/routes.js';
import { paymentIntentRoutes } from './payment-intents/routes.js';
import { paymentMethodRoutes } from './payment-methods/routes.js';
import { refundRoutes } from './refunds/routes.js';
import { setupIntentRoutes } from './setup-intents/routes.js';
import { eventRoutes } from './events/routes.js';
import { priceRoutes } from './prices/routes.js';
import { productRoutes } from './products/routes.js';
import { invoiceItemRoutes } from './invoice-items/routes.js';
import { invoiceRoutes } from './invoices/routes.js';
import { invoiceActionRoutes } from './invoices/routes-actions.js';
import { invoicePaymentRoutes } from './invoice-payments/routes.js';
import { creditNoteRoutes } from './credit-notes/routes.js';
import { partialPaymentRoutes } from './partial-payments/routes.js';
import { webhookEndpointRoutes } from './webhook-endpoints/routes.js';

export function apiRouter(): ApiRouter {
  const r = new ApiRouter();
  customerRoutes(r);
  paymentMethodRoutes(r);
  setupIntentRoutes(r);
  paymentIntentRoutes(r);
  chargeRoutes(r);
  refundRoutes(r);
  cashBalanceRoutes(r);
  productRoutes(r);
  priceRoutes(r);
  invoiceItemRoutes(r);
  invoiceRoutes(r);
  invoiceActionRoutes(r);
  invoicePaymentRoutes(r);
  partialPaymentRoutes(r);
  creditNoteRoutes(r);
  webhookEndpointRoutes(r);
  eventRoutes(r);
  return r;
}

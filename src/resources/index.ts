/** Every API resource's routes, in one list (the OpenAPI document is generated from it). */
import { ApiRouter } from '../http/router.js';
import { customerRoutes } from './customers/routes.js';
import { priceRoutes } from './prices/routes.js';
import { productRoutes } from './products/routes.js';

export function apiRouter(): ApiRouter {
  const r = new ApiRouter();
  customerRoutes(r);
  productRoutes(r);
  priceRoutes(r);
  return r;
}

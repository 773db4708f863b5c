/** Every API resource's routes, in one list (the OpenAPI document is generated from it). */
import { ApiRouter } from '../http/router.js';
import { customerRoutes } from './customers/routes.js';

export function apiRouter(): ApiRouter {
  const r = new ApiRouter();
  customerRoutes(r);
  return r;
}

/** Routes for webhook endpoints: create (returns the secret), retrieve, update, list, delete. */
import { arr, bool, emptyable, listShape, metadata, required, str } from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { parameterInvalid } from '../../errors.js';
import { registerResource } from '../../registry.js';
import { WEBHOOK_ENDPOINTS, type WebhookEndpoint } from '../../events/deliveries.js';
import { listObjects } from '../../store/list.js';
import { createEndpoint, deleteEndpoint, getEndpoint, updateEndpoint } from './service.js';

registerResource({ object: 'webhook_endpoint', prefix: 'we' });

const updateShape = {
  description: emptyable(str({ max: 5000 })),
  disabled: bool(),
  enabled_events: arr(str()),
  metadata: metadata(),
  url: str({ max: 5000 }),
};

const createShape = {
  url: required(str({ max: 5000 })),
  enabled_events: required(arr(str())),
  api_version: str(),
  connect: bool(),
  description: emptyable(str({ max: 5000 })),
  metadata: metadata(),
};

export function webhookEndpointRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/webhook_endpoints', summary: 'Create a webhook endpoint (the response carries its signing secret)',
    returns: 'webhook_endpoint', params: createShape,
    handler: (ctx, p) => {
      if (p.connect === true) throw parameterInvalid('connect', 'Connect webhook endpoints are not supported by the emulator: it has no connected accounts.');
      return createEndpoint(ctx, p);
    },
  });
  r.add({
    method: 'GET', path: '/v1/webhook_endpoints/{webhook_endpoint}', summary: 'Retrieve a webhook endpoint', returns: 'webhook_endpoint',
    handler: (ctx, _p, { webhook_endpoint }) => getEndpoint(ctx, webhook_endpoint),
  });
  r.add({
    method: 'POST', path: '/v1/webhook_endpoints/{webhook_endpoint}', summary: 'Update a webhook endpoint', returns: 'webhook_endpoint',
    params: updateShape,
    handler: (ctx, p, { webhook_endpoint }) => updateEndpoint(ctx, webhook_endpoint, p),
  });
  r.add({
    method: 'DELETE', path: '/v1/webhook_endpoints/{webhook_endpoint}', summary: 'Delete a webhook endpoint', returns: 'deleted_webhook_endpoint',
    handler: (ctx, _p, { webhook_endpoint }) => deleteEndpoint(ctx, webhook_endpoint),
  });
  r.add({
    method: 'GET', path: '/v1/webhook_endpoints', summary: 'List webhook endpoints', returns: 'list', params: listShape,
    handler: (ctx, p) =>
      listObjects<WebhookEndpoint>(ctx, p, { collection: WEBHOOK_ENDPOINTS, objectName: 'webhook endpoint', url: '/v1/webhook_endpoints' }),
  });
}

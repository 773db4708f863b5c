/**
 * Webhook endpoints: where an account's events are delivered. The signing
 * secret is returned by create only and kept in the private `_webhook_secret`
 * collection, never on the stored object.
 */
import type { ApiContext } from '../../context.js';
import { parameterInvalid, resourceMissing } from '../../errors.js';
import { WEBHOOK_ENDPOINTS, WEBHOOK_SECRETS, type WebhookEndpoint, type WebhookSecret } from '../../events/deliveries.js';
import { isEventType } from '../../events/event-types.js';
import { newWebhookSecret } from '../../events/signature.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import { isKnownVersion, KNOWN_VERSIONS, LATEST_VERSION } from '../../versions/known.js';

export interface EndpointFields {
  url?: string;
  enabled_events?: string[];
  description?: string | null;
  metadata?: Metadata | null;
  disabled?: boolean;
}

function endpoints(ctx: ApiContext) {
  return ctx.account.collection<WebhookEndpoint>(WEBHOOK_ENDPOINTS);
}

export function getEndpoint(ctx: ApiContext, id: string): WebhookEndpoint {
  const e = endpoints(ctx).get(id);
  if (!e) throw resourceMissing('webhook endpoint', id, 'id');
  return e;
}

/** An absolute http(s) URL (test mode accepts plain http and local hosts). */
export function checkUrl(url: string, param = 'url'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw parameterInvalid(param, `Invalid URL: ${url.slice(0, 200)}. The URL must be an absolute http or https URL, e.g. http://127.0.0.1:3000/webhooks.`, 'url_invalid');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw parameterInvalid(param, `Invalid URL: ${url.slice(0, 200)}. Only http and https URLs can receive webhooks.`, 'url_invalid');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw parameterInvalid(param, 'Invalid URL: credentials in webhook URLs are not supported.', 'url_invalid');
  }
  return url;
}

export function checkEvents(events: string[], param = 'enabled_events'): string[] {
  if (events.length === 0) throw parameterInvalid(param, 'Invalid enabled_events: must contain at least one event type (or `*` for all).');
  events.forEach((type, i) => {
    if (type !== '*' && !isEventType(type)) {
      throw parameterInvalid(
        `${param}[${i}]`,
        `Invalid ${param}[${i}]: '${type.slice(0, 100)}' is not a Stripe event type. Use a type such as 'invoice.paid', or '*' for all events.`,
      );
    }
  });
  return [...new Set(events)];
}

export function checkApiVersion(version: string): string {
  if (!isKnownVersion(version)) {
    throw parameterInvalid('api_version', `Invalid api_version: ${version.slice(0, 60)}. The emulator knows ${KNOWN_VERSIONS[0]} through ${LATEST_VERSION}.`);
  }
  return version;
}

export function createEndpoint(ctx: ApiContext, f: EndpointFields & { url: string; enabled_events: string[]; api_version?: string }): WebhookEndpoint & { secret: string } {
  const endpoint = endpoints(ctx).put({
    id: ctx.id('we'),
    object: 'webhook_endpoint',
    api_version: f.api_version !== undefined ? checkApiVersion(f.api_version) : null,
    application: null,
    created: ctx.now(),
    description: f.description ?? null,
    enabled_events: checkEvents(f.enabled_events),
    livemode: false,
    metadata: mergeMetadata({}, f.metadata),
    status: f.disabled ? 'disabled' : 'enabled',
    url: checkUrl(f.url),
  });
  const secret = newWebhookSecret();
  ctx.account.collection<WebhookSecret>(WEBHOOK_SECRETS).put({ id: endpoint.id, secret });
  return { ...endpoint, secret };
}

export function updateEndpoint(ctx: ApiContext, id: string, f: EndpointFields): WebhookEndpoint {
  const current = getEndpoint(ctx, id);
  const next: WebhookEndpoint = { ...current };
  if (f.url !== undefined) next.url = checkUrl(f.url);
  if (f.enabled_events !== undefined) next.enabled_events = checkEvents(f.enabled_events);
  if (f.description !== undefined) next.description = f.description;
  if (f.metadata !== undefined) next.metadata = mergeMetadata(current.metadata as Metadata, f.metadata);
  if (f.disabled !== undefined) next.status = f.disabled ? 'disabled' : 'enabled';
  return endpoints(ctx).put(next);
}

export function deleteEndpoint(ctx: ApiContext, id: string): { id: string; object: 'webhook_endpoint'; deleted: true } {
  getEndpoint(ctx, id);
  endpoints(ctx).remove(id);
  const secrets = ctx.account.collection<WebhookSecret>(WEBHOOK_SECRETS);
  if (secrets.get(id)) secrets.remove(id);
  return { id, object: 'webhook_endpoint', deleted: true };
}


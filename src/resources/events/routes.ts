/**
 * The Events API: GET /v1/events (filters type with `*` wildcards, types[],
 * created, delivery_success) and GET /v1/events/{id}. Every event is rendered
 * in the version it was created with, whatever the request's version.
 */
import type { EventRecord } from '../../context.js';
import { invalidRequest, resourceMissing } from '../../errors.js';
import { EVENT_COLLECTION } from '../../events/emit.js';
import { typeFilter } from '../../events/event-types.js';
import { renderEvent } from '../../events/render.js';
import type { DowngradeEnv } from '../../versions/downgrade.js';
import { arr, bool, listShape, range, str } from '../../http/params.js';
import { Rendered, type ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { listObjects } from '../../store/list.js';

registerResource({ object: 'event', prefix: 'evt' });

const render = (e: EventRecord, env?: DowngradeEnv) => renderEvent(e, (e.api_version as string | null) ?? '', env);

export function eventRoutes(r: ApiRouter): void {
  r.add({
    method: 'GET', path: '/v1/events/{id}', summary: 'Retrieve an event (rendered at its own api_version)', returns: 'event',
    handler: (ctx, _p, { id }) => {
      const event = ctx.account.collection<EventRecord>(EVENT_COLLECTION).get(id);
      if (!event) throw resourceMissing('event', id, 'id');
      return new Rendered(render(event, ctx));
    },
  });
  r.add({
    method: 'GET', path: '/v1/events', summary: 'List events, newest first', returns: 'list',
    params: { ...listShape, type: str(), types: arr(str(), { max: 20 }), created: range(), delivery_success: bool() },
    handler: (ctx, p) => {
      if (p.type !== undefined && p.types !== undefined) {
        throw invalidRequest('You may pass either `type` or `types`, but not both.', { param: 'types' });
      }
      const patterns = p.type !== undefined ? [typeFilter(p.type)] : p.types?.map((t) => (type: string) => type === t);
      const exact = p.type !== undefined && !p.type.includes('*') ? p.type : p.types?.length === 1 ? p.types[0] : undefined;
      const list = listObjects<EventRecord>(ctx, p, {
        collection: EVENT_COLLECTION, objectName: 'event', url: '/v1/events',
        where: exact !== undefined ? { field: 'type', value: exact } : undefined,
        created: p.created,
        filter: (e) =>
          (patterns === undefined || patterns.some((m) => m(e.type))) &&
          (p.delivery_success === undefined || (e.pending_webhooks === 0) === p.delivery_success),
      });
      return new Rendered({ ...list, data: list.data.map((e) => render(e, ctx)) });
    },
  });
}

/**
 * List pagination: `{object: 'list', data, has_more, url}`, newest first,
 * with `limit`, `starting_after` and `ending_before`, served by the
 * collection's ordered sequence and indexes.
 */
import type { ApiContext } from '../context.js';
import { invalidRequest, resourceMissing } from '../errors.js';
import type { RangeFilter } from './range.js';
import type { StoredObject } from './collection.js';

export interface ListParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
}

export interface ListEnvelope<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export interface ListQuery<T> {
  collection: string;
  /** Stripe object name used in "No such …" errors for cursors. */
  objectName: string;
  url: string;
  where?: { field: string; value: unknown };
  /**
   * The `created` filter (as `inRange`). Given here rather than inside `filter`, the collection serves it by binary
   * search while `created` follows creation order, so a page costs O(log n + page) instead of a walk over every object.
   */
  created?: RangeFilter;
  /** The field `created` filters on, when it is not `created` (invoice items filter on `date`). */
  createdField?: string;
  /** Any other filter, checked on each object the page walks over. */
  filter?: (obj: T) => boolean;
}

/** Stripe's answer to a page asked for from both sides at once. */
function checkOneCursor(params: ListParams): void {
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    throw invalidRequest('Received both starting_after and ending_before parameters. Please pass in only one.');
  }
}

export function listObjects<T extends StoredObject>(ctx: ApiContext, params: ListParams, q: ListQuery<T>): ListEnvelope<T> {
  checkOneCursor(params);
  const collection = ctx.account.collection<T>(q.collection);
  const cursor = (id: string | undefined, param: string): number | undefined => {
    if (id === undefined) return undefined;
    const seq = collection.seqOf(id);
    if (seq === undefined) throw resourceMissing(q.objectName, id, param);
    return seq;
  };
  const page = collection.page({
    limit: params.limit ?? 10,
    startingAfter: cursor(params.starting_after, 'starting_after'),
    endingBefore: cursor(params.ending_before, 'ending_before'),
    where: q.where,
    range: q.created ? { field: q.createdField ?? 'created', bounds: q.created } : undefined,
    filter: q.filter,
  });
  return { object: 'list', data: page.data, has_more: page.hasMore, url: q.url };
}

/** A list envelope over an in-memory array (embedded lists, computed lists), newest-first order as given. */
export function listOf<T extends { id: string }>(items: T[], params: ListParams, url: string, objectName = 'object'): ListEnvelope<T> {
  checkOneCursor(params);
  const limit = params.limit ?? 10;
  let start = 0;
  let end = items.length;
  if (params.starting_after !== undefined) {
    const i = items.findIndex((x) => x.id === params.starting_after);
    if (i === -1) throw resourceMissing(objectName, params.starting_after, 'starting_after');
    start = i + 1;
  }
  if (params.ending_before !== undefined) {
    const i = items.findIndex((x) => x.id === params.ending_before);
    if (i === -1) throw resourceMissing(objectName, params.ending_before, 'ending_before');
    end = i;
    start = Math.max(0, end - limit);
    return { object: 'list', data: items.slice(start, end), has_more: start > 0, url };
  }
  return { object: 'list', data: items.slice(start, start + limit), has_more: start + limit < end, url };
}

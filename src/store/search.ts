/**
 * The subset of Stripe's search query language that fits an emulator:
 *   field:'value'         exact (case-insensitive for strings)
 *   field~'value'         substring (at least 3 characters, as Stripe requires)
 *   -field:'value'        negation
 *   field>100, >=, <, <=  numbers (amounts, created)
 *   metadata['key']:'v'   metadata
 *   clause AND clause …   or   clause OR clause …   (not mixed, as in Stripe)
 * Results are newest first; pages continue with the opaque `next_page`.
 */
import type { ApiContext } from '../context.js';
import { invalidRequest } from '../errors.js';
import { registerResource } from '../registry.js';
import type { StoredObject } from './collection.js';

/** `total_count` is includable (`expand[]=total_count`): computed always, rendered only when asked for. */
const TOTAL_COUNT = Symbol('total_count');
registerResource({
  object: 'search_result',
  prefix: '',
  includable: { total_count: (_ctx, obj) => (obj as unknown as { [TOTAL_COUNT]: number })[TOTAL_COUNT] },
});

type Predicate = (obj: StoredObject) => boolean;

export interface SearchEnvelope<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
  [TOTAL_COUNT]?: number;
}

const CLAUSE = /^\s*(-)?\s*(metadata\[\s*(['"])(.+?)\3\s*\]|[a-z_][a-z0-9_.]*)\s*(:|~|>=|<=|>|<)\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s]+)\s*$/i;

function bad(query: string, why: string): Error {
  return invalidRequest(`Invalid search query: ${why} (query: ${query})`, { param: 'query', code: 'parameter_invalid' });
}

export function parseSearchQuery(query: string, fields: ReadonlySet<string>): Predicate {
  const text = query.trim();
  if (text === '') throw bad(query, 'the query is empty');
  const hasAnd = /\sAND\s/.test(text);
  const hasOr = /\sOR\s/.test(text);
  if (hasAnd && hasOr) throw bad(query, 'AND and OR cannot be combined in one query');
  const parts = text.split(hasOr ? /\sOR\s/ : /\sAND\s/);
  const predicates = parts.map((part) => clause(part, query, fields));
  return hasOr ? (o) => predicates.some((p) => p(o)) : (o) => predicates.every((p) => p(o));
}

function unquote(raw: string): string {
  if ((raw.startsWith("'") && raw.endsWith("'")) || (raw.startsWith('"') && raw.endsWith('"'))) {
    return raw.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return raw;
}

function clause(part: string, query: string, fields: ReadonlySet<string>): Predicate {
  const m = CLAUSE.exec(part);
  if (!m) throw bad(query, `cannot parse '${part.trim()}'`);
  const [, negate, field, , metaKey, op, rawValue] = m;
  const value = unquote(rawValue);
  const isMeta = metaKey !== undefined;
  if (!isMeta && !fields.has(field)) throw bad(query, `'${field}' is not a searchable field here; supported: ${[...fields].join(', ')}, metadata['key']`);
  const read = (o: StoredObject): unknown => {
    if (isMeta) return (o.metadata as Record<string, string> | null)?.[metaKey];
    let cur: unknown = o;
    for (const p of field.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
    return cur;
  };
  let test: Predicate;
  if (op === ':') {
    test = (o) => {
      const v = read(o);
      if (v === null || v === undefined) return value === 'null';
      return String(v).toLowerCase() === value.toLowerCase();
    };
  } else if (op === '~') {
    if (value.length < 3) throw bad(query, 'substring search (~) needs at least 3 characters');
    test = (o) => {
      const v = read(o);
      return typeof v === 'string' && v.toLowerCase().includes(value.toLowerCase());
    };
  } else {
    const n = Number(value);
    if (!Number.isFinite(n)) throw bad(query, `'${op}' needs a number`);
    test = (o) => {
      const v = Number(read(o));
      if (!Number.isFinite(v)) return false;
      return op === '>' ? v > n : op === '<' ? v < n : op === '>=' ? v >= n : v <= n;
    };
  }
  return negate ? (o) => !test(o) : test;
}

export interface SearchParams {
  query: string;
  limit?: number;
  page?: string;
}

export function searchObjects<T extends StoredObject>(
  ctx: ApiContext,
  params: SearchParams,
  opts: { collection: string; url: string; fields: ReadonlySet<string> },
): SearchEnvelope<T> {
  const predicate = parseSearchQuery(params.query, opts.fields);
  const limit = params.limit ?? 10;
  const collection = ctx.account.collection<T>(opts.collection);
  let startingAfter: number | undefined;
  if (params.page !== undefined) {
    const decoded = Buffer.from(params.page, 'base64url').toString('utf8');
    if (!/^seq:\d+$/.test(decoded)) throw invalidRequest('Invalid page: pass the next_page value of the previous search result.', { param: 'page' });
    startingAfter = Number(decoded.slice(4));
  }
  const page = collection.page({ limit, startingAfter, filter: predicate as (o: T) => boolean });
  const last = page.data[page.data.length - 1];
  const envelope: SearchEnvelope<T> = {
    object: 'search_result',
    data: page.data,
    has_more: page.hasMore,
    next_page: page.hasMore && last ? Buffer.from(`seq:${collection.seqOf(last.id)}`).toString('base64url') : null,
    url: opts.url,
  };
  let total = 0;
  for (const o of collection.values()) if (o.deleted !== true && predicate(o)) total++;
  envelope[TOTAL_COUNT] = total;
  return envelope;
}

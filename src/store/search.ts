/**
 * The subset of Stripe's search query language that fits an emulator:
 *   field:'value'         exact (case-insensitive for strings)
 *   field~'value'         substring (at least 3 characters, as Stripe requires)
 *   -field:'value'        negation
 *   field>100, >=, <, <=  numbers (amounts, created)
 *   metadata['key']:'v'   metadata
 *   clause AND clause …   or   clause OR clause …   (either case; a space is AND; not mixed; at most
 *                         10 clauses, as in Stripe); string values are quoted, numbers and null need not be
 * Results are newest first; pages continue with the opaque `next_page`.
 */
import type { ApiContext } from '../context.js';
import { invalidRequest } from '../errors.js';
import { registerResource } from '../registry.js';
import type { StoredObject } from './collection.js';

/**
 * `total_count` is includable (`expand[]=total_count`): counting reads every object of the collection, so it is done
 * only when asked for.
 */
const TOTAL_COUNT = Symbol('total_count');
registerResource({
  object: 'search_result',
  prefix: '',
  includable: { total_count: (_ctx, obj) => (obj as unknown as { [TOTAL_COUNT]: () => number })[TOTAL_COUNT]() },
});

type Predicate = (obj: StoredObject) => boolean;

export interface SearchEnvelope<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
  [TOTAL_COUNT]?: () => number;
}

/** At most this many clauses in one query, as at Stripe. */
const MAX_CLAUSES = 10;

/** One clause as written: `-field:value`, with the value still quoted when it was. */
interface RawClause {
  negate: boolean;
  field: string;
  metaKey?: string;
  op: string;
  value: string;
  quoted: boolean;
  text: string;
}

function bad(query: string, why: string): Error {
  return invalidRequest(`Invalid search query: ${why} (query: ${query})`, { param: 'query', code: 'parameter_invalid' });
}

const FIELD = /^(?:metadata\[\s*(['"])(.+?)\1\s*\]|[a-z_][a-z0-9_.]*)/i;
const OPERATOR = /^(?::|~|>=|<=|>|<)/;
const QUOTED = /^(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/;
const CONNECTIVE = /^(AND|OR)(?=\s|$)/i;

/**
 * Splits a query into clauses and the connectives between them. Clauses are joined by AND, by OR (either
 * case) or by a space (AND); quoted values may hold spaces and the words AND and OR.
 */
function tokenize(query: string): { clauses: RawClause[]; connective: 'AND' | 'OR' } {
  const clauses: RawClause[] = [];
  const connectives = new Set<'AND' | 'OR'>();
  let rest = query.trim();
  while (rest !== '') {
    if (clauses.length > 0) {
      const word = CONNECTIVE.exec(rest);
      if (word) {
        connectives.add(word[1].toUpperCase() as 'AND' | 'OR');
        rest = rest.slice(word[0].length).trimStart();
        if (rest === '') throw bad(query, `the query ends with ${word[1]}`);
      } else {
        connectives.add('AND'); // clauses separated by a space
      }
    }
    const start = rest;
    const negate = rest.startsWith('-');
    if (negate) rest = rest.slice(1).trimStart();
    const field = FIELD.exec(rest);
    if (!field) throw bad(query, `cannot parse '${start.split(/\s/)[0]}'`);
    rest = rest.slice(field[0].length).trimStart();
    const op = OPERATOR.exec(rest);
    if (!op) throw bad(query, `'${field[0]}' must be followed by an operator (:, ~, >, <, >=, <=)`);
    rest = rest.slice(op[0].length).trimStart();
    const quoted = QUOTED.exec(rest);
    const value = quoted ? quoted[0] : (/^[^\s'"]+/.exec(rest)?.[0] ?? '');
    if (value === '') throw bad(query, `'${field[0]}${op[0]}' needs a value`);
    rest = rest.slice(value.length);
    if (rest !== '' && !/^\s/.test(rest)) throw bad(query, `cannot parse '${start.split(/\s/)[0]}'`);
    rest = rest.trimStart();
    clauses.push({
      negate, field: field[0], metaKey: field[2], op: op[0], value: quoted ? unquote(value) : value, quoted: quoted !== null,
      text: start.slice(0, start.length - rest.length).trim(),
    });
    if (clauses.length > MAX_CLAUSES) throw bad(query, `a query has at most ${MAX_CLAUSES} clauses`);
  }
  if (clauses.length === 0) throw bad(query, 'the query is empty');
  if (connectives.size > 1) throw bad(query, 'AND and OR cannot be combined in one query');
  return { clauses, connective: connectives.has('OR') ? 'OR' : 'AND' };
}

export function parseSearchQuery(query: string, fields: ReadonlySet<string>): Predicate {
  const { clauses, connective } = tokenize(query);
  const predicates = clauses.map((c) => clause(c, query, fields));
  return connective === 'OR' ? (o) => predicates.some((p) => p(o)) : (o) => predicates.every((p) => p(o));
}

function unquote(raw: string): string {
  return raw.slice(1, -1).replace(/\\(.)/g, '$1');
}

function clause({ negate, field, metaKey, op, value, quoted, text }: RawClause, query: string, fields: ReadonlySet<string>): Predicate {
  const isMeta = metaKey !== undefined;
  if (!quoted && (op === ':' || op === '~') && value !== 'null' && !Number.isFinite(Number(value))) {
    throw bad(query, `the value in '${text}' must be quoted ('…'); only numbers and null go without quotes`);
  }
  if (!isMeta && !fields.has(field)) throw bad(query, `'${field}' is not a searchable field here; supported: ${[...fields].join(', ')}, metadata['key']`);
  const read = (o: StoredObject): unknown => {
    if (isMeta) return (o.metadata as Record<string, string> | null)?.[metaKey];
    let cur: unknown = o;
    for (const p of field.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
    return cur;
  };
  let test: Predicate;
  if (op === ':') {
    const isNull = !quoted && value === 'null'; // `field:null` asks for an empty field; `field:'null'` for the text
    test = (o) => {
      const v = read(o);
      if (v === null || v === undefined) return isNull;
      return !isNull && String(v).toLowerCase() === value.toLowerCase();
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
  envelope[TOTAL_COUNT] = () => {
    let total = 0;
    for (const o of collection.values()) if (o.deleted !== true && predicate(o)) total++;
    return total;
  };
  return envelope;
}

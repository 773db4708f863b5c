/**
 * Expansion: `expand[]=customer`, dotted paths up to four levels
 * (`payments.data.payment.payment_intent`), `data.` inside lists, and
 * includable fields that exist only when asked for (`invoice.payments`).
 * Stored objects are frozen: expansion copies along the paths it follows.
 */
import type { ApiContext } from '../context.js';
import { invalidRequest } from '../errors.js';
import { loadById, resourceType } from '../registry.js';
import type { StoredObject } from '../store/collection.js';
import expandableFields from './expandable.generated.json' with { type: 'json' };

export const MAX_EXPAND_DEPTH = 4;

type PathTree = Map<string, PathTree>;

/** Never valid field names; refused before they can reach an object literal. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function parseExpand(paths: string[]): PathTree {
  const root: PathTree = new Map();
  for (const path of paths) {
    const parts = path.split('.');
    if (parts.some((p) => p === '' || FORBIDDEN.has(p))) throw cannotExpand(path);
    // `data.` segments inside lists do not count towards the depth
    const depth = parts.filter((p) => p !== 'data').length;
    if (depth > MAX_EXPAND_DEPTH) {
      throw invalidRequest(`You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`, { param: 'expand' });
    }
    let node = root;
    for (const part of parts) {
      let next = node.get(part);
      if (!next) node.set(part, (next = new Map()));
      node = next;
    }
  }
  return root;
}

function cannotExpand(path: string): Error {
  return invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
}

export function expand(ctx: ApiContext, value: unknown, paths: string[]): unknown {
  if (paths.length === 0) return value;
  return walk(ctx, value, parseExpand(paths), '', null);
}

/** Where a value sits in a Stripe object type the extracts describe: the object and the path inside it. */
interface Schema {
  expandable: ReadonlySet<string>;
  rel: string;
}

const EXPANDABLE = new Map<string, ReadonlySet<string>>(
  Object.entries(expandableFields as Record<string, string[]>).map(([object, fields]) => [object, new Set(fields)]),
);

/** The schema of a value at `field` under `parent`; an object with its own `object` type starts afresh. */
function positionOf(parent: Schema | null, field: string): Schema | null {
  return parent ? { expandable: parent.expandable, rel: parent.rel ? `${parent.rel}.${field}` : field } : null;
}

function walk(ctx: ApiContext, value: unknown, tree: PathTree, prefix: string, position: Schema | null): unknown {
  if (tree.size === 0 || value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => walk(ctx, item, tree, prefix, position));
  if (typeof value !== 'object') throw cannotExpand(prefix);
  const obj = value as StoredObject;
  const out: Record<string, unknown> = { ...obj };
  const type = typeof obj.object === 'string' ? resourceType(obj.object) : undefined;
  let schema = position;
  if (typeof obj.object === 'string') {
    const expandable = EXPANDABLE.get(obj.object);
    schema = expandable ? { expandable, rel: '' } : null;
  }
  for (const [field, sub] of tree) {
    const path = prefix ? `${prefix}.${field}` : field;
    const includable = type?.includable && Object.hasOwn(type.includable, field) ? type.includable[field] : undefined;
    let current: unknown;
    if (includable) {
      current = includable(ctx, obj);
      if (current === undefined) throw cannotExpand(path);
      if (current === null || typeof current !== 'object') {
        out[field] = current;
        continue;
      }
    } else if (Object.hasOwn(obj, field)) {
      current = obj[field];
      // a field that holds no object can only be expanded when Stripe's types say it is expandable
      if (schema && (current === null || typeof current !== 'object')) {
        const rel = schema.rel ? `${schema.rel}.${field}` : field;
        if (!schema.expandable.has(rel)) throw cannotExpand(path);
      }
    } else {
      throw cannotExpand(path);
    }
    out[field] = walk(ctx, resolve(ctx, current, path), sub, path, positionOf(schema, field));
  }
  return out;
}

/** Ids become the objects they name (also inside arrays such as `discounts`); objects and null stay. */
function resolve(ctx: ApiContext, current: unknown, path: string): unknown {
  if (typeof current === 'string') {
    const loaded = loadById(ctx, current);
    if (!loaded) throw cannotExpand(path);
    return loaded;
  }
  if (Array.isArray(current)) return current.map((item) => resolve(ctx, item, path));
  if (current !== null && typeof current !== 'object') throw cannotExpand(path);
  return current;
}

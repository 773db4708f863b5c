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
  return walk(ctx, value, parseExpand(paths), '');
}

function walk(ctx: ApiContext, value: unknown, tree: PathTree, prefix: string): unknown {
  if (tree.size === 0 || value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => walk(ctx, item, tree, prefix));
  if (typeof value !== 'object') throw cannotExpand(prefix);
  const obj = value as StoredObject;
  const out: Record<string, unknown> = { ...obj };
  const type = typeof obj.object === 'string' ? resourceType(obj.object) : undefined;
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
    } else {
      throw cannotExpand(path);
    }
    if (typeof current === 'string') {
      const loaded = loadById(ctx, current);
      if (!loaded) throw cannotExpand(path);
      current = loaded;
    } else if (current !== null && typeof current !== 'object') {
      throw cannotExpand(path);
    }
    out[field] = walk(ctx, current, sub, path);
  }
  return out;
}

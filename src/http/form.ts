/**
 * Decodes Stripe's form encoding (`application/x-www-form-urlencoded` with
 * bracket syntax) into nested params:
 *   a[b][c]=v        → { a: { b: { c: 'v' } } }
 *   a[]=x&a[]=y      → { a: ['x', 'y'] }          (Stripe CLI, curl)
 *   a[0]=x&a[1]=y    → { a: ['x', 'y'] }          (stripe-node)
 *   a[0][k]=v        → { a: [{ k: 'v' }] }
 *   key=             → { key: '' }                (Stripe's "unset")
 *
 * Hostile input gets a StripeError (400), never a polluted prototype:
 * `__proto__`, `constructor` and `prototype` are refused as keys, so every
 * key becomes an own property. The objects are plain `{}`: V8 keeps objects
 * without a prototype in dictionary mode, which made every later read of the
 * parameters (the shape check, the handlers) slower.
 */
import { invalidRequest } from '../errors.js';

export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

export const FORM_LIMITS = {
  maxParameters: 5_000,
  maxDepth: 12,
  maxKeyLength: 500,
  maxArrayIndex: 10_000,
};

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A container under construction: objects keep their keys; arrays are marked so `[]` and `[n]` can be told apart. */
interface Node {
  kind: 'object' | 'array';
  /** For objects: key → child. For arrays: index ('' + n) → child, plus appended items. */
  entries: Map<string, Node | string>;
  appended: Array<Node | string>;
}

function newNode(kind: Node['kind']): Node {
  return { kind, entries: new Map(), appended: [] };
}

function decodeComponent(part: string): string {
  if (part.indexOf('%') === -1 && part.indexOf('+') === -1) return part; // most keys and many values: nothing to decode
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw invalidRequest('Invalid request: the body or query string is not valid form encoding (bad percent-encoding).');
  }
}

/** Splits `a[b][]` into ['a', 'b', '']. */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open === -1) return [key];
  const parts = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.length > 0) {
    if (rest[0] !== '[') throw invalidRequest(`Invalid parameter name: ${key}`);
    const close = rest.indexOf(']');
    if (close === -1) throw invalidRequest(`Invalid parameter name: ${key}`);
    parts.push(rest.slice(1, close));
    rest = rest.slice(close + 1);
    if (parts.length > FORM_LIMITS.maxDepth + 1) {
      throw invalidRequest(`Invalid parameter name: ${key.slice(0, 80)}… is nested too deeply (at most ${FORM_LIMITS.maxDepth} levels).`);
    }
  }
  return parts;
}

function isIndex(segment: string): boolean {
  return /^(0|[1-9][0-9]{0,5})$/.test(segment);
}

export function decodeForm(input: string): FormObject {
  const root = newNode('object');
  if (input.length === 0) return finish(root) as FormObject;
  const pairs = input.split('&');
  if (pairs.length > FORM_LIMITS.maxParameters) {
    throw invalidRequest(`Too many parameters: at most ${FORM_LIMITS.maxParameters} are accepted in one request.`);
  }
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = decodeComponent(rawKey);
    if (key.length === 0) continue;
    if (key.length > FORM_LIMITS.maxKeyLength) throw invalidRequest(`Invalid parameter name: ${key.slice(0, 80)}… is too long.`);
    insert(root, splitKey(key), decodeComponent(rawValue), key);
  }
  return finish(root) as FormObject;
}

function insert(root: Node, path: string[], value: string, fullKey: string): void {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (FORBIDDEN_KEYS.has(segment)) throw invalidRequest(`Invalid parameter name: ${fullKey}`, { param: fullKey });
    if (i > 0 && segment === '') {
      // `a[]`: append to an array
      if (node.kind !== 'array') {
        if (node.entries.size > 0) throw conflict(fullKey);
        node.kind = 'array';
      }
      if (last) {
        node.appended.push(value);
        return;
      }
      // `a[][k]=v` (rare): start a new object when the last appended one already has k
      const nextKey = path[i + 1];
      let target = node.appended[node.appended.length - 1];
      if (typeof target !== 'object' || target.entries.has(nextKey)) {
        target = newNode('object');
        node.appended.push(target);
      }
      node = target;
      continue;
    }
    if (i > 0 && node.kind === 'object' && node.entries.size === 0 && node.appended.length === 0 && isIndex(segment)) {
      node.kind = 'array';
    }
    if (node.kind === 'array' && !isIndex(segment)) {
      if (node.appended.length > 0) throw conflict(fullKey);
      node.kind = 'object';
      // keys seen so far were numeric: they stay as object keys
    }
    if (node.kind === 'array' && Number(segment) > FORM_LIMITS.maxArrayIndex) {
      throw invalidRequest(`Invalid array index in ${fullKey}: at most ${FORM_LIMITS.maxArrayIndex}.`, { param: fullKey });
    }
    const existing = node.entries.get(segment);
    if (last) {
      if (existing !== undefined && typeof existing !== 'string') throw conflict(fullKey);
      node.entries.set(segment, value); // a repeated scalar key: the last one wins
      return;
    }
    if (existing === undefined) {
      const child = newNode('object');
      node.entries.set(segment, child);
      node = child;
    } else if (typeof existing === 'string') {
      // `a=x&a[b]=y`: `a=` (empty, "unset") followed by its fields is tolerated; anything else is ambiguous
      if (existing !== '') throw conflict(fullKey);
      const child = newNode('object');
      node.entries.set(segment, child);
      node = child;
    } else {
      node = existing;
    }
  }
}

function conflict(key: string): Error {
  return invalidRequest(`Invalid parameter: ${key} mixes a value, an array and an object under one name.`, { param: key });
}

function finish(node: Node): FormValue {
  if (node.kind === 'array') {
    const indexed = [...node.entries.entries()].sort((a, b) => Number(a[0]) - Number(b[0]));
    return [...indexed.map(([, v]) => finishValue(v)), ...node.appended.map(finishValue)];
  }
  const out: FormObject = {};
  for (const [k, v] of node.entries) out[k] = finishValue(v);
  return out;
}

function finishValue(v: Node | string): FormValue {
  return typeof v === 'string' ? v : finish(v);
}

/**
 * Encodes nested params the way stripe-node does: indexed arrays, readable
 * brackets, keys and values percent-encoded; null becomes `key=` (unset).
 * Key names containing `[` or `]` cannot be represented (as with Stripe).
 */
export function encodeForm(params: Record<string, unknown>, prefix = ''): string {
  const parts: string[] = [];
  const walk = (value: unknown, key: string) => {
    if (value === undefined) return;
    if (value === null) {
      parts.push(`${key}=`);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${key}[${i}]`));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, `${key}[${encodeURIComponent(k)}]`);
    } else {
      parts.push(`${key}=${encodeURIComponent(String(value))}`);
    }
  };
  for (const [k, v] of Object.entries(params)) walk(v, prefix ? `${prefix}[${encodeURIComponent(k)}]` : encodeURIComponent(k));
  return parts.join('&');
}

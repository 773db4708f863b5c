/**
 * Shape checker for emulator responses, driven by the machine extract of
 * stripe-node's TypeScript types in `<repo>/../shared/stripe-openapi/`
 * (`sdk-types-extract.<version>.json`).
 *
 *   checkShape(obj, 'Invoice', '2026-10-28.endive')  -> string[] of problems ([] = conforms)
 *   expectShape(obj, 'Invoice', '2026-10-28.endive') -> vitest assertion that the list is empty
 *
 * Rules (applied at every level the extract describes, i.e. paths up to 3 segments):
 *   - every non-optional field is present (optional = "not always present": includable
 *     fields such as invoice.payments, or `deleted` which only exists on deleted objects);
 *   - no field absent from the extract (unknown field);
 *   - null only where the extract says nullable;
 *   - a JS type check derived from the TS type string (number/string/boolean/object/array,
 *     Metadata, `{[key : string] : T ; }` maps, ApiList envelopes, `Decimal` = string);
 *   - enum membership where the extract lists enum values;
 *   - expandable fields accept a string id or an object;
 *   - arrays/maps of sub-objects: the extract's child paths are checked on every element;
 *   - expanded resources and list items whose `object` maps to a known type are checked
 *     recursively against that type (disable with `{ recurse: false }`).
 *   - `{ id, object, deleted: true }` is accepted as the deleted form of any type.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export type ApiVersion = '2025-03-31.basil' | '2025-05-28.basil' | '2026-10-28.endive';
export const API_VERSIONS: readonly ApiVersion[] = [
  '2025-03-31.basil',
  '2025-05-28.basil',
  '2026-10-28.endive',
];

export interface ExtractField {
  type: string;
  nullable: boolean;
  optional: boolean;
  expandable: boolean;
  enum: string[] | null;
}

export interface SdkTypesExtract {
  _meta?: Record<string, unknown>;
  objects: Record<string, Record<string, ExtractField>>;
  endpoints: Record<string, unknown>;
  params: Record<string, unknown>;
}

export interface CheckShapeOptions {
  /**
   * Default true: fields marked `optional` in the extract may be absent.
   * false: every field must be present (except `void`-typed ones such as `deleted`).
   */
  allowOptionalMissing?: boolean;
  /** Default true: check expanded resources / list items against their own type. */
  recurse?: boolean;
}

// ---------------------------------------------------------------------------
// Locating and loading the extracts

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // Fallback: test/support/shape.ts -> repo root is two levels up.
  return fileURLToPath(new URL('../../', import.meta.url));
}

/**
 * Directory holding the reference data: `$STRIPE_OPENAPI_DIR` if set, else
 * `<repo>/../shared/stripe-openapi/` (the repo root is found by walking up to package.json,
 * so this also works from a compiled copy under dist/).
 */
export function stripeOpenapiDir(): string {
  const env = process.env.STRIPE_OPENAPI_DIR;
  if (env) return resolve(env);
  return join(findRepoRoot(), '..', 'shared', 'stripe-openapi');
}

const extractCache = new Map<ApiVersion, SdkTypesExtract>();

export function loadExtract(version: ApiVersion): SdkTypesExtract {
  let ex = extractCache.get(version);
  if (!ex) {
    const file = join(stripeOpenapiDir(), `sdk-types-extract.${version}.json`);
    ex = JSON.parse(readFileSync(file, 'utf8')) as SdkTypesExtract;
    extractCache.set(version, ex);
  }
  return ex;
}

// ---------------------------------------------------------------------------
// Type-name mapping

const OBJECT_TO_TYPE: Record<string, string> = {
  customer: 'Customer',
  invoice: 'Invoice',
  invoice_payment: 'InvoicePayment',
  line_item: 'InvoiceLineItem',
  invoiceitem: 'InvoiceItem',
  credit_note: 'CreditNote',
  credit_note_line_item: 'CreditNoteLineItem',
  customer_balance_transaction: 'CustomerBalanceTransaction',
  customer_cash_balance_transaction: 'CustomerCashBalanceTransaction',
  payment_intent: 'PaymentIntent',
  payment_method: 'PaymentMethod',
  charge: 'Charge',
  refund: 'Refund',
  webhook_endpoint: 'WebhookEndpoint',
  event: 'Event',
  product: 'Product',
  price: 'Price',
  'test_helpers.test_clock': 'TestHelpers.TestClock',
  cash_balance: 'CashBalance',
};

/** Maps a Stripe `object` value (e.g. "line_item") to its extract type name ("InvoiceLineItem"). */
export function typeNameForObject(objectField: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(OBJECT_TO_TYPE, objectField)
    ? OBJECT_TO_TYPE[objectField]
    : undefined;
}

/** Inverse of typeNameForObject. */
export function objectForTypeName(typeName: string): string | undefined {
  for (const [obj, t] of Object.entries(OBJECT_TO_TYPE)) if (t === typeName) return obj;
  return undefined;
}

// Shared Stripe types that the extract does not describe but which are objects.
const KNOWN_OBJECT_TYPES = new Set([
  'Address',
  'TaxRate',
  'Discount',
  'TaxId',
  'CustomerSource',
  'Subscription',
  'SetupIntent',
  'Mandate',
  'Account',
  'Application',
  'BalanceTransaction',
  'Review',
]);

// ---------------------------------------------------------------------------
// Tree built from flattened paths

interface Node {
  field?: ExtractField;
  children: Map<string, Node>;
}

const treeCache = new Map<string, Node>();

function typeTree(version: ApiVersion, typeName: string): Node | undefined {
  const key = `${version}\u0000${typeName}`;
  const cached = treeCache.get(key);
  if (cached) return cached;
  const fields = loadExtract(version).objects[typeName];
  if (!fields) return undefined;
  const root: Node = { children: new Map() };
  // Sort so parents are created before children.
  for (const path of Object.keys(fields).sort()) {
    const parts = path.split('.');
    let node = root;
    for (const part of parts) {
      let next = node.children.get(part);
      if (!next) {
        next = { children: new Map() };
        node.children.set(part, next);
      }
      node = next;
    }
    node.field = fields[path];
  }
  treeCache.set(key, root);
  return root;
}

// ---------------------------------------------------------------------------
// TS type-string parsing helpers

/** Splits a TS type on top-level `|` (ignoring `|` inside <> or {}). */
function splitUnion(t: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of t) {
    if (ch === '<' || ch === '{' || ch === '(') depth++;
    else if (ch === '>' || ch === '}' || ch === ')') depth--;
    if (ch === '|' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function genericArg(t: string, wrapper: string): string | undefined {
  if (t.startsWith(`${wrapper}<`) && t.endsWith('>')) return t.slice(wrapper.length + 1, -1).trim();
  return undefined;
}

function mapValueType(t: string): string | undefined {
  const m = /^\{\s*\[\s*key\s*:\s*string\s*\]\s*:\s*(.+?)\s*;?\s*\}$/.exec(t);
  return m ? m[1].trim() : undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return typeof v;
}

function isOpenEnum(values: readonly unknown[]): boolean {
  return values.some(
    (e) => typeof e !== 'string' || /otherstring|^string$|\(string & \{\}\)/i.test(e),
  );
}

// ---------------------------------------------------------------------------
// Checker

interface Ctx {
  version: ApiVersion;
  problems: string[];
  strict: boolean;
  recurse: boolean;
  /** guards against runaway recursion on pathological input */
  depth: number;
}

function join2(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function label(path: string): string {
  return path || '(root)';
}

/** Checks the keys of a plain object against a node's children. */
function checkChildren(obj: Record<string, unknown>, node: Node, path: string, ctx: Ctx): void {
  for (const [name, child] of node.children) {
    const f = child.field;
    const p = join2(path, name);
    if (!Object.prototype.hasOwnProperty.call(obj, name) || obj[name] === undefined) {
      if (!f) continue;
      if (!f.optional || (ctx.strict && f.type !== 'void')) {
        ctx.problems.push(`${p}: missing ${f.optional ? 'optional' : 'required'} field (${f.type})`);
      }
      continue;
    }
    checkValue(obj[name], child, p, ctx);
  }
  for (const key of Object.keys(obj)) {
    if (!node.children.has(key)) {
      ctx.problems.push(`${join2(path, key)}: unknown field (value ${describe(obj[key])})`);
    }
  }
}

/** Checks a present field value against its extract entry. */
function checkValue(v: unknown, node: Node, path: string, ctx: Ctx): void {
  const f = node.field;
  if (!f) {
    // Intermediate node without its own entry (should not happen with these extracts).
    if (isPlainObject(v)) checkChildren(v, node, path, ctx);
    return;
  }
  if (v === null) {
    if (!f.nullable) ctx.problems.push(`${label(path)}: null but not nullable (${f.type})`);
    return;
  }
  const alts = splitUnion(f.type).filter((a) => a !== 'null');
  const enumValues = f.enum && f.enum.length > 0 && !isOpenEnum(f.enum) ? f.enum : null;
  checkAgainstAlternatives(v, alts, f.type, node, enumValues, path, ctx);
}

/**
 * Tries each union alternative; the first whose JS kind matches decides (its nested
 * problems are reported). If none matches, reports a type mismatch.
 */
function checkAgainstAlternatives(
  v: unknown,
  alts: string[],
  fullType: string,
  node: Node,
  enumValues: string[] | null,
  path: string,
  ctx: Ctx,
): void {
  for (const alt of alts) {
    const nested: string[] = [];
    const sub: Ctx = { ...ctx, problems: nested };
    if (matchOne(v, alt, node, enumValues, path, sub)) {
      ctx.problems.push(...nested);
      return;
    }
  }
  ctx.problems.push(`${label(path)}: expected ${fullType}, got ${describe(v)}`);
}

/**
 * Returns true when `v` is of the JS kind described by the single (non-union) type `t`;
 * deeper problems are pushed onto ctx.problems.
 */
function matchOne(
  v: unknown,
  t: string,
  node: Node,
  enumValues: string[] | null,
  path: string,
  ctx: Ctx,
): boolean {
  switch (t) {
    case 'void':
      // `deleted?: void` — only present on deleted objects (handled separately).
      return false;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
    case 'Decimal':
      if (typeof v !== 'string') return false;
      checkEnum(v, enumValues, path, ctx);
      return true;
    case 'Metadata':
    case 'Stripe.Metadata':
      if (!isPlainObject(v)) return false;
      for (const [k, val] of Object.entries(v)) {
        if (typeof val !== 'string') {
          ctx.problems.push(`${join2(path, k)}: metadata values must be strings, got ${describe(val)}`);
        }
      }
      return true;
    default:
      break;
  }

  // String literal type, e.g. 'invoice'
  const lit = /^'(.*)'$/.exec(t);
  if (lit) {
    if (typeof v !== 'string') return false;
    if (enumValues) checkEnum(v, enumValues, path, ctx);
    else if (v !== lit[1]) ctx.problems.push(`${label(path)}: expected ${t}, got ${describe(v)}`);
    return true;
  }

  const arrEl = genericArg(t, 'Array');
  if (arrEl !== undefined) {
    if (!Array.isArray(v)) return false;
    const elAlts = splitUnion(arrEl);
    v.forEach((el, i) =>
      checkAgainstAlternatives(el, elAlts, arrEl, node, enumValues, `${path}[${i}]`, ctx),
    );
    return true;
  }

  const listEl = genericArg(t, 'ApiList');
  if (listEl !== undefined) {
    if (!isPlainObject(v)) return false;
    checkListEnvelope(v, listEl, path, ctx);
    return true;
  }

  const mapVal = mapValueType(t);
  if (mapVal !== undefined) {
    if (!isPlainObject(v)) return false;
    const valAlts = splitUnion(mapVal);
    for (const [k, val] of Object.entries(v)) {
      checkAgainstAlternatives(val, valAlts, mapVal, node, enumValues, join2(path, k), ctx);
    }
    return true;
  }

  // Named type.
  if (enumValues) {
    // String enum alias (Invoice.Status etc.)
    if (typeof v !== 'string') return false;
    checkEnum(v, enumValues, path, ctx);
    return true;
  }
  if (node.children.size > 0) {
    // Plain sub-object described by the extract.
    if (!isPlainObject(v)) return false;
    checkChildren(v, node, path, ctx);
    return true;
  }
  const deletedOf = /^Deleted(.+)$/.exec(t);
  if (deletedOf) {
    if (!isPlainObject(v) || v.deleted !== true) return false;
    checkNestedResource(v, path, ctx);
    return true;
  }
  if (isResourceTypeName(t, ctx.version) || KNOWN_OBJECT_TYPES.has(t) || !isArrayElementPath(path)) {
    // Resource or opaque sub-object (an empty interface, or one deeper than the extract goes).
    if (!isPlainObject(v)) return false;
    checkNestedResource(v, path, ctx);
    return true;
  }
  // Unknown named element type inside an array without enum info (e.g.
  // Array<PaymentSettings.PaymentMethodType>): accept a string or an object.
  return typeof v === 'string' || isPlainObject(v);
}

function isArrayElementPath(path: string): boolean {
  return path.endsWith(']');
}

function isResourceTypeName(t: string, version: ApiVersion): boolean {
  return Object.prototype.hasOwnProperty.call(loadExtract(version).objects, t);
}

function checkEnum(v: string, enumValues: string[] | null, path: string, ctx: Ctx): void {
  if (enumValues && !enumValues.includes(v)) {
    const shown =
      enumValues.length > 12 ? `${enumValues.slice(0, 12).join(', ')}, … (${enumValues.length})` : enumValues.join(', ');
    ctx.problems.push(`${label(path)}: ${JSON.stringify(v)} is not one of [${shown}]`);
  }
}

function checkListEnvelope(v: Record<string, unknown>, elType: string, path: string, ctx: Ctx): void {
  if (v.object !== 'list') ctx.problems.push(`${join2(path, 'object')}: expected "list", got ${describe(v.object)}`);
  if (typeof v.has_more !== 'boolean') {
    ctx.problems.push(`${join2(path, 'has_more')}: expected boolean, got ${describe(v.has_more)}`);
  }
  if (typeof v.url !== 'string') ctx.problems.push(`${join2(path, 'url')}: expected string, got ${describe(v.url)}`);
  for (const key of Object.keys(v)) {
    if (!['object', 'data', 'has_more', 'url'].includes(key)) {
      ctx.problems.push(`${join2(path, key)}: unknown field on list (value ${describe(v[key])})`);
    }
  }
  if (!Array.isArray(v.data)) {
    ctx.problems.push(`${join2(path, 'data')}: expected array, got ${describe(v.data)}`);
    return;
  }
  v.data.forEach((el, i) => {
    const p = `${join2(path, 'data')}[${i}]`;
    if (!isPlainObject(el)) {
      ctx.problems.push(`${p}: expected ${elType} object, got ${describe(el)}`);
      return;
    }
    checkNestedResource(el, p, ctx);
  });
}

/** Recurse into an embedded object if its `object` value maps to a type in the extract. */
function checkNestedResource(v: Record<string, unknown>, path: string, ctx: Ctx): void {
  if (!ctx.recurse || ctx.depth > 8 || typeof v.object !== 'string') return;
  const typeName = typeNameForObject(v.object);
  if (!typeName || !isResourceTypeName(typeName, ctx.version)) return;
  checkRoot(v, typeName, path, { ...ctx, depth: ctx.depth + 1 });
}

function checkRoot(obj: unknown, typeName: string, path: string, ctx: Ctx): void {
  const tree = typeTree(ctx.version, typeName);
  if (!tree) {
    ctx.problems.push(`${label(path)}: unknown type ${typeName} in extract ${ctx.version}`);
    return;
  }
  if (!isPlainObject(obj)) {
    ctx.problems.push(`${label(path)}: expected ${typeName} object, got ${describe(obj)}`);
    return;
  }
  if (obj.deleted === true) {
    checkDeleted(obj, tree, typeName, path, ctx);
    return;
  }
  checkChildren(obj, tree, path, ctx);
}

/** Deleted objects are `{ id, object, deleted: true }`. */
function checkDeleted(obj: Record<string, unknown>, tree: Node, typeName: string, path: string, ctx: Ctx): void {
  if (!tree.children.has('deleted')) {
    ctx.problems.push(`${join2(path, 'deleted')}: ${typeName} has no deleted form`);
  }
  if (typeof obj.id !== 'string') ctx.problems.push(`${join2(path, 'id')}: expected string, got ${describe(obj.id)}`);
  const objectEnum = tree.children.get('object')?.field?.enum;
  if (objectEnum && !objectEnum.includes(obj.object as string)) {
    ctx.problems.push(`${join2(path, 'object')}: ${JSON.stringify(obj.object)} is not one of [${objectEnum.join(', ')}]`);
  }
  for (const key of Object.keys(obj)) {
    if (!['id', 'object', 'deleted'].includes(key)) {
      ctx.problems.push(`${join2(path, key)}: unknown field on deleted ${typeName}`);
    }
  }
}

/**
 * Returns human-readable problems with `obj` as a `typeName` of API `version`
 * (empty list = conforms). `typeName` is an SDK type name such as "Invoice",
 * "InvoicePayment" or "TestHelpers.TestClock".
 */
export function checkShape(
  obj: unknown,
  typeName: string,
  version: ApiVersion,
  opts: CheckShapeOptions = {},
): string[] {
  const ctx: Ctx = {
    version,
    problems: [],
    strict: opts.allowOptionalMissing === false,
    recurse: opts.recurse !== false,
    depth: 0,
  };
  checkRoot(obj, typeName, '', ctx);
  return ctx.problems;
}

/** vitest assertion: `obj` conforms to `typeName` in `version` (shows the problem list on failure). */
export function expectShape(
  obj: unknown,
  typeName: string,
  version: ApiVersion,
  opts?: CheckShapeOptions,
): void {
  const problems = checkShape(obj, typeName, version, opts);
  const summary = problems.length
    ? `${typeName} @ ${version}: ${problems.length} shape problem(s):\n  ${problems.join('\n  ')}\n`
    : `${typeName} @ ${version}`;
  expect(problems, summary).toEqual([]);
}

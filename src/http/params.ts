/**
 * The parameter reader: each endpoint declares the parameters it accepts with
 * these small specs; `readParams` checks the decoded form against them and
 * returns typed values. Errors name the offending parameter the way Stripe
 * does (`lines[0][amount]`): unknown → parameter_unknown, missing →
 * parameter_missing, wrong type → parameter_invalid_*.
 */
import { checkCurrency } from '../currencies.js';
import { invalidRequest, parameterInvalid, parameterMissing, parameterUnknown } from '../errors.js';
import type { FormObject, FormValue } from './form.js';
import type { RangeFilter } from '../store/range.js';

export interface Spec<T> {
  readonly required: boolean;
  /** A short description used by the OpenAPI generator. */
  readonly openapi: Record<string, unknown>;
  parse(value: FormValue, param: string): T;
}

type RequiredSpec<T> = Spec<T> & { readonly required: true };
export type Shape = Record<string, Spec<unknown>>;
export type Infer<S> = S extends Spec<infer T> ? T : never;
export type Params<S extends Shape> = {
  [K in keyof S]: S[K] extends RequiredSpec<infer T> ? T : Infer<S[K]> | undefined;
};

function spec<T>(openapi: Record<string, unknown>, parse: (value: FormValue, param: string) => T): Spec<T> {
  return { required: false, openapi, parse };
}

function emptyValue(param: string): Error {
  return invalidRequest(
    `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
    { code: 'parameter_invalid_empty', param },
  );
}

function scalar(value: FormValue, param: string, what: string): string {
  if (typeof value !== 'string') throw parameterInvalid(param, `Invalid ${what} for ${param}: expected a single value, not an object or array.`);
  return value;
}

export function required<T>(s: Spec<T>): RequiredSpec<T> {
  return { ...s, required: true } as RequiredSpec<T>;
}

/** Accepts '' as "unset": the value becomes null. */
export function emptyable<T>(s: Spec<T>): Spec<T | null> {
  return {
    required: s.required,
    openapi: { anyOf: [s.openapi, { type: 'string', enum: [''] }] },
    parse: (value, param) => (value === '' ? null : s.parse(value, param)),
  };
}

export function str(opts: { max?: number; pattern?: RegExp; allowEmpty?: boolean } = {}): Spec<string> {
  return spec({ type: 'string', ...(opts.max ? { maxLength: opts.max } : {}), ...(opts.pattern ? { pattern: opts.pattern.source } : {}) }, (value, param) => {
    const s = scalar(value, param, 'string');
    if (s === '' && !opts.allowEmpty) throw emptyValue(param);
    if (opts.max !== undefined && s.length > opts.max) {
      throw parameterInvalid(param, `Invalid string: ${s.slice(0, 40)}...; must be at most ${opts.max} characters`, 'string_length');
    }
    if (opts.pattern && !opts.pattern.test(s)) throw parameterInvalid(param, `Invalid value for ${param}: '${s.slice(0, 60)}'.`);
    return s;
  });
}

/** An email address: one `@` with something on each side and no spaces, as Stripe checks (`email_invalid`). */
export function email(opts: { max?: number } = {}): Spec<string> {
  const text = str(opts);
  return spec({ ...text.openapi, format: 'email' }, (value, param) => {
    const s = text.parse(value, param);
    if (!/^[^\s@]+@[^\s@]+$/.test(s)) throw parameterInvalid(param, `Invalid email address: ${s.slice(0, 60)}`, 'email_invalid');
    return s;
  });
}

export function int(opts: { min?: number; max?: number } = {}): Spec<number> {
  return spec({
    type: 'integer', ...(opts.min !== undefined ? { minimum: opts.min } : {}), ...(opts.max !== undefined ? { maximum: opts.max } : {}),
  }, (value, param) => {
    const s = scalar(value, param, 'integer');
    if (s === '') throw emptyValue(param);
    if (!/^-?\d{1,15}$/.test(s.trim())) throw parameterInvalid(param, `Invalid integer: ${s.slice(0, 60)}`, 'parameter_invalid_integer');
    const n = Number(s);
    if (opts.min !== undefined && n < opts.min) {
      throw parameterInvalid(param, `Invalid ${param}: must be greater than or equal to ${opts.min}`);
    }
    if (opts.max !== undefined && n > opts.max) {
      throw parameterInvalid(param, `Invalid ${param}: must be less than or equal to ${opts.max}`);
    }
    return n;
  });
}

/** A decimal string such as `unit_amount_decimal` (kept as a string, as Stripe returns it). */
export function decimal(): Spec<string> {
  return spec({ type: 'string', format: 'decimal' }, (value, param) => {
    const s = scalar(value, param, 'decimal');
    if (!/^-?\d{1,15}(\.\d{1,12})?$/.test(s)) throw parameterInvalid(param, `Invalid decimal: ${s.slice(0, 60)}`, 'parameter_invalid_string_blank');
    return s;
  });
}

export function bool(): Spec<boolean> {
  return spec({ type: 'boolean' }, (value, param) => {
    const s = scalar(value, param, 'boolean');
    if (s === 'true') return true;
    if (s === 'false') return false;
    if (s === '') throw emptyValue(param);
    throw parameterInvalid(param, `Invalid boolean: ${s.slice(0, 60)}`);
  });
}

export function oneOf<const T extends string>(values: readonly T[]): Spec<T> {
  return spec({ type: 'string', enum: values }, (value, param) => {
    const s = scalar(value, param, 'value');
    if (s === '') throw emptyValue(param);
    if (!(values as readonly string[]).includes(s)) {
      throw parameterInvalid(param, `Invalid ${param}: must be one of ${values.join(', ')}`);
    }
    return s as T;
  });
}

/**
 * A currency: a three-letter ISO code Stripe supports (src/currencies.ts), in any case, returned lower case. An
 * unknown code is Stripe's 400 `Invalid currency: xyz. Stripe currently supports these currencies: …` naming the param.
 * Described in OpenAPI as Stripe describes it: a string of format `currency`.
 */
export function currency(): Spec<string> {
  return spec({ type: 'string', format: 'currency' }, (value, param) => {
    const s = scalar(value, param, 'currency');
    if (s === '') throw emptyValue(param);
    return checkCurrency(s, param);
  });
}

/** A Unix timestamp (seconds); `now` is accepted where Stripe accepts it. */
export function timestamp(opts: { allowNow?: boolean; now?: () => number } = {}): Spec<number | 'now'> {
  const base = int({ min: 0 });
  return spec({ type: 'integer', format: 'unix-time' }, (value, param) => {
    if (opts.allowNow && value === 'now') return 'now';
    return base.parse(value, param);
  });
}

export function obj<S extends Shape>(shape: S): Spec<Params<S>> {
  const properties: Record<string, unknown> = {};
  const requiredKeys: string[] = [];
  for (const [k, s] of Object.entries(shape)) {
    properties[k] = s.openapi;
    if (s.required) requiredKeys.push(k);
  }
  return spec(
    { type: 'object', properties, ...(requiredKeys.length ? { required: requiredKeys } : {}) },
    (value, param) => {
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw parameterInvalid(param, `Invalid object for ${param}: expected a hash (use ${param}[key]=value).`);
      }
      return readShape(value, shape, param);
    },
  );
}

export function arr<T>(item: Spec<T>, opts: { max?: number } = {}): Spec<T[]> {
  return spec({ type: 'array', items: item.openapi }, (value, param) => {
    // `a[0][k]=v` and `a[]=x` arrive as arrays; a lone `a=x` (or a hash) is Stripe's "Invalid array"
    if (!Array.isArray(value)) throw invalidRequest('Invalid array', { param });
    const list = value;
    if (opts.max !== undefined && list.length > opts.max) {
      throw parameterInvalid(param, `Invalid ${param}: at most ${opts.max} items are allowed.`);
    }
    return list.map((v, i) => item.parse(v, `${param}[${i}]`));
  });
}

/** Free-form nested data (e.g. `payment_method_options`), accepted as given. */
export function anything(): Spec<FormValue> {
  return spec({}, (value) => value);
}

export type Metadata = Record<string, string>;

/**
 * Metadata: up to 50 string keys. Returns the update as given: a key with ''
 * means "delete it"; `metadata=` (whole) is null, meaning "clear all".
 */
export function metadata(): Spec<Metadata | null> {
  return spec({ anyOf: [{ type: 'object', additionalProperties: { type: 'string' } }, { type: 'string', enum: [''] }] }, (value, param) => {
    if (value === '') return null;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw parameterInvalid(param, `Invalid ${param}: metadata must be a hash of string keys and values (${param}[key]=value).`);
    }
    const out: Metadata = {};
    const keys = Object.keys(value);
    if (keys.length > 50) throw parameterInvalid(param, `Invalid ${param}: metadata can have at most 50 keys.`);
    for (const key of keys) {
      const v = value[key];
      if (typeof v !== 'string') throw parameterInvalid(`${param}[${key}]`, `Invalid metadata value for ${param}[${key}]: must be a string.`);
      if (key.length > 40) throw parameterInvalid(`${param}[${key}]`, `Invalid metadata key ${key.slice(0, 40)}…: keys can be at most 40 characters.`);
      if (v.length > 500) throw parameterInvalid(`${param}[${key}]`, `Invalid metadata value for ${param}[${key}]: values can be at most 500 characters.`);
      out[key] = v;
    }
    return out;
  });
}

/** Applies a metadata update to existing metadata (Stripe's merge semantics). */
export function mergeMetadata(current: Metadata | null | undefined, update: Metadata | null | undefined): Metadata {
  if (update === undefined) return { ...(current ?? {}) };
  if (update === null) return {};
  const next: Metadata = { ...(current ?? {}) };
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete next[k];
    else next[k] = v;
  }
  if (Object.keys(next).length > 50) throw parameterInvalid('metadata', 'Invalid metadata: an object can have at most 50 metadata keys.');
  return next;
}

/** A `created`-style filter: an integer (exact) or {gt, gte, lt, lte}. */
export function range(): Spec<RangeFilter> {
  const bounds = obj({ gt: int(), gte: int(), lt: int(), lte: int() });
  return spec({ anyOf: [{ type: 'integer' }, bounds.openapi] }, (value, param) => {
    if (typeof value === 'string') {
      const n = int().parse(value, param);
      return { gte: n, lte: n };
    }
    const parsed = bounds.parse(value, param);
    const out: RangeFilter = {};
    for (const k of ['gt', 'gte', 'lt', 'lte'] as const) if (parsed[k] !== undefined) out[k] = parsed[k];
    return out;
  });
}

/** A shape's required keys, listed once per shape (shapes are declared once and never change) and kept on it under a symbol. */
const REQUIRED = Symbol('required keys');

function requiredOf(shape: Shape): string[] {
  const cached = (shape as { [REQUIRED]?: string[] })[REQUIRED];
  if (cached) return cached;
  const required = Object.keys(shape).filter((key) => shape[key].required);
  Object.defineProperty(shape, REQUIRED, { value: required }); // not enumerable: Object.keys and for…in never see it
  return required;
}

/**
 * Reads `input` against `shape`, visiting the parameters sent (a request sends few of the many a shape allows):
 * unknown keys are refused first, then missing required ones, then each value is parsed. `expand` is handled by the
 * router, never here.
 */
export function readShape<S extends Shape>(input: FormObject, shape: S, prefix = ''): Params<S> {
  const out: Record<string, unknown> = {};
  for (const key in input) {
    if (!Object.hasOwn(shape, key)) throw parameterUnknown(prefix ? `${prefix}[${key}]` : key);
  }
  for (const key of requiredOf(shape)) {
    if (!Object.hasOwn(input, key) || input[key] === undefined) throw parameterMissing(prefix ? `${prefix}[${key}]` : key);
  }
  for (const key in input) {
    const value = input[key];
    if (value !== undefined) out[key] = shape[key].parse(value, prefix ? `${prefix}[${key}]` : key);
  }
  return out as Params<S>;
}

/** The list parameters every list endpoint accepts. */
export const listShape = {
  limit: int({ min: 1, max: 100 }),
  starting_after: str(),
  ending_before: str(),
};

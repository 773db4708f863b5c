/**
 * Serializing responses. Stored objects are deep-frozen and never change, so
 * the JSON text of one is kept and reused: a retrieve or a list page of
 * unchanged objects costs a few lookups instead of serializing them again.
 * The result is byte for byte what JSON.stringify gives.
 *
 * The cache is bounded: two generations of at most MAX_ENTRIES each; when the
 * newer one is full it becomes the older one and the oldest is dropped, so
 * every step is O(1). An object's text is kept from its second serialization
 * on: the first only marks it, so a create (whose object is usually served
 * once) does not keep a copy of its response alive.
 */

const MAX_ENTRIES = 5_000;

/** The JSON text of an object, or null for an object serialized once so far. */
let current = new Map<object, string | null>();
let previous = new Map<object, string | null>();

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The JSON of a frozen plain object, from the cache when it was serialized lately. */
function frozenJson(value: object): string {
  const cached = current.get(value);
  if (typeof cached === 'string') return cached;
  const earlier = cached === null ? null : previous.get(value);
  const text = typeof earlier === 'string' ? earlier : JSON.stringify(value);
  if (current.size >= MAX_ENTRIES) {
    previous = current;
    current = new Map();
  }
  current.set(value, earlier === undefined ? null : text); // first time: only marked
  return text;
}

function cacheable(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.isFrozen(value) && isPlainObject(value);
}

/** A value inside a response: stored objects from the cache, anything else as JSON.stringify has it. */
function member(value: unknown): string | undefined {
  if (cacheable(value)) return frozenJson(value);
  if (Array.isArray(value) && value.some(cacheable)) {
    return `[${value.map((item) => (cacheable(item) ? frozenJson(item) : (JSON.stringify(item) ?? 'null'))).join(',')}]`;
  }
  return JSON.stringify(value);
}

/** JSON.stringify(value), reusing the text of stored objects at the top level, in its fields and in its arrays (list `data`). */
export function toJson(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !isPlainObject(value)) return JSON.stringify(value);
  if (Object.isFrozen(value)) return frozenJson(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
  const parts: string[] = [];
  for (const key of Object.keys(value)) {
    const text = member((value as Record<string, unknown>)[key]);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`); // undefined, functions: left out, as JSON.stringify does
  }
  return `{${parts.join(',')}}`;
}

/**
 * The resource registry: one list of the Stripe object types the emulator
 * serves, with their id prefix and collection. Expansion, fixtures, snapshots
 * and the dashboard all use it. Resources add themselves from their module.
 */
import type { ApiContext } from './context.js';
import type { StoredObject } from './store/collection.js';

export interface ResourceType {
  /** Stripe's `object` value, e.g. `invoice`. */
  object: string;
  /** Id prefix without the underscore, e.g. `in`. */
  prefix: string;
  /** The collection holding these objects (defaults to `object`). */
  collection?: string;
  /** Fields that appear only when expanded (e.g. invoice.payments), computed on demand. */
  includable?: Record<string, (ctx: ApiContext, obj: StoredObject) => unknown>;
  /** Load an object by id when it does not live in a plain collection (e.g. invoice line items). */
  load?: (ctx: ApiContext, id: string) => StoredObject | undefined;
}

const byObject = new Map<string, ResourceType>();
const prefixes: Array<[string, ResourceType]> = [];

export function registerResource(type: ResourceType): ResourceType {
  if (byObject.has(type.object)) return byObject.get(type.object)!;
  byObject.set(type.object, type);
  if (type.prefix !== '') prefixes.push([`${type.prefix}_`, type]);
  prefixes.sort((a, b) => b[0].length - a[0].length);
  return type;
}

export function resourceType(object: string): ResourceType | undefined {
  return byObject.get(object);
}

export function resourceForId(id: string): ResourceType | undefined {
  for (const [prefix, type] of prefixes) if (id.startsWith(prefix)) return type;
  return undefined;
}

export function collectionName(type: ResourceType): string {
  return type.collection ?? type.object;
}

export function allResourceTypes(): ResourceType[] {
  return [...byObject.values()];
}

/** Loads any registered object of the context's account by id. */
export function loadById(ctx: ApiContext, id: string): StoredObject | undefined {
  const type = resourceForId(id);
  if (!type) return undefined;
  if (type.load) return type.load(ctx, id);
  return ctx.account.collection(collectionName(type)).get(id);
}

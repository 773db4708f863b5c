/** Products: create, retrieve, update, delete (only while no price uses them). */
import type { ApiContext } from '../../context.js';
import { invalidRequest, resourceMissing } from '../../errors.js';
import { emit, emitUpdated } from '../../events/emit.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import type { StoredObject } from '../../store/collection.js';

export const PRODUCTS = 'product';

export interface Product extends StoredObject {
  object: 'product';
  active: boolean;
  created: number;
  default_price: string | null;
  description: string | null;
  metadata: Metadata;
  name: string;
  updated: number;
  deleted?: true;
}

export interface ProductFields {
  id?: string;
  name?: string;
  active?: boolean;
  description?: string | null;
  images?: string[] | null;
  marketing_features?: Array<{ name: string }> | null;
  metadata?: Metadata | null;
  package_dimensions?: { height: number; length: number; weight: number; width: number } | null;
  shippable?: boolean;
  statement_descriptor?: string | null;
  tax_code?: string | null;
  tax_details?: { performance_location?: string; tax_code?: string | null } | null;
  type?: 'good' | 'service';
  unit_label?: string | null;
  url?: string | null;
  default_price?: string | null;
}

/** A live product, or 404. */
export function getProduct(ctx: ApiContext, id: string, param = 'product'): Product {
  const p = ctx.account.collection<Product>(PRODUCTS).get(id);
  if (!p || p.deleted) throw resourceMissing('product', id, param);
  return p;
}

export function findProduct(ctx: ApiContext, id: string): Product | undefined {
  return ctx.account.collection<Product>(PRODUCTS).get(id);
}

/** A copy of `base` with `f` applied. */
function apply(base: Product, f: ProductFields): Product {
  const next: Product = { ...base };
  const simple = ['name', 'active', 'description', 'shippable', 'statement_descriptor', 'tax_code', 'unit_label', 'url', 'package_dimensions', 'default_price'] as const;
  for (const key of simple) if (f[key] !== undefined) (next as Record<string, unknown>)[key] = f[key];
  if (f.images !== undefined) next.images = f.images ?? [];
  if (f.marketing_features !== undefined) next.marketing_features = (f.marketing_features ?? []).map((m) => ({ name: m.name }));
  if (f.tax_details !== undefined) {
    next.tax_details = f.tax_details === null
      ? null
      : { performance_location: f.tax_details.performance_location ?? null, tax_code: f.tax_details.tax_code ?? null };
  }
  if (f.metadata !== undefined) next.metadata = mergeMetadata(base.metadata, f.metadata);
  return next;
}

export function createProduct(ctx: ApiContext, f: ProductFields & { name: string }, opts: { silent?: boolean } = {}): Product {
  const products = ctx.account.collection<Product>(PRODUCTS);
  const id = f.id ?? ctx.id('prod');
  if (products.get(id)) {
    throw invalidRequest(`Product already exists.`, { code: 'resource_already_exists', param: 'id' });
  }
  const now = ctx.now();
  const base: Product = {
    id,
    object: 'product',
    active: true,
    created: now,
    default_price: null,
    description: null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: {},
    name: f.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: f.type ?? 'service',
    unit_label: null,
    updated: now,
    url: null,
  };
  const product = products.put(apply(base, { ...f, id: undefined }));
  if (!opts.silent) emit(ctx, 'product.created', product);
  return product;
}

export function updateProduct(ctx: ApiContext, id: string, f: ProductFields): Product {
  const before = getProduct(ctx, id, 'id');
  const changed = apply(before, f);
  const after = ctx.account.collection<Product>(PRODUCTS).put(
    JSON.stringify(changed) === JSON.stringify(before) ? before : { ...changed, updated: ctx.now() },
  );
  emitUpdated(ctx, 'product.updated', before, after);
  return after;
}

/** Hook the prices module installs: whether any price refers to the product. */
export const productHooks: { hasPrices?: (ctx: ApiContext, productId: string) => boolean } = {};

export function deleteProduct(ctx: ApiContext, id: string): StoredObject {
  const before = getProduct(ctx, id, 'id');
  if (productHooks.hasPrices?.(ctx, id)) {
    throw invalidRequest('This product cannot be deleted because it has one or more user-created prices.', { param: 'id' });
  }
  const stub = { id, object: 'product', deleted: true } as Product;
  ctx.account.collection<Product>(PRODUCTS).put(stub);
  emit(ctx, 'product.deleted', before);
  return stub;
}

/** Routes for products. */
import { invalidRequest, resourceMissing } from '../../errors.js';
import {
  anything, arr, bool, emptyable, int, listShape, metadata, obj, oneOf, range, required, str, type Params,
} from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { listObjects } from '../../store/list.js';
import { searchObjects } from '../../store/search.js';
import { createPrice, getPrice, priceDataShape } from '../prices/service.js';
import {
  PRODUCTS, createProduct, deleteProduct, findProduct, updateProduct, type Product, type ProductFields,
} from './service.js';

registerResource({ object: 'product', prefix: 'prod' });

const dimensions = obj({ height: required(int({ min: 0 })), length: required(int({ min: 0 })), weight: required(int({ min: 0 })), width: required(int({ min: 0 })) });
const taxDetails = obj({ performance_location: str(), tax_code: emptyable(str()) });

const commonShape = {
  active: bool(),
  description: emptyable(str({ max: 40000 })),
  images: emptyable(arr(str({ max: 2048 }), { max: 8 })),
  marketing_features: emptyable(arr(obj({ name: required(str({ max: 80 })) }), { max: 15 })),
  metadata: metadata(),
  package_dimensions: emptyable(dimensions),
  shippable: bool(),
  statement_descriptor: str({ max: 22 }),
  tax_code: emptyable(str()),
  tax_details: emptyable(taxDetails),
  unit_label: emptyable(str({ max: 12 })),
  url: emptyable(str({ max: 5000 })),
};

const createShape = {
  ...commonShape,
  name: required(str({ max: 250 })),
  id: str({ max: 250 }),
  type: oneOf(['good', 'service'] as const),
  default_price_data: obj({ ...priceDataShape, currency_options: anything(), custom_unit_amount: anything(), metadata: metadata(), recurring: anything() }),
};

const updateShape = { ...commonShape, name: str({ max: 250 }), default_price: str() };

function fields(p: Params<typeof commonShape>): ProductFields {
  return {
    active: p.active,
    description: p.description,
    images: p.images,
    marketing_features: p.marketing_features,
    metadata: p.metadata,
    package_dimensions: p.package_dimensions,
    shippable: p.shippable,
    statement_descriptor: p.statement_descriptor,
    tax_code: p.tax_code,
    tax_details: p.tax_details,
    unit_label: p.unit_label,
    url: p.url,
  };
}

export function productRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/products', summary: 'Create a product', returns: 'product', params: createShape,
    handler: (ctx, p) => {
      let product = createProduct(ctx, { ...fields(p), name: p.name, id: p.id, type: p.type });
      if (p.default_price_data) {
        const d = p.default_price_data;
        const price = createPrice(ctx, {
          currency: d.currency, unit_amount: d.unit_amount, unit_amount_decimal: d.unit_amount_decimal, tax_behavior: d.tax_behavior,
          recurring: d.recurring, metadata: d.metadata, product: product.id,
        }, 'default_price_data');
        product = ctx.account.collection<Product>(PRODUCTS).put({ ...product, default_price: price.id });
      }
      return product;
    },
  });
  r.add({
    method: 'GET', path: '/v1/products/{id}', summary: 'Retrieve a product', returns: 'product',
    handler: (ctx, _p, { id }) => {
      const product = findProduct(ctx, id);
      if (!product) throw resourceMissing('product', id, 'id');
      return product;
    },
  });
  r.add({
    method: 'POST', path: '/v1/products/{id}', summary: 'Update a product', returns: 'product', params: updateShape,
    handler: (ctx, p, { id }) => {
      if (p.default_price !== undefined) {
        const price = getPrice(ctx, p.default_price, 'default_price');
        if (price.product !== id) throw invalidRequest(`The price \`${price.id}\` does not belong to this product.`, { param: 'default_price' });
      }
      return updateProduct(ctx, id, { ...fields(p), name: p.name, default_price: p.default_price });
    },
  });
  r.add({
    method: 'DELETE', path: '/v1/products/{id}', summary: 'Delete a product (only without prices)', returns: 'deleted_product',
    handler: (ctx, _p, { id }) => deleteProduct(ctx, id),
  });
  r.add({
    method: 'GET', path: '/v1/products', summary: 'List products', returns: 'list',
    params: { ...listShape, active: bool(), created: range(), ids: arr(str()), shippable: bool(), type: oneOf(['good', 'service'] as const), url: str() },
    handler: (ctx, p) =>
      listObjects<Product>(ctx, p, {
        collection: PRODUCTS, objectName: 'product', url: '/v1/products',
        created: p.created,
        filter: (x) =>
          (p.active === undefined || x.active === p.active) &&
          (p.ids === undefined || p.ids.includes(x.id)) &&
          (p.shippable === undefined || x.shippable === p.shippable) &&
          (p.type === undefined || x.type === p.type) &&
          (p.url === undefined || x.url === p.url),
      }),
  });
  r.add({
    method: 'GET', path: '/v1/products/search', summary: 'Search products', returns: 'search_result',
    params: { query: required(str()), limit: int({ min: 1, max: 100 }), page: str() },
    handler: (ctx, p) =>
      searchObjects(ctx, p, {
        collection: PRODUCTS, url: '/v1/products/search',
        fields: new Set(['active', 'description', 'name', 'shippable', 'url', 'created', 'id']),
      }),
  });
}

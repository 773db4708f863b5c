/** Routes for prices. */
import {
  anything, arr, bool, currency, decimal, emptyable, int, listShape, metadata, obj, oneOf, range, required, str,
} from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { listObjects } from '../../store/list.js';
import { searchObjects } from '../../store/search.js';
import {
  PRICES, createPrice, getPrice, isInlinePrice, priceCurrencyOptions, priceTiers, taxBehaviorSpec, updatePrice, type Price,
} from './service.js';

registerResource({
  object: 'price',
  prefix: 'price',
  includable: {
    currency_options: (ctx, p) => priceCurrencyOptions(ctx, p as Price),
    tiers: (ctx, p) => ((p as Price).billing_scheme === 'tiered' ? priceTiers(ctx, p.id) : undefined),
  },
});

const upTo = {
  required: true as const,
  openapi: { anyOf: [{ type: 'integer' }, { type: 'string', enum: ['inf'] }] },
  parse: (value: unknown, param: string): number | 'inf' => (value === 'inf' ? 'inf' : int({ min: 1 }).parse(value as string, param)),
};

const createShape = {
  currency: required(currency()),
  active: bool(),
  billing_scheme: oneOf(['per_unit', 'tiered'] as const),
  currency_options: anything(),
  custom_unit_amount: obj({ enabled: required(bool()), maximum: int({ min: 0 }), minimum: int({ min: 0 }), preset: int({ min: 0 }) }),
  lookup_key: str({ max: 200 }),
  metadata: metadata(),
  nickname: str({ max: 5000 }),
  product: str(),
  product_data: obj({
    name: required(str({ max: 250 })), active: bool(), id: str(), metadata: metadata(), statement_descriptor: str({ max: 22 }),
    tax_code: str(), tax_details: anything(), unit_label: str({ max: 12 }),
  }),
  recurring: anything(),
  tax_behavior: oneOf(['exclusive', 'inclusive', 'unspecified'] as const),
  tiers: arr(obj({ flat_amount: int({ min: 0 }), flat_amount_decimal: decimal(), unit_amount: int({ min: 0 }), unit_amount_decimal: decimal(), up_to: upTo })),
  tiers_mode: oneOf(['graduated', 'volume'] as const),
  transfer_lookup_key: bool(),
  transform_quantity: obj({ divide_by: required(int({ min: 1 })), round: required(oneOf(['down', 'up'] as const)) }),
  unit_amount: int({ min: 0 }),
  unit_amount_decimal: decimal(),
};

const updateShape = {
  active: bool(),
  currency_options: emptyable(anything()),
  lookup_key: emptyable(str({ max: 200 })),
  metadata: metadata(),
  nickname: emptyable(str({ max: 5000 })),
  tax_behavior: taxBehaviorSpec,
  transfer_lookup_key: bool(),
};

export function priceRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/prices', summary: 'Create a price', returns: 'price', params: createShape,
    handler: (ctx, p) =>
      createPrice(ctx, {
        ...p,
        product_data: p.product_data
          ? {
              name: p.product_data.name, id: p.product_data.id, active: p.product_data.active, metadata: p.product_data.metadata,
              statement_descriptor: p.product_data.statement_descriptor, tax_code: p.product_data.tax_code, unit_label: p.product_data.unit_label,
            }
          : undefined,
      }),
  });
  r.add({
    method: 'GET', path: '/v1/prices/{price}', summary: 'Retrieve a price', returns: 'price',
    handler: (ctx, _p, { price }) => getPrice(ctx, price, 'price'),
  });
  r.add({
    method: 'POST', path: '/v1/prices/{price}', summary: 'Update a price', returns: 'price', params: updateShape,
    handler: (ctx, p, { price }) => updatePrice(ctx, price, p),
  });
  r.add({
    method: 'GET', path: '/v1/prices', summary: 'List prices', returns: 'list',
    params: {
      ...listShape, active: bool(), created: range(), currency: currency(), lookup_keys: arr(str(), { max: 10 }), product: str(),
      recurring: obj({ interval: oneOf(['day', 'week', 'month', 'year'] as const), meter: str(), usage_type: oneOf(['licensed', 'metered'] as const) }),
      type: oneOf(['one_time', 'recurring'] as const),
    },
    handler: (ctx, p) =>
      listObjects<Price>(ctx, p, {
        collection: PRICES, objectName: 'price', url: '/v1/prices',
        where: p.product !== undefined ? { field: 'product', value: p.product } : undefined,
        created: p.created,
        filter: (x) =>
          !isInlinePrice(ctx, x.id) &&
          (p.active === undefined || x.active === p.active) &&
          (p.currency === undefined || x.currency === p.currency) &&
          (p.lookup_keys === undefined || (x.lookup_key !== null && p.lookup_keys.includes(x.lookup_key))) &&
          (p.type === undefined || x.type === p.type) &&
          (p.recurring === undefined ||
            (x.recurring !== null &&
              (p.recurring.interval === undefined || x.recurring.interval === p.recurring.interval) &&
              (p.recurring.usage_type === undefined || x.recurring.usage_type === p.recurring.usage_type) &&
              (p.recurring.meter === undefined || x.recurring.meter === p.recurring.meter))),
      }),
  });
  r.add({
    method: 'GET', path: '/v1/prices/search', summary: 'Search prices', returns: 'search_result',
    params: { query: required(str()), limit: int({ min: 1, max: 100 }), page: str() },
    handler: (ctx, p) =>
      searchObjects(ctx, p, {
        collection: PRICES, url: '/v1/prices/search',
        fields: new Set(['active', 'currency', 'lookup_key', 'product', 'type', 'created', 'id']),
      }),
  });
}

/**
 * Prices: one-time and recurring, per-unit or tiered; `priceAmount` turns a
 * price and a quantity into the amount an invoice item charges.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest, parameterInvalid, parameterMissing, resourceMissing } from '../../errors.js';
import { emit, emitUpdated } from '../../events/emit.js';
import { currency, decimal, emptyable, int, mergeMetadata, oneOf, required, str, type Metadata } from '../../http/params.js';
import type { StoredObject } from '../../store/collection.js';
import { createProduct, getProduct, productHooks, type ProductFields } from '../products/service.js';

export const PRICES = 'price';
/** Prices created inline (`price_data`): retrievable, never listed. */
const INLINE_PRICES = '_inline_prices';
/** `currency_options` per price (includable: rendered only with `expand[]=currency_options`). */
export const PRICE_CURRENCY_OPTIONS = '_price_currency_options';

export interface Tier {
  flat_amount: number | null;
  flat_amount_decimal: string | null;
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  up_to: number | null;
}

export interface Price extends StoredObject {
  object: 'price';
  active: boolean;
  billing_scheme: 'per_unit' | 'tiered';
  created: number;
  currency: string;
  lookup_key: string | null;
  metadata: Metadata;
  nickname: string | null;
  product: string;
  recurring: Record<string, unknown> | null;
  tax_behavior: string | null;
  tiers_mode: 'graduated' | 'volume' | null;
  transform_quantity: { divide_by: number; round: 'down' | 'up' } | null;
  type: 'one_time' | 'recurring';
  unit_amount: number | null;
  unit_amount_decimal: string | null;
}

interface PriceExtras extends StoredObject {
  tiers?: Tier[];
  currency_options?: Record<string, unknown>;
}

/** The shape of `price_data` (invoice items, lines) and `default_price_data` (products). */
export const priceDataShape = {
  currency: required(currency()),
  product: str(),
  tax_behavior: oneOf(['exclusive', 'inclusive', 'unspecified'] as const),
  unit_amount: int({ min: 0 }),
  unit_amount_decimal: decimal(),
};

export const taxBehaviorSpec = emptyable(oneOf(['exclusive', 'inclusive', 'unspecified'] as const));

export interface PriceInput {
  currency: string;
  product?: string;
  product_data?: ProductFields & { name: string };
  active?: boolean;
  billing_scheme?: 'per_unit' | 'tiered';
  custom_unit_amount?: { enabled: boolean; maximum?: number; minimum?: number; preset?: number };
  lookup_key?: string;
  metadata?: Metadata | null;
  nickname?: string;
  recurring?: unknown;
  tax_behavior?: string | null;
  tiers?: Array<{ flat_amount?: number; flat_amount_decimal?: string; unit_amount?: number; unit_amount_decimal?: string; up_to: number | 'inf' }>;
  tiers_mode?: 'graduated' | 'volume';
  transfer_lookup_key?: boolean;
  transform_quantity?: { divide_by: number; round: 'down' | 'up' };
  unit_amount?: number;
  unit_amount_decimal?: string;
  currency_options?: unknown;
}

export function getPrice(ctx: ApiContext, id: string, param = 'price'): Price {
  const price = ctx.account.collection<Price>(PRICES).get(id);
  if (!price) throw resourceMissing('price', id, param);
  return price;
}

export function isInlinePrice(ctx: ApiContext, id: string): boolean {
  return ctx.account.collection(INLINE_PRICES).get(id) !== undefined;
}

export function priceTiers(ctx: ApiContext, id: string): Tier[] {
  return ctx.account.collection<PriceExtras>(PRICE_CURRENCY_OPTIONS).get(id)?.tiers ?? [];
}

export function priceCurrencyOptions(ctx: ApiContext, price: Price): Record<string, unknown> {
  const own = {
    custom_unit_amount: price.custom_unit_amount ?? null,
    tax_behavior: price.tax_behavior,
    unit_amount: price.unit_amount,
    unit_amount_decimal: price.unit_amount_decimal,
  };
  const extra = ctx.account.collection<PriceExtras>(PRICE_CURRENCY_OPTIONS).get(price.id)?.currency_options ?? {};
  return { ...extra, [price.currency]: own };
}

function readRecurring(value: unknown, param: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw parameterInvalid(param, `Invalid object for ${param}.`);
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!['interval', 'interval_count', 'meter', 'trial_period_days', 'usage_type'].includes(key)) {
      throw invalidRequest(`Received unknown parameter: ${param}[${key}]`, { code: 'parameter_unknown', param: `${param}[${key}]` });
    }
  }
  const interval = required(oneOf(['day', 'week', 'month', 'year'] as const));
  if (v.interval === undefined) throw parameterMissing(`${param}[interval]`);
  const out: Record<string, unknown> = {
    interval: interval.parse(v.interval as string, `${param}[interval]`),
    interval_count: v.interval_count === undefined ? 1 : int({ min: 1, max: 365 }).parse(v.interval_count as string, `${param}[interval_count]`),
    meter: v.meter === undefined ? null : str().parse(v.meter as string, `${param}[meter]`),
    trial_period_days: v.trial_period_days === undefined ? null : int({ min: 0 }).parse(v.trial_period_days as string, `${param}[trial_period_days]`),
    usage_type: v.usage_type === undefined ? 'licensed' : oneOf(['licensed', 'metered'] as const).parse(v.usage_type as string, `${param}[usage_type]`),
  };
  return out;
}

/** `12.50` → `12.5`, `7.0` → `7` (Stripe echoes decimals without trailing zeros). */
export function normalizeDecimal(dec: string): string {
  return dec.includes('.') ? dec.replace(/0+$/, '').replace(/\.$/, '') : dec;
}

/** Integer cents from a decimal string when it is whole, else null (Stripe's `unit_amount` for fractional prices). */
function wholeOrNull(dec: string): number | null {
  const n = Number(dec);
  return Number.isInteger(n) ? n : null;
}

function releaseLookupKey(ctx: ApiContext, key: string, transfer: boolean | undefined, exceptId?: string): void {
  const prices = ctx.account.collection<Price>(PRICES);
  for (const other of prices.values()) {
    if (other.lookup_key !== key || other.id === exceptId) continue;
    if (!transfer) {
      throw invalidRequest(
        `A price (\`${other.id}\`) already uses that lookup key. Pass \`transfer_lookup_key=true\` to transfer it to this price.`,
        { param: 'lookup_key' },
      );
    }
    const after = prices.put({ ...other, lookup_key: null });
    emitUpdated(ctx, 'price.updated', other, after);
  }
}

export function createPrice(ctx: ApiContext, input: PriceInput, prefix = '', opts: { inline?: boolean } = {}): Price {
  const p = (name: string) => (prefix ? `${prefix}[${name}]` : name);
  let productId: string;
  if (input.product !== undefined && input.product_data !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: product, product_data.', { param: p('product') });
  }
  if (input.product !== undefined) productId = getProduct(ctx, input.product, p('product')).id;
  else if (input.product_data !== undefined) productId = createProduct(ctx, input.product_data).id;
  else throw parameterMissing(p('product'), 'You must specify either `product` or `product_data` when creating a price.');

  const scheme = input.billing_scheme ?? 'per_unit';
  let unitAmount: number | null = null;
  let unitDecimal: string | null = null;
  let tiers: Tier[] | undefined;
  if (input.unit_amount !== undefined && input.unit_amount_decimal !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: unit_amount, unit_amount_decimal.', { param: p('unit_amount') });
  }
  const custom = input.custom_unit_amount?.enabled ? input.custom_unit_amount : undefined;
  if (scheme === 'per_unit') {
    if (input.unit_amount !== undefined) {
      unitAmount = input.unit_amount;
      unitDecimal = String(input.unit_amount);
    } else if (input.unit_amount_decimal !== undefined) {
      unitDecimal = normalizeDecimal(input.unit_amount_decimal);
      unitAmount = wholeOrNull(input.unit_amount_decimal);
    } else if (!custom) {
      throw parameterMissing(p('unit_amount'), 'Missing required param: unit_amount.');
    }
  } else {
    if (!input.tiers || input.tiers.length === 0) throw parameterMissing(p('tiers'));
    if (!input.tiers_mode) throw parameterMissing(p('tiers_mode'));
    tiers = input.tiers.map((t, i) => {
      if (i < input.tiers!.length - 1 && t.up_to === 'inf') throw parameterInvalid(p(`tiers][${i}][up_to`), 'Only the last tier may use `up_to=inf`.');
      if (i === input.tiers!.length - 1 && t.up_to !== 'inf') throw parameterInvalid(p(`tiers][${i}][up_to`), 'The last tier must use `up_to=inf`.');
      const ua = t.unit_amount ?? (t.unit_amount_decimal !== undefined ? wholeOrNull(t.unit_amount_decimal) : null);
      const fa = t.flat_amount ?? (t.flat_amount_decimal !== undefined ? wholeOrNull(t.flat_amount_decimal) : null);
      return {
        flat_amount: fa,
        flat_amount_decimal: t.flat_amount_decimal ?? (t.flat_amount !== undefined ? String(t.flat_amount) : null),
        unit_amount: ua,
        unit_amount_decimal: t.unit_amount_decimal ?? (t.unit_amount !== undefined ? String(t.unit_amount) : null),
        up_to: t.up_to === 'inf' ? null : t.up_to,
      };
    });
  }
  const recurring = input.recurring === undefined ? null : readRecurring(input.recurring, p('recurring'));
  if (input.lookup_key !== undefined) releaseLookupKey(ctx, input.lookup_key, input.transfer_lookup_key);

  const price: Price = {
    id: ctx.id('price'),
    object: 'price',
    active: opts.inline ? false : input.active ?? true,
    billing_scheme: scheme,
    created: ctx.now(),
    currency: input.currency.toLowerCase(),
    custom_unit_amount: custom ? { maximum: custom.maximum ?? null, minimum: custom.minimum ?? null, preset: custom.preset ?? null } : null,
    livemode: false,
    lookup_key: input.lookup_key ?? null,
    metadata: mergeMetadata({}, input.metadata),
    nickname: input.nickname ?? null,
    product: productId,
    recurring,
    tax_behavior: input.tax_behavior ?? 'unspecified',
    tiers_mode: scheme === 'tiered' ? input.tiers_mode ?? null : null,
    transform_quantity: input.transform_quantity ?? null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: unitAmount,
    unit_amount_decimal: unitDecimal,
  };
  const stored = ctx.account.collection<Price>(PRICES).put(price);
  if (tiers || input.currency_options !== undefined) {
    ctx.account.collection<PriceExtras>(PRICE_CURRENCY_OPTIONS).put({
      id: price.id,
      ...(tiers ? { tiers } : {}),
      ...(input.currency_options !== undefined ? { currency_options: input.currency_options as Record<string, unknown> } : {}),
    });
  }
  if (opts.inline) ctx.account.collection(INLINE_PRICES).put({ id: price.id });
  else emit(ctx, 'price.created', stored);
  return stored;
}

export interface PriceUpdate {
  active?: boolean;
  lookup_key?: string | null;
  metadata?: Metadata | null;
  nickname?: string | null;
  tax_behavior?: string | null;
  transfer_lookup_key?: boolean;
  currency_options?: unknown;
}

export function updatePrice(ctx: ApiContext, id: string, u: PriceUpdate): Price {
  const before = getPrice(ctx, id, 'price');
  const next: Price = { ...before };
  if (u.active !== undefined) next.active = u.active;
  if (u.nickname !== undefined) next.nickname = u.nickname;
  if (u.metadata !== undefined) next.metadata = mergeMetadata(before.metadata, u.metadata);
  if (u.tax_behavior !== undefined && u.tax_behavior !== before.tax_behavior) {
    if (before.tax_behavior !== 'unspecified' && before.tax_behavior !== null) {
      throw invalidRequest('You cannot update the tax_behavior of a price once it has been set to inclusive or exclusive.', { param: 'tax_behavior' });
    }
    next.tax_behavior = u.tax_behavior ?? 'unspecified';
  }
  if (u.lookup_key !== undefined && u.lookup_key !== before.lookup_key) {
    if (u.lookup_key !== null) releaseLookupKey(ctx, u.lookup_key, u.transfer_lookup_key, id);
    next.lookup_key = u.lookup_key;
  }
  if (u.currency_options !== undefined) {
    const extras = ctx.account.collection<PriceExtras>(PRICE_CURRENCY_OPTIONS);
    const current = extras.get(id) ?? { id };
    extras.put({ ...current, currency_options: (u.currency_options ?? {}) as Record<string, unknown> });
  }
  const after = ctx.account.collection<Price>(PRICES).put(next);
  emitUpdated(ctx, 'price.updated', before, after);
  return after;
}

productHooks.hasPrices = (ctx, productId) => {
  for (const price of ctx.account.collection<Price>(PRICES).values()) {
    if (price.product === productId && !isInlinePrice(ctx, price.id)) return true;
  }
  return false;
};

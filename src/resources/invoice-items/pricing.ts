/**
 * How an invoice item (or an invoice line added with add_lines) is priced:
 * `amount`, `unit_amount_decimal` × quantity, `pricing[price]` (or the
 * pre-basil `price`), or `price_data` (an inline price). The result is the
 * item's amount, currency, quantity and `pricing` sub-object.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest, parameterMissing } from '../../errors.js';
import { getProduct } from '../products/service.js';
import { priceAmount } from '../prices/amount.js';
import { createPrice, getPrice, normalizeDecimal, type Price } from '../prices/service.js';

export interface Pricing {
  price_details?: { price: string; product: string };
  type: 'price_details';
  unit_amount_decimal: string | null;
}

export interface PricingInput {
  amount?: number;
  currency?: string;
  /** pre-basil */
  price?: string;
  pricing?: { price?: string };
  price_data?: { currency: string; product?: string; tax_behavior?: string; unit_amount?: number; unit_amount_decimal?: string };
  quantity?: number;
  quantity_decimal?: string;
  unit_amount_decimal?: string;
  /** pre-basil */
  unit_amount?: number;
}

export interface Priced {
  amount: number;
  currency: string;
  quantity: number;
  pricing: Pricing;
}

/** The existing pricing of an item being updated. */
export interface CurrentPricing {
  amount: number;
  currency: string;
  quantity: number;
  pricing: Pricing;
}

function exclusive(input: PricingInput, prefix: string): void {
  const present = (['amount', 'price', 'pricing', 'price_data', 'unit_amount_decimal', 'unit_amount'] as const).filter((k) => input[k] !== undefined);
  if (present.length > 1) {
    const p = (k: string) => (prefix ? `${prefix}[${k}]` : k);
    throw invalidRequest(`You may only specify one of these parameters: ${present.join(', ')}.`, { code: 'parameters_exclusive', param: p(present[1]) });
  }
}

function quantityOf(input: PricingInput, fallback: number, param: (k: string) => string): number {
  if (input.quantity !== undefined) return input.quantity;
  if (input.quantity_decimal !== undefined) {
    const q = Number(input.quantity_decimal);
    if (!Number.isInteger(q)) throw invalidRequest('The emulator only supports whole quantities.', { param: param('quantity_decimal') });
    return q;
  }
  return fallback;
}

function fromPrice(ctx: ApiContext, price: Price, quantity: number, currencyParam: string | undefined, param: (k: string) => string): Priced {
  if (!price.active) {
    throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, { param: param('pricing][price') });
  }
  if (price.type === 'recurring') {
    throw invalidRequest('The price specified is set to `type=recurring` but this field only accepts prices with `type=one_time`.', { param: param('pricing][price') });
  }
  if (currencyParam !== undefined && currencyParam.toLowerCase() !== price.currency) {
    throw invalidRequest(`The currency of the price (${price.currency}) does not match the currency passed (${currencyParam.toLowerCase()}).`, { param: param('currency') });
  }
  const { amount, unit_amount_decimal } = priceAmount(ctx, price, quantity);
  return {
    amount,
    currency: price.currency,
    quantity,
    pricing: { price_details: { price: price.id, product: price.product }, type: 'price_details', unit_amount_decimal },
  };
}

function unitPriced(amount: number, unit: string, currency: string, quantity: number): Priced {
  return { amount, currency, quantity, pricing: { type: 'price_details', unit_amount_decimal: normalizeDecimal(unit) } };
}

function divide(amount: number, quantity: number): string {
  if (quantity === 0) return String(amount);
  const q = amount / quantity;
  return Number.isInteger(q) ? String(q) : q.toFixed(12).replace(/0+$/, '');
}

/**
 * Prices a new item. `currencyFallback` is the customer's (or invoice's)
 * currency, used when neither the params nor a price name one.
 */
export function resolvePricing(ctx: ApiContext, input: PricingInput, opts: { prefix?: string; currencyFallback?: string | null }): Priced {
  const prefix = opts.prefix ?? '';
  const param = (k: string) => (prefix ? `${prefix}[${k}]` : k);
  exclusive(input, prefix);
  const quantity = quantityOf(input, 1, param);
  const priceId = input.pricing?.price ?? input.price;
  if (priceId !== undefined) {
    return fromPrice(ctx, getPrice(ctx, priceId, param(input.pricing ? 'pricing][price' : 'price')), quantity, input.currency, param);
  }
  if (input.price_data !== undefined) {
    const d = input.price_data;
    if (d.product === undefined) throw parameterMissing(param('price_data][product'));
    getProduct(ctx, d.product, param('price_data][product'));
    if (d.unit_amount === undefined && d.unit_amount_decimal === undefined) throw parameterMissing(param('price_data][unit_amount'));
    const price = createPrice(ctx, { ...d, product: d.product }, param('price_data'), { inline: true });
    const { amount, unit_amount_decimal } = priceAmount(ctx, price, quantity);
    return {
      amount, currency: price.currency, quantity,
      pricing: { price_details: { price: price.id, product: price.product }, type: 'price_details', unit_amount_decimal },
    };
  }
  const currency = (input.currency ?? opts.currencyFallback ?? undefined)?.toLowerCase();
  if (currency === undefined) throw parameterMissing(param('currency'));
  if (input.amount !== undefined) return unitPriced(input.amount, divide(input.amount, quantity), currency, quantity);
  const unit = input.unit_amount_decimal ?? (input.unit_amount !== undefined ? String(input.unit_amount) : undefined);
  if (unit === undefined) {
    throw parameterMissing(param('amount'), 'You must specify either `amount`, `pricing[price]`, `price_data` or `unit_amount_decimal`.');
  }
  return unitPriced(Math.round(Number(unit) * quantity), unit, currency, quantity);
}

/** Re-prices an existing item after an update (new quantity, amount, price …). */
export function repricePricing(ctx: ApiContext, current: CurrentPricing, input: PricingInput, opts: { prefix?: string } = {}): Priced {
  const prefix = opts.prefix ?? '';
  const param = (k: string) => (prefix ? `${prefix}[${k}]` : k);
  exclusive(input, prefix);
  const changesPrice = ['amount', 'price', 'pricing', 'price_data', 'unit_amount_decimal', 'unit_amount'].some((k) => input[k as keyof PricingInput] !== undefined);
  const quantity = quantityOf(input, current.quantity, param);
  if (changesPrice) return resolvePricing(ctx, { ...input, quantity, currency: input.currency ?? current.currency }, opts);
  if (quantity === current.quantity) return current;
  const priceId = current.pricing.price_details?.price;
  if (priceId !== undefined) {
    const price = getPrice(ctx, priceId);
    const { amount, unit_amount_decimal } = priceAmount(ctx, price, quantity);
    return { ...current, amount, quantity, pricing: { ...current.pricing, unit_amount_decimal } };
  }
  const unit = current.pricing.unit_amount_decimal ?? divide(current.amount, current.quantity);
  return unitPriced(Math.round(Number(unit) * quantity), unit, current.currency, quantity);
}

/** What a quantity of a price costs: per unit (with transform_quantity) or tiered (volume / graduated). */
import type { ApiContext } from '../../context.js';
import { priceTiers, type Price, type Tier } from './service.js';

function applyTransform(price: Price, quantity: number): number {
  const t = price.transform_quantity;
  if (!t) return quantity;
  const q = quantity / t.divide_by;
  return t.round === 'up' ? Math.ceil(q) : Math.floor(q);
}

function tierCost(t: Tier, units: number): number {
  const unit = t.unit_amount_decimal !== null ? Number(t.unit_amount_decimal) : 0;
  const flat = t.flat_amount_decimal !== null ? Number(t.flat_amount_decimal) : 0;
  return unit * units + flat;
}

/**
 * What `quantity` units of `price` cost (cents, rounded half-up as Stripe does),
 * plus the per-unit decimal shown on the line.
 */
export function priceAmount(ctx: ApiContext, price: Price, quantity: number): { amount: number; unit_amount_decimal: string | null } {
  if (price.billing_scheme === 'per_unit') {
    const unit = price.unit_amount_decimal ?? '0';
    const units = applyTransform(price, quantity);
    return { amount: Math.round(Number(unit) * units), unit_amount_decimal: unit };
  }
  const tiers = priceTiers(ctx, price.id);
  let total = 0;
  if (price.tiers_mode === 'volume') {
    const tier = tiers.find((t) => t.up_to === null || quantity <= t.up_to) ?? tiers[tiers.length - 1];
    total = tierCost(tier, quantity);
  } else {
    let previous = 0;
    for (const t of tiers) {
      if (quantity <= previous) break;
      const upper = t.up_to === null ? quantity : Math.min(quantity, t.up_to);
      total += tierCost(t, upper - previous);
      previous = upper;
    }
  }
  return { amount: Math.round(total), unit_amount_decimal: null };
}

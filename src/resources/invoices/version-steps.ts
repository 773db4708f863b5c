/**
 * Invoices, lines and invoice items before 2025-03-31.basil (reference §1.3,
 * Appendix A2). The generated field lists already strip what basil added to
 * the 2025-03-31 shape; these steps take away what the 2025-03-31 shape still
 * has but older versions lack (`parent`, `pricing`, `total_taxes`,
 * `amount_overpaid`, …) and put back what basil removed (`paid`,
 * `paid_out_of_band`, `charge`, `payment_intent`, `price`, `type`, …).
 *
 * Facts the newest shape no longer holds come from `_invoice_facts` (and the
 * price collection), read through the downgrade environment. Without an
 * environment the steps still produce the old shape, with what the object
 * itself tells (`paid` from its status) and nulls for the rest. Facts are
 * only used where the object's own state agrees (a `charge` only once a
 * payment was attempted, `paid_out_of_band` only on a paid invoice), so an
 * event snapshot rendered later does not show what happened after it.
 */
import type { StoredObject } from '../../store/collection.js';
import { registerDowngrade, type DowngradeEnv } from '../../versions/downgrade.js';
import { PRICES } from '../prices/service.js';
import { readFacts } from './facts.js';

type Json = Record<string, unknown>;
const BASIL = '2025-03-31.basil';

function priceOf(env: DowngradeEnv | undefined, pricing: unknown): StoredObject | null {
  const id = (pricing as { price_details?: { price?: string } } | null)?.price_details?.price;
  if (!env || typeof id !== 'string') return null;
  return env.account.collection(PRICES).get(id) ?? null;
}

function wholeAmount(pricing: unknown): number | null {
  const dec = (pricing as { unit_amount_decimal?: string | null } | null)?.unit_amount_decimal;
  if (typeof dec !== 'string') return null;
  const n = Number(dec);
  return Number.isInteger(n) ? n : null;
}

registerDowngrade({
  object: 'invoice',
  before: BASIL,
  keep: ['payment_intent', 'charge'],
  description: 'invoice: paid, paid_out_of_band, charge, payment_intent, subscription, discount, tax … back; amount_paid without out-of-band payments; no amount_overpaid, parent, payments, total_taxes',
  apply: (inv: Json, env) => {
    const id = typeof inv.id === 'string' ? inv.id : undefined;
    const facts = env && id && !id.startsWith('upcoming_') ? readFacts(env.account, id) : undefined;
    const paid = inv.status === 'paid';
    const outOfBand = paid && facts?.paid_out_of_band === true;
    for (const key of ['amount_overpaid', 'confirmation_secret', 'parent', 'payments', 'total_taxes']) delete inv[key];
    inv.paid = paid;
    inv.paid_out_of_band = outOfBand;
    if (!('payment_intent' in inv)) inv.payment_intent = inv.status !== 'draft' ? facts?.payment_intent ?? null : null;
    if (!('charge' in inv)) inv.charge = inv.attempted === true ? facts?.charge ?? null : null;
    if (typeof inv.amount_paid === 'number' && facts && facts.out_of_band_amount > 0 && (paid || inv.status === 'void')) {
      inv.amount_paid = Math.max(0, inv.amount_paid - facts.out_of_band_amount);
    }
    inv.application_fee_amount = null;
    inv.discount = null;
    inv.quote = null;
    inv.subscription = null;
    inv.subscription_details = null;
    inv.tax = null;
    inv.total_tax_amounts = [];
    inv.transfer_data = null;
    return inv;
  },
});

registerDowngrade({
  object: 'line_item',
  before: BASIL,
  description: 'invoice line: price, invoice_item, type, proration, tax_amounts … back; no parent, pricing, taxes',
  apply: (line: Json, env) => {
    const parent = line.parent as { invoice_item_details?: { invoice_item?: string } | null } | null;
    const pricing = line.pricing;
    for (const key of ['parent', 'pricing', 'taxes']) delete line[key];
    line.amount_excluding_tax = line.amount;
    line.invoice_item = parent?.invoice_item_details?.invoice_item ?? null;
    line.plan = null;
    line.price = priceOf(env, pricing);
    line.proration = false;
    line.proration_details = { credited_items: null };
    line.tax_amounts = [];
    line.tax_rates = [];
    line.type = 'invoiceitem';
    line.unit_amount_excluding_tax = (pricing as { unit_amount_decimal?: string | null } | null)?.unit_amount_decimal ?? null;
    return line;
  },
});

registerDowngrade({
  object: 'invoiceitem',
  before: BASIL,
  description: 'invoice item: price, plan, subscription, unit_amount back; no parent, pricing',
  apply: (item: Json, env) => {
    if (item.deleted === true) return item;
    const pricing = item.pricing;
    for (const key of ['parent', 'pricing']) delete item[key];
    item.plan = null;
    item.price = priceOf(env, pricing);
    item.subscription = null;
    item.unit_amount = wholeAmount(pricing);
    return item;
  },
});

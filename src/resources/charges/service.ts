/**
 * Charges (`ch_…`): created by PaymentIntent confirmations (one per attempt),
 * captured, released, refunded. `amount_refunded` counts refunds plus the part
 * of an authorization released by a partial capture, so what can still be
 * refunded is always `amount - amount_refunded` (of a captured charge).
 */
import type { ApiContext } from '../../context.js';
import { resourceMissing } from '../../errors.js';
import { emit, emitUpdated, previousAttributes } from '../../events/emit.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import type { StoredObject } from '../../store/collection.js';
import type { PaymentMethod } from '../payment-methods/service.js';
import type { Decline } from '../payment-methods/test-cards.js';

export const CHARGES = 'charge';

export interface Charge extends StoredObject {
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  currency: string;
  customer: string | null;
  paid: boolean;
  payment_intent: string | null;
  payment_method: string | null;
  refunded: boolean;
  status: 'succeeded' | 'pending' | 'failed';
  metadata: Metadata;
}

/** What the PaymentIntent needs from its charge. */
export interface ChargeSource {
  id: string;
  amount: number;
  currency: string;
  customer: string | null;
  description: string | null;
  metadata: Metadata;
  receipt_email: string | null;
  shipping: unknown;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  transfer_group: string | null;
}

export type ChargeResult =
  | { status: 'succeeded'; captured: boolean; threeDSecure?: boolean }
  | { status: 'pending' }
  | { status: 'failed'; decline: Decline };

function outcomeFor(result: ChargeResult): Record<string, unknown> | null {
  const base = { advice_code: null, network_advice_code: null, network_decline_code: null };
  if (result.status === 'pending') return null;
  if (result.status === 'succeeded') {
    return { ...base, network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 20, seller_message: 'Payment complete.', type: 'authorized' };
  }
  if (result.decline.outcome === 'blocked') {
    return { ...base, network_status: 'not_sent_to_network', reason: 'highest_risk_level', risk_level: 'highest', risk_score: 95, seller_message: 'Stripe blocked this payment as too risky.', type: 'blocked' };
  }
  return {
    ...base,
    advice_code: result.decline.decline_code === 'insufficient_funds' ? 'try_again_later' : 'do_not_try_again',
    network_status: 'declined_by_network',
    reason: result.decline.decline_code,
    risk_level: 'normal',
    risk_score: 20,
    seller_message: 'The bank did not return any further details with this decline.',
    type: 'issuer_declined',
  };
}

function methodDetails(ctx: ApiContext, pm: PaymentMethod, amount: number, result: ChargeResult, manual: boolean): Record<string, unknown> {
  if (pm.type === 'card' && pm.card) {
    const c = pm.card;
    const ok = result.status === 'succeeded';
    const card: Record<string, unknown> = {
      amount_authorized: ok ? amount : null,
      authorization_code: ok ? String(100000 + (amount % 900000)) : null,
      brand: c.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: (c.checks as { cvc_check: string | null })?.cvc_check ? 'pass' : null },
      country: c.country,
      exp_month: c.exp_month,
      exp_year: c.exp_year,
      extended_authorization: { status: 'disabled' },
      fingerprint: c.fingerprint,
      funding: c.funding,
      incremental_authorization: { status: 'unavailable' },
      installments: null,
      last4: c.last4,
      mandate: null,
      multicapture: { status: 'unavailable' },
      network: c.brand,
      network_token: { used: false },
      network_transaction_id: ok ? ctx.id('ntx').slice(4, 19) : null,
      overcapture: { maximum_amount_capturable: amount, status: 'unavailable' },
      regulated_status: 'unregulated',
      three_d_secure: result.status === 'succeeded' && result.threeDSecure
        ? { authentication_flow: 'challenge', electronic_commerce_indicator: '05', exemption_indicator: null, result: 'authenticated', result_reason: null, transaction_id: ctx.id('3ds').slice(4), version: '2.2.0' }
        : null,
      electronic_commerce_indicator: null,
      transaction_link_id: null,
      wallet: null,
    };
    if (manual && ok) card.capture_before = ctx.now() + 7 * 24 * 3600;
    return { card, type: 'card' };
  }
  if (pm.type === 'sepa_debit') {
    const s = pm.sepa_debit as Record<string, unknown>;
    return { sepa_debit: { bank_code: s.bank_code, branch_code: s.branch_code, country: s.country, fingerprint: s.fingerprint, last4: s.last4, mandate: null }, type: 'sepa_debit' };
  }
  return { [pm.type]: {}, type: pm.type };
}

/** Records one payment attempt of a PaymentIntent; emits charge.succeeded / charge.pending / charge.failed. */
export function createCharge(ctx: ApiContext, pi: ChargeSource, pm: PaymentMethod, result: ChargeResult, opts: { manual?: boolean } = {}): Charge {
  const succeeded = result.status === 'succeeded';
  const captured = succeeded && result.captured;
  const charge: Charge = {
    id: ctx.id('ch'),
    object: 'charge',
    amount: pi.amount,
    amount_captured: captured ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: (pi.statement_descriptor ?? 'STRIPE EMULATOR').slice(0, 22),
    captured,
    created: ctx.now(),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: result.status === 'failed' ? result.decline.code : null,
    failure_message: result.status === 'failed' ? result.decline.message : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: outcomeFor(result),
    paid: succeeded,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: methodDetails(ctx, pm, pi.amount, result, opts.manual ?? false),
    radar_options: {},
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: pi.shipping ?? null,
    source: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status: result.status,
    transfer_data: null,
    transfer_group: pi.transfer_group,
  };
  const stored = ctx.account.collection<Charge>(CHARGES).put(charge);
  emit(ctx, `charge.${result.status}`, stored);
  return stored;
}

export function findCharge(ctx: ApiContext, id: string): Charge | undefined {
  return ctx.account.collection<Charge>(CHARGES).get(id);
}

export function getCharge(ctx: ApiContext, id: string, param = 'charge'): Charge {
  const charge = findCharge(ctx, id);
  if (!charge) throw resourceMissing('charge', id, param);
  return charge;
}

/** What can still be refunded. */
export function refundable(charge: Charge): number {
  if (charge.status !== 'succeeded' || !charge.captured) return 0;
  return charge.amount - charge.amount_refunded;
}

/** Captures an authorized charge; the rest of the authorization is released. Emits charge.captured. */
export function captureCharge(ctx: ApiContext, id: string, amount: number): Charge {
  const before = getCharge(ctx, id);
  const after = ctx.account.collection<Charge>(CHARGES).put({
    ...before,
    captured: true,
    amount_captured: amount,
    amount_refunded: before.amount - amount,
    refunded: amount === 0,
  });
  emit(ctx, 'charge.captured', after, previousAttributes(before, after));
  return after;
}

/** Releases an uncaptured authorization (its PaymentIntent was canceled). Emits charge.refunded. */
export function releaseCharge(ctx: ApiContext, id: string): Charge {
  const before = getCharge(ctx, id);
  if (before.captured || before.status !== 'succeeded') return before;
  const after = ctx.account.collection<Charge>(CHARGES).put({ ...before, amount_refunded: before.amount, refunded: true });
  emit(ctx, 'charge.refunded', after, previousAttributes(before, after));
  return after;
}

/** Settles a pending charge (bank debits). Emits charge.succeeded or charge.failed. */
export function settleCharge(ctx: ApiContext, id: string, result: ChargeResult): Charge {
  const before = getCharge(ctx, id);
  const ok = result.status === 'succeeded';
  const after = ctx.account.collection<Charge>(CHARGES).put({
    ...before,
    status: result.status,
    paid: ok,
    captured: ok,
    amount_captured: ok ? before.amount : 0,
    outcome: outcomeFor(result),
    failure_code: result.status === 'failed' ? result.decline.code : null,
    failure_message: result.status === 'failed' ? result.decline.message : null,
  });
  emit(ctx, `charge.${result.status}`, after, previousAttributes(before, after));
  return after;
}

/** Adds a refund to the charge's `amount_refunded`. Emits charge.refunded. */
export function recordChargeRefund(ctx: ApiContext, id: string, amount: number): Charge {
  const before = getCharge(ctx, id);
  const amountRefunded = before.amount_refunded + amount;
  const after = ctx.account.collection<Charge>(CHARGES).put({ ...before, amount_refunded: amountRefunded, refunded: amountRefunded >= before.amount });
  emit(ctx, 'charge.refunded', after, previousAttributes(before, after));
  return after;
}

export interface UpdateChargeInput {
  description?: string | null;
  metadata?: Metadata | null;
  receipt_email?: string | null;
  shipping?: unknown;
  fraud_details?: Record<string, unknown>;
  transfer_group?: string;
  customer?: string;
}

export function updateCharge(ctx: ApiContext, id: string, input: UpdateChargeInput): Charge {
  const before = getCharge(ctx, id);
  const next: Charge = { ...before };
  if (input.description !== undefined) next.description = input.description;
  if (input.metadata !== undefined) next.metadata = mergeMetadata(before.metadata, input.metadata);
  if (input.receipt_email !== undefined) next.receipt_email = input.receipt_email;
  if (input.shipping !== undefined) next.shipping = input.shipping;
  if (input.fraud_details !== undefined) next.fraud_details = input.fraud_details;
  if (input.transfer_group !== undefined) next.transfer_group = input.transfer_group;
  if (input.customer !== undefined) next.customer = input.customer;
  const after = ctx.account.collection<Charge>(CHARGES).put(next);
  emitUpdated(ctx, 'charge.updated', before, after);
  return after;
}

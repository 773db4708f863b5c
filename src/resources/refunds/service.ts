/**
 * Refunds (`re_…`) of a PaymentIntent's captured charge, full or partial.
 * Card refunds succeed at once (test mode). Credit notes call `createRefund`.
 *
 *   createRefund(ctx, { payment_intent? | charge?, amount?, reason?, metadata? }) → Refund
 *     amount defaults to what remains; more than remains → 400 amount_too_large;
 *     nothing left → 400 charge_already_refunded. Emits refund.created and charge.refunded.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest, parameterMissing, resourceMissing } from '../../errors.js';
import { emit, emitUpdated } from '../../events/emit.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import type { StoredObject } from '../../store/collection.js';
import { getCharge, recordChargeRefund, refundable, type Charge } from '../charges/service.js';
import { getPaymentIntent } from '../payment-intents/model.js';

export const REFUNDS = 'refund';

export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer' | 'expired_uncaptured_charge';

export interface Refund extends StoredObject {
  object: 'refund';
  amount: number;
  charge: string | null;
  currency: string;
  metadata: Metadata | null;
  payment_intent: string | null;
  reason: RefundReason | null;
  status: string | null;
}

export interface CreateRefundInput {
  payment_intent?: string;
  charge?: string;
  amount?: number;
  reason?: RefundReason | null;
  metadata?: Metadata | null;
  instructions_email?: string;
}

function chargeToRefund(ctx: ApiContext, input: CreateRefundInput): Charge {
  if (input.charge === undefined && input.payment_intent === undefined) {
    throw parameterMissing('charge', 'One of the following params should be provided for this request: payment_intent or charge.');
  }
  if (input.payment_intent !== undefined) {
    const pi = getPaymentIntent(ctx, input.payment_intent, 'payment_intent');
    if (input.charge !== undefined && input.charge !== pi.latest_charge) {
      throw invalidRequest(`The charge ${input.charge} does not belong to the PaymentIntent ${pi.id}.`, { param: 'charge' });
    }
    if (pi.status !== 'succeeded' || !pi.latest_charge) {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
        code: 'charge_not_refundable', param: 'payment_intent',
      });
    }
    return getCharge(ctx, pi.latest_charge, 'payment_intent');
  }
  const charge = getCharge(ctx, input.charge!, 'charge');
  if (charge.status !== 'succeeded' || !charge.captured) {
    throw invalidRequest(`Charge ${charge.id} has not been successfully captured, so it cannot be refunded. Cancel its PaymentIntent to release an authorization.`, {
      code: 'charge_not_refundable', param: 'charge',
    });
  }
  return charge;
}

export function createRefund(ctx: ApiContext, input: CreateRefundInput): Refund {
  const charge = chargeToRefund(ctx, input);
  const remaining = refundable(charge);
  if (remaining <= 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded', param: input.charge !== undefined ? 'charge' : 'payment_intent' });
  }
  const amount = input.amount ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining}).`, { code: 'amount_too_large', param: 'amount' });
  }
  const refund: Refund = {
    id: ctx.id('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: ctx.now(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    ...(charge.payment_method_details && (charge.payment_method_details as { type?: string }).type === 'card'
      ? { destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' } }
      : {}),
    ...(input.instructions_email !== undefined ? { instructions_email: input.instructions_email } : {}),
    metadata: mergeMetadata({}, input.metadata),
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: input.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  const stored = ctx.account.collection<Refund>(REFUNDS).put(refund);
  emit(ctx, 'refund.created', stored);
  recordChargeRefund(ctx, charge.id, amount);
  return stored;
}

export function getRefund(ctx: ApiContext, id: string, param = 'refund'): Refund {
  const refund = ctx.account.collection<Refund>(REFUNDS).get(id);
  if (!refund) throw resourceMissing('refund', id, param);
  return refund;
}

export function updateRefund(ctx: ApiContext, id: string, input: { metadata?: Metadata | null }): Refund {
  const before = getRefund(ctx, id);
  const after = ctx.account.collection<Refund>(REFUNDS).put({ ...before, metadata: mergeMetadata(before.metadata, input.metadata) });
  if (emitUpdated(ctx, 'refund.updated', before, after)) emitUpdated(ctx, 'charge.refund.updated', before, after);
  return after;
}

export function cancelRefund(ctx: ApiContext, id: string): Refund {
  const before = getRefund(ctx, id);
  if (before.status !== 'requires_action') {
    throw invalidRequest(`Refund ${id} cannot be canceled because it has a status of ${before.status}. Only refunds with a status of requires_action can be canceled.`, {
      param: 'refund',
    });
  }
  const after = ctx.account.collection<Refund>(REFUNDS).put({ ...before, status: 'canceled' });
  emitUpdated(ctx, 'refund.updated', before, after);
  return after;
}

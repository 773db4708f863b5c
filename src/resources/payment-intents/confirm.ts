/**
 * Confirming a PaymentIntent: choose the payment method, then by its type
 *   card             → 3D Secure if the test card asks for it (requires_action, or an
 *                      `authentication_required` failure off-session), then a charge that
 *                      succeeds (succeeded / requires_capture) or is declined (requires_payment_method);
 *   sepa_debit       → processing, settled later by the clock (or the control plane);
 *   customer_balance → requires_action until the customer's cash balance covers it (cash-balance/service.ts).
 * A failed attempt is returned with its card error (not thrown) so callers can keep
 * their own bookkeeping before failing the request.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest, type StripeError } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { downgrade } from '../../versions/downgrade.js';
import { applyCashBalance } from '../cash-balance/service.js';
import { createCharge, settleCharge } from '../charges/service.js';
import {
  createPaymentMethod, findPaymentMethod, getPaymentMethod, lookupPaymentMethod, markSetUp, paymentMethodBehaviour,
  resolvePaymentMethod, type CreatePaymentMethodInput, type PaymentMethod,
} from '../payment-methods/service.js';
import type { Decline } from '../payment-methods/test-cards.js';
import { attemptError, authenticationAction, lastAttemptError, type Failure } from './attempt-errors.js';
import {
  PENDING_SETTLEMENT, getPaymentIntent, intentState, savePaymentIntent, setIntentState, wrongState,
  type CaptureMethod, type PaymentIntent, type PaymentIntentStatus, type PendingSettlement,
} from './model.js';

export interface ConfirmOptions {
  payment_method?: string;
  payment_method_data?: CreatePaymentMethodInput;
  off_session?: boolean;
  error_on_requires_action?: boolean;
  return_url?: string;
  setup_future_usage?: 'off_session' | 'on_session' | null;
  capture_method?: CaptureMethod;
  receipt_email?: string | null;
  shipping?: unknown;
  payment_method_options?: Record<string, unknown>;
}

export interface Attempt {
  intent: PaymentIntent;
  /** The card error of a failed attempt (already recorded: intent, charge, events). */
  error: StripeError | null;
}

export const CONFIRMABLE: PaymentIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

const AUTHENTICATION_REQUIRED: Failure = {
  type: 'card_error', code: 'authentication_required', decline_code: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};
const AUTHENTICATION_FAILED: Failure = {
  type: 'invalid_request_error', code: 'payment_intent_authentication_failure',
  message: 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
};
const DEBIT_FAILED: Decline = {
  code: 'insufficient_funds', decline_code: 'insufficient_funds', outcome: 'issuer_declined',
  message: "The customer's account has insufficient funds to cover this payment.",
};

/** A PaymentMethod attached to a customer can only be used with that customer. */
export function checkOwnership(customer: string | null, pm: PaymentMethod): void {
  if (pm.customer === null || pm.customer === customer) return;
  if (customer === null) {
    throw invalidRequest(
      'The provided PaymentMethod was previously attached to a Customer. To use a PaymentMethod that is attached to a Customer, you must also provide the Customer.',
      { code: 'payment_intent_invalid_parameter', param: 'payment_method' },
    );
  }
  throw invalidRequest(`The provided PaymentMethod belongs to a different Customer (${pm.customer}) than this PaymentIntent.`, {
    code: 'payment_intent_invalid_parameter', param: 'payment_method',
  });
}

function checkAllowedType(pi: PaymentIntent, pm: PaymentMethod): void {
  const excluded = pi.excluded_payment_method_types ?? [];
  const automatic = pi.automatic_payment_methods?.enabled === true;
  if (excluded.includes(pm.type) || (!automatic && !pi.payment_method_types.includes(pm.type))) {
    throw invalidRequest(
      `The PaymentMethod provided (${pm.type}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${pi.payment_method_types.join(', ')}. ` +
        `Alternatively, update the allowed payment_method_types for this PaymentIntent to include "${pm.type}".`,
      { code: 'payment_intent_incompatible_payment_method', param: 'payment_method' },
    );
  }
  if (pm.type === 'sepa_debit' && pi.currency !== 'eur') {
    throw invalidRequest(`The currency provided (${pi.currency}) is invalid. Payments with sepa_debit support the following currencies: eur.`, {
      code: 'payment_intent_invalid_parameter', param: 'currency',
    });
  }
}

function choosePaymentMethod(ctx: ApiContext, pi: PaymentIntent, opts: ConfirmOptions): PaymentMethod {
  let pm: PaymentMethod;
  if (opts.payment_method_data) pm = createPaymentMethod(ctx, opts.payment_method_data);
  else if (opts.payment_method !== undefined) pm = lookupPaymentMethod(ctx, opts.payment_method, 'payment_method');
  else if (pi.payment_method) pm = getPaymentMethod(ctx, pi.payment_method);
  else {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent, specify a payment_method or payment_method_data.",
      { code: 'payment_intent_unexpected_state' },
    );
  }
  checkOwnership(pi.customer, pm);
  return pm;
}

export function confirmIntent(ctx: ApiContext, id: string, opts: ConfirmOptions): Attempt {
  const before = getPaymentIntent(ctx, id);
  if (!CONFIRMABLE.includes(before.status)) throw wrongState(before, 'confirm', CONFIRMABLE);
  const pm = choosePaymentMethod(ctx, before, opts);
  checkAllowedType(before, pm);
  const pi: PaymentIntent = { ...before, payment_method: pm.id, last_payment_error: null, next_action: null };
  if (opts.setup_future_usage !== undefined) pi.setup_future_usage = opts.setup_future_usage;
  if (opts.capture_method !== undefined) pi.capture_method = opts.capture_method;
  if (opts.receipt_email !== undefined) pi.receipt_email = opts.receipt_email;
  if (opts.shipping !== undefined) pi.shipping = opts.shipping;
  if (opts.payment_method_options !== undefined) pi.payment_method_options = { ...(before.payment_method_options as object), ...opts.payment_method_options };
  setIntentState(ctx, { ...intentState(ctx, id), action: null, off_session: opts.off_session === true });
  if (pm.type === 'sepa_debit') return startDebit(ctx, before, pi, pm);
  if (pm.type === 'customer_balance') return awaitBankTransfer(ctx, before, pi);
  const card = paymentMethodBehaviour(ctx, pm.id);
  const auth = card.card?.auth ?? 'none';
  const needsAuth = auth === 'always' || (auth === 'unless_setup' && !(card.setUp && opts.off_session));
  if (needsAuth) {
    if (opts.off_session || opts.error_on_requires_action) return fail(ctx, before, pi, pm, AUTHENTICATION_REQUIRED, null);
    return requireAuthentication(ctx, before, pi, opts.return_url);
  }
  return chargeCard(ctx, before, pi, pm, false);
}

function chargeCard(ctx: ApiContext, before: PaymentIntent, pi: PaymentIntent, pm: PaymentMethod, threeDSecure: boolean): Attempt {
  const decline = paymentMethodBehaviour(ctx, pm.id).card?.decline ?? null;
  if (decline) {
    const charge = createCharge(ctx, pi, pm, { status: 'failed', decline });
    const failure: Failure = { type: 'card_error', code: decline.code, decline_code: decline.decline_code, message: decline.message };
    return fail(ctx, before, { ...pi, latest_charge: charge.id }, pm, failure, charge.id);
  }
  const manual = pi.capture_method === 'manual';
  const charge = createCharge(ctx, pi, pm, { status: 'succeeded', captured: !manual, threeDSecure }, { manual });
  const next: PaymentIntent = {
    ...pi,
    latest_charge: charge.id,
    status: manual ? 'requires_capture' : 'succeeded',
    amount_capturable: manual ? pi.amount : 0,
    amount_received: manual ? 0 : pi.amount,
    next_action: null,
    last_payment_error: null,
  };
  const saved = savePaymentIntent(ctx, before, next);
  saveForFuture(ctx, saved, pm);
  emit(ctx, manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', saved);
  return { intent: saved, error: null };
}

/** `setup_future_usage` with a customer: the method is attached on success. */
function saveForFuture(ctx: ApiContext, pi: PaymentIntent, pm: PaymentMethod): void {
  if (!pi.setup_future_usage || !pi.customer) return;
  if (pm.customer === null) resolvePaymentMethod(ctx, pm.id, pi.customer);
  markSetUp(ctx, pm.id);
}

function fail(ctx: ApiContext, before: PaymentIntent, pi: PaymentIntent, pm: PaymentMethod, failure: Failure, chargeId: string | null): Attempt {
  const pmView = findPaymentMethod(ctx, pm.id) ?? pm;
  const lastError = lastAttemptError(failure, pmView, chargeId);
  const next: PaymentIntent = { ...pi, status: 'requires_payment_method', payment_method: null, last_payment_error: lastError, next_action: null };
  const saved = savePaymentIntent(ctx, before, next);
  emit(ctx, 'payment_intent.payment_failed', saved);
  const extra = {
    code: failure.code,
    decline_code: failure.decline_code,
    charge: chargeId ?? undefined,
    payment_intent: downgrade(saved, ctx.version),
    payment_method: downgrade(pmView, ctx.version),
  };
  return { intent: saved, error: attemptError(failure, extra) };
}

function requireAuthentication(ctx: ApiContext, before: PaymentIntent, pi: PaymentIntent, returnUrl: string | undefined): Attempt {
  const url = `${ctx.services.publicUrl()}/_emulator/payment_intents/${pi.id}/authenticate`;
  const next_action = authenticationAction(ctx, url, returnUrl);
  setIntentState(ctx, { ...intentState(ctx, pi.id), action: 'card_authentication' });
  const saved = savePaymentIntent(ctx, before, { ...pi, status: 'requires_action', next_action });
  emit(ctx, 'payment_intent.requires_action', saved);
  return { intent: saved, error: null };
}

/** The customer completed (or failed) 3D Secure: the charge happens now. */
export function completeAuthentication(ctx: ApiContext, id: string, outcome: 'succeed' | 'fail'): Attempt {
  const before = getPaymentIntent(ctx, id);
  const state = intentState(ctx, id);
  if (before.status !== 'requires_action' || state.action !== 'card_authentication' || !before.payment_method) {
    throw wrongState(before, 'authenticate', ['requires_action']);
  }
  setIntentState(ctx, { ...state, action: null });
  const pm = getPaymentMethod(ctx, before.payment_method);
  const pi: PaymentIntent = { ...before, next_action: null };
  if (outcome === 'fail') return fail(ctx, before, pi, pm, AUTHENTICATION_FAILED, null);
  return chargeCard(ctx, before, pi, pm, true);
}

function startDebit(ctx: ApiContext, before: PaymentIntent, pi: PaymentIntent, pm: PaymentMethod): Attempt {
  const charge = createCharge(ctx, pi, pm, { status: 'pending' });
  const saved = savePaymentIntent(ctx, before, { ...pi, status: 'processing', latest_charge: charge.id });
  const sepa = paymentMethodBehaviour(ctx, pm.id).sepa ?? { outcome: 'succeed', delaySeconds: 5 };
  ctx.account.collection<PendingSettlement>(PENDING_SETTLEMENT).put({ id: pi.id, settle_at: ctx.now() + sepa.delaySeconds, outcome: sepa.outcome });
  emit(ctx, 'payment_intent.processing', saved);
  return { intent: saved, error: null };
}

/** A processing intent (bank debit) settles: succeeded, or back to requires_payment_method. */
export function settleIntent(ctx: ApiContext, id: string, outcome?: 'succeed' | 'fail'): PaymentIntent {
  const before = getPaymentIntent(ctx, id);
  if (before.status !== 'processing' || !before.latest_charge || !before.payment_method) throw wrongState(before, 'settle', ['processing']);
  const pending = ctx.account.collection<PendingSettlement>(PENDING_SETTLEMENT);
  const result = outcome ?? pending.get(id)?.outcome ?? 'succeed';
  pending.remove(id);
  const pm = getPaymentMethod(ctx, before.payment_method);
  if (result === 'fail') {
    settleCharge(ctx, before.latest_charge, { status: 'failed', decline: DEBIT_FAILED });
    const failure: Failure = { type: 'card_error', code: DEBIT_FAILED.code, decline_code: DEBIT_FAILED.decline_code, message: DEBIT_FAILED.message };
    return fail(ctx, before, before, pm, failure, before.latest_charge).intent;
  }
  settleCharge(ctx, before.latest_charge, { status: 'succeeded', captured: true });
  const saved = savePaymentIntent(ctx, before, { ...before, status: 'succeeded', amount_received: before.amount });
  saveForFuture(ctx, saved, pm);
  emit(ctx, 'payment_intent.succeeded', saved);
  return saved;
}

function bankTransferType(currency: string): string {
  return { jpy: 'jp_bank_transfer', eur: 'eu_bank_transfer', gbp: 'gb_bank_transfer', mxn: 'mx_bank_transfer' }[currency] ?? 'us_bank_transfer';
}

/** The instructions shown while a customer_balance intent waits for funds. */
export function bankTransferAction(ctx: ApiContext, pi: PaymentIntent, remaining: number): Record<string, unknown> {
  return {
    type: 'display_bank_transfer_instructions',
    display_bank_transfer_instructions: {
      amount_remaining: remaining,
      currency: pi.currency,
      financial_addresses: [],
      hosted_instructions_url: `${ctx.services.publicUrl()}/_emulator/payment_intents/${pi.id}/instructions`,
      reference: pi.id.slice(-10).toUpperCase(),
      type: bankTransferType(pi.currency),
    },
  };
}

function awaitBankTransfer(ctx: ApiContext, before: PaymentIntent, pi: PaymentIntent): Attempt {
  if (!pi.customer) {
    throw invalidRequest('A customer is required to confirm a PaymentIntent with the customer_balance payment method.', {
      code: 'payment_intent_invalid_parameter', param: 'customer',
    });
  }
  const state = intentState(ctx, pi.id);
  setIntentState(ctx, { ...state, action: 'bank_transfer' });
  const saved = savePaymentIntent(ctx, before, { ...pi, status: 'requires_action', next_action: bankTransferAction(ctx, pi, pi.amount - state.funded) });
  emit(ctx, 'payment_intent.requires_action', saved);
  return { intent: applyCashBalance(ctx, saved.id), error: null };
}

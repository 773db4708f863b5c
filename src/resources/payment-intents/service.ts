/**
 * PaymentIntents — the service API other resources (invoices, credit notes) use.
 * Everything is synchronous and runs inside the caller's unit of work.
 *
 *   createPaymentIntent(ctx, { amount, currency, customer?, payment_method?, confirm?, off_session?,
 *                              capture_method?, metadata?, description?, setup_future_usage?, … }) → PaymentIntent
 *       Emits payment_intent.created. `payment_method` may be a test shortcut (`pm_card_visa`).
 *       With `confirm: true` it confirms at once; a declined card THROWS the 402 card error
 *       (a StripeError marked committing: the failed intent, charge and events are kept).
 *   tryCreatePaymentIntent(ctx, input) → { intent, error }      same, but a failed attempt is returned, not thrown
 *   confirmPaymentIntent(ctx, id, { payment_method?, off_session?, … }) → PaymentIntent   (throws on decline)
 *   tryConfirmPaymentIntent(ctx, id, opts) → { intent, error }
 *       Outcomes: succeeded | requires_capture (capture_method manual) | requires_action (3DS test cards
 *       on-session, customer_balance) | processing (sepa_debit) | requires_payment_method + error (declined;
 *       off_session with a 3DS card fails with code authentication_required).
 *   capturePaymentIntent(ctx, id, { amount_to_capture? }) → PaymentIntent
 *   cancelPaymentIntent(ctx, id, reason?) → PaymentIntent     reason may also be void_invoice / failed_invoice / automatic / expired
 *   getPaymentIntent(ctx, id, param?) → PaymentIntent         404 resource_missing if absent
 *   updatePaymentIntent(ctx, id, fields) / updatePaymentIntentAmount(ctx, id, amount) → PaymentIntent
 *       Amount changes only before a successful attempt (requires_payment_method | requires_confirmation | requires_action).
 *   onPaymentIntentChange((ctx, before, after) => void) → unsubscribe
 *       Called synchronously after every status change (before the event of that change is emitted).
 *   resolvePaymentMethod(ctx, idOrShortcut, customer?) → PaymentMethod   (from payment-methods; attaches to `customer`)
 *   createRefund(ctx, { payment_intent? | charge?, amount?, reason?, metadata? }) → Refund   (from refunds)
 *
 * Amounts below Stripe's per-currency minimum (usd 50) are refused with amount_too_small.
 */
import type { ApiContext } from '../../context.js';
import { checkCurrency, isZeroDecimal, minimumAmount } from '../../currencies.js';
import { invalidRequest } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import { randomToken } from '../../ids.js';
import { captureCharge, releaseCharge } from '../charges/service.js';
import { getCustomer } from '../customers/service.js';
import { lookupPaymentMethod, type CreatePaymentMethodInput } from '../payment-methods/service.js';
import { CONFIRMABLE, checkOwnership, confirmIntent, type Attempt, type ConfirmOptions } from './confirm.js';
import { methodTypes, type PaymentMethodTypeChoice } from './method-types.js';
import {
  PAYMENT_INTENTS, getPaymentIntent, intentState, savePaymentIntent, setIntentState, wrongState,
  type CaptureMethod, type PaymentIntent, type PaymentIntentStatus,
} from './model.js';

export { onPaymentIntentChange, getPaymentIntent, findPaymentIntent, type PaymentIntent, type PaymentIntentStatus, type PaymentIntentListener } from './model.js';
export { type Attempt, type ConfirmOptions } from './confirm.js';
export { resolvePaymentMethod } from '../payment-methods/service.js';
export { createRefund, type CreateRefundInput } from '../refunds/service.js';

export interface CreatePaymentIntentInput extends PaymentMethodTypeChoice {
  amount: number;
  currency: string;
  customer?: string | null;
  payment_method?: string | null;
  payment_method_data?: CreatePaymentMethodInput;
  confirm?: boolean;
  off_session?: boolean;
  error_on_requires_action?: boolean;
  return_url?: string;
  capture_method?: CaptureMethod;
  confirmation_method?: 'automatic' | 'manual';
  metadata?: Metadata | null;
  description?: string | null;
  receipt_email?: string | null;
  setup_future_usage?: 'off_session' | 'on_session' | null;
  statement_descriptor?: string | null;
  statement_descriptor_suffix?: string | null;
  shipping?: unknown;
  transfer_group?: string | null;
  payment_method_options?: Record<string, unknown>;
  application_fee_amount?: number | null;
}

export function checkAmount(amount: number, currency: string, param = 'amount'): void {
  const min = minimumAmount(currency);
  if (amount < min) {
    const shown = isZeroDecimal(currency) ? String(min) : (min / 100).toFixed(2);
    throw invalidRequest(`Amount must be at least ${shown} ${currency}`, { code: 'amount_too_small', param });
  }
  if (amount > 99_999_999) throw invalidRequest('Amount must be no more than 99999999 in the smallest currency unit', { code: 'amount_too_large', param });
}

/** Lower case, or Stripe's 400 for a currency it does not support (the routes check already; service callers may not). */
function normalizeCurrency(currency: string): string {
  return checkCurrency(currency, 'currency');
}

export function tryCreatePaymentIntent(ctx: ApiContext, input: CreatePaymentIntentInput): Attempt {
  const currency = normalizeCurrency(input.currency);
  checkAmount(input.amount, currency);
  const customer = input.customer ? getCustomer(ctx, input.customer, 'customer').id : null;
  if (input.off_session !== undefined && !input.confirm) {
    throw invalidRequest('You may only specify `off_session` when `confirm=true`.', { param: 'off_session' });
  }
  const pm = input.payment_method ? lookupPaymentMethod(ctx, input.payment_method, 'payment_method') : null;
  if (pm) checkOwnership(customer, pm);
  const id = ctx.id('pi');
  const pi: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: input.application_fee_amount ?? null,
    ...methodTypes(input),
    canceled_at: null,
    cancellation_reason: null,
    capture_method: input.capture_method ?? 'automatic_async',
    client_secret: `${id}_secret_${randomToken().slice(0, 25)}`,
    confirmation_method: input.confirmation_method ?? 'automatic',
    created: ctx.now(),
    currency,
    customer,
    customer_account: null,
    description: input.description ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: mergeMetadata({}, input.metadata),
    next_action: null,
    on_behalf_of: null,
    payment_method: pm?.id ?? null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
      ...(input.payment_method_options ?? {}),
    },
    payment_record: null,
    processing: null,
    receipt_email: input.receipt_email ?? null,
    review: null,
    setup_future_usage: input.setup_future_usage ?? null,
    shipping: input.shipping ?? null,
    source: null,
    statement_descriptor: input.statement_descriptor ?? null,
    statement_descriptor_suffix: input.statement_descriptor_suffix ?? null,
    status: pm ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null,
    transfer_group: input.transfer_group ?? null,
  };
  const created = savePaymentIntent(ctx, undefined, pi);
  emit(ctx, 'payment_intent.created', created);
  if (!input.confirm) return { intent: created, error: null };
  return confirmIntent(ctx, id, {
    payment_method_data: input.payment_method_data,
    off_session: input.off_session,
    error_on_requires_action: input.error_on_requires_action,
    return_url: input.return_url,
  });
}

export function createPaymentIntent(ctx: ApiContext, input: CreatePaymentIntentInput): PaymentIntent {
  const { intent, error } = tryCreatePaymentIntent(ctx, input);
  if (error) throw error;
  return intent;
}

export function tryConfirmPaymentIntent(ctx: ApiContext, id: string, opts: ConfirmOptions = {}): Attempt {
  return confirmIntent(ctx, id, opts);
}

export function confirmPaymentIntent(ctx: ApiContext, id: string, opts: ConfirmOptions = {}): PaymentIntent {
  const { intent, error } = confirmIntent(ctx, id, opts);
  if (error) throw error;
  return intent;
}

export interface UpdatePaymentIntentInput extends PaymentMethodTypeChoice {
  amount?: number;
  currency?: string;
  customer?: string;
  description?: string | null;
  metadata?: Metadata | null;
  payment_method?: string;
  receipt_email?: string | null;
  setup_future_usage?: 'off_session' | 'on_session' | null;
  shipping?: unknown;
  statement_descriptor?: string | null;
  statement_descriptor_suffix?: string | null;
  capture_method?: CaptureMethod;
  transfer_group?: string | null;
  payment_method_options?: Record<string, unknown>;
  application_fee_amount?: number | null;
}

const PAYMENT_FIELDS = [
  'amount', 'currency', 'payment_method', 'capture_method', 'setup_future_usage', 'payment_method_types', 'automatic_payment_methods',
  'allowed_payment_method_types', 'excluded_payment_method_types', 'customer',
] as const;

export function updatePaymentIntent(ctx: ApiContext, id: string, input: UpdatePaymentIntentInput): PaymentIntent {
  const before = getPaymentIntent(ctx, id);
  const touchesPayment = PAYMENT_FIELDS.some((k) => input[k] !== undefined);
  if (touchesPayment && !CONFIRMABLE.includes(before.status)) throw wrongState(before, 'update', CONFIRMABLE);
  const next: PaymentIntent = { ...before };
  if (input.currency !== undefined) next.currency = normalizeCurrency(input.currency);
  if (input.amount !== undefined || input.currency !== undefined) {
    next.amount = input.amount ?? before.amount;
    checkAmount(next.amount, next.currency);
  }
  if (input.customer !== undefined) {
    if (before.customer !== null && before.customer !== input.customer) {
      throw invalidRequest('You cannot change the customer of a PaymentIntent once it has been set.', { param: 'customer' });
    }
    next.customer = getCustomer(ctx, input.customer, 'customer').id;
  }
  if (input.payment_method !== undefined) {
    const pm = lookupPaymentMethod(ctx, input.payment_method, 'payment_method');
    checkOwnership(next.customer, pm);
    next.payment_method = pm.id;
  }
  for (const key of ['description', 'receipt_email', 'setup_future_usage', 'shipping', 'statement_descriptor', 'statement_descriptor_suffix', 'capture_method', 'transfer_group', 'application_fee_amount'] as const) {
    if (input[key] !== undefined) (next as Record<string, unknown>)[key] = input[key];
  }
  if (input.metadata !== undefined) next.metadata = mergeMetadata(before.metadata, input.metadata);
  if (input.payment_method_options !== undefined) next.payment_method_options = { ...(before.payment_method_options as object), ...input.payment_method_options };
  if (['payment_method_types', 'automatic_payment_methods', 'allowed_payment_method_types', 'excluded_payment_method_types'].some((k) => input[k as keyof PaymentMethodTypeChoice] !== undefined)) {
    Object.assign(next, methodTypes(input, before));
  }
  const paymentChanged = next.amount !== before.amount || next.currency !== before.currency || next.payment_method !== before.payment_method;
  if (paymentChanged && next.payment_method && (before.status === 'requires_payment_method' || before.status === 'requires_action')) {
    next.status = 'requires_confirmation';
    next.next_action = null;
    setIntentState(ctx, { ...intentState(ctx, id), action: null });
  }
  return savePaymentIntent(ctx, before, next);
}

/** Keeps an intent's amount in sync (an invoice's default payment). */
export function updatePaymentIntentAmount(ctx: ApiContext, id: string, amount: number): PaymentIntent {
  return updatePaymentIntent(ctx, id, { amount });
}

const CANCELABLE: PaymentIntentStatus[] = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action'];

export type CancellationReason =
  | 'abandoned' | 'duplicate' | 'fraudulent' | 'requested_by_customer' | 'automatic' | 'expired' | 'failed_invoice' | 'void_invoice';

export function cancelPaymentIntent(ctx: ApiContext, id: string, reason?: CancellationReason | null): PaymentIntent {
  const before = getPaymentIntent(ctx, id);
  if (!CANCELABLE.includes(before.status)) throw wrongState(before, 'cancel', CANCELABLE);
  if (before.status === 'requires_capture' && before.latest_charge) releaseCharge(ctx, before.latest_charge);
  setIntentState(ctx, { ...intentState(ctx, id), action: null });
  const after = savePaymentIntent(ctx, before, {
    ...before, status: 'canceled', canceled_at: ctx.now(), cancellation_reason: reason ?? null, amount_capturable: 0, next_action: null,
  });
  emit(ctx, 'payment_intent.canceled', after);
  return after;
}

export function capturePaymentIntent(ctx: ApiContext, id: string, opts: { amount_to_capture?: number; metadata?: Metadata | null } = {}): PaymentIntent {
  const before = getPaymentIntent(ctx, id);
  if (before.status !== 'requires_capture' || !before.latest_charge) throw wrongState(before, 'capture', ['requires_capture']);
  const amount = opts.amount_to_capture ?? before.amount_capturable;
  if (amount > before.amount_capturable) {
    throw invalidRequest(`The amount to capture (${amount}) must be less than or equal to the PaymentIntent's amount_capturable (${before.amount_capturable}).`, {
      code: 'amount_too_large', param: 'amount_to_capture',
    });
  }
  captureCharge(ctx, before.latest_charge, amount);
  const after = savePaymentIntent(ctx, before, {
    ...before,
    status: 'succeeded',
    amount_received: amount,
    amount_capturable: 0,
    metadata: opts.metadata !== undefined ? mergeMetadata(before.metadata, opts.metadata) : before.metadata,
  });
  emit(ctx, 'payment_intent.succeeded', after);
  return after;
}

export { PAYMENT_INTENTS };

/**
 * The PaymentIntent record, its private companion state, and the one write
 * path (`savePaymentIntent`) that notifies `onPaymentIntentChange` listeners
 * whenever a status changes.
 */
import type { ApiContext } from '../../context.js';
import { resourceMissing, unexpectedState } from '../../errors.js';
import type { Metadata } from '../../http/params.js';
import type { StoredObject } from '../../store/collection.js';

export const PAYMENT_INTENTS = 'payment_intent';
const INTENT_STATE = '_payment_intent_state';
/** Processing intents waiting to settle (bank debits), scanned by the clock tick. */
export const PENDING_SETTLEMENT = '_pending_settlement';

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'succeeded'
  | 'canceled';

export type CaptureMethod = 'automatic' | 'automatic_async' | 'manual';

export interface PaymentIntent extends StoredObject {
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  capture_method: CaptureMethod;
  currency: string;
  customer: string | null;
  description: string | null;
  latest_charge: string | null;
  last_payment_error: Record<string, unknown> | null;
  metadata: Metadata;
  next_action: Record<string, unknown> | null;
  payment_method: string | null;
  payment_method_types: string[];
  automatic_payment_methods: { enabled: boolean; allow_redirects?: string } | null;
  allowed_payment_method_types: string[] | null;
  excluded_payment_method_types: string[] | null;
  setup_future_usage: 'off_session' | 'on_session' | null;
  status: PaymentIntentStatus;
  cancellation_reason: string | null;
  canceled_at: number | null;
  receipt_email: string | null;
  shipping: unknown;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  transfer_group: string | null;
}

/** Bookkeeping the API does not show. */
export interface IntentState extends StoredObject {
  /** What `requires_action` waits for. */
  action: 'card_authentication' | 'bank_transfer' | null;
  /** The confirmation was off-session (decides 3DS for cards set up before). */
  off_session: boolean;
  /** customer_balance intents: how much of the amount the cash balance has covered. */
  funded: number;
}

export interface PendingSettlement extends StoredObject {
  settle_at: number;
  outcome: 'succeed' | 'fail';
}

/** Called synchronously, inside the unit of work, whenever a PaymentIntent's status changes. */
export type PaymentIntentListener = (ctx: ApiContext, before: PaymentIntent, after: PaymentIntent) => void;

const listeners: PaymentIntentListener[] = [];

export function onPaymentIntentChange(listener: PaymentIntentListener): () => void {
  listeners.push(listener);
  return () => {
    const i = listeners.indexOf(listener);
    if (i !== -1) listeners.splice(i, 1);
  };
}

/** Writes the intent; notifies listeners if the status changed. */
export function savePaymentIntent(ctx: ApiContext, before: PaymentIntent | undefined, next: PaymentIntent): PaymentIntent {
  const stored = ctx.account.collection<PaymentIntent>(PAYMENT_INTENTS).put(next);
  if (before && before.status !== stored.status) for (const listener of [...listeners]) listener(ctx, before, stored);
  return stored;
}

export function findPaymentIntent(ctx: ApiContext, id: string): PaymentIntent | undefined {
  return ctx.account.collection<PaymentIntent>(PAYMENT_INTENTS).get(id);
}

export function getPaymentIntent(ctx: ApiContext, id: string, param = 'intent'): PaymentIntent {
  const pi = findPaymentIntent(ctx, id);
  if (!pi) throw resourceMissing('payment_intent', id, param);
  return pi;
}

export function intentState(ctx: ApiContext, id: string): IntentState {
  return ctx.account.collection<IntentState>(INTENT_STATE).get(id) ?? { id, action: null, off_session: false, funded: 0 };
}

export function setIntentState(ctx: ApiContext, state: IntentState): void {
  ctx.account.collection<IntentState>(INTENT_STATE).put(state);
}

const PAST: Record<string, string> = { confirm: 'confirmed', cancel: 'canceled', capture: 'captured', update: 'updated', authenticate: 'authenticated', settle: 'settled' };

/** 400 payment_intent_unexpected_state in Stripe's words. */
export function wrongState(pi: PaymentIntent, action: string, allowed: PaymentIntentStatus[]): Error {
  return unexpectedState(
    'payment_intent_unexpected_state',
    `You cannot ${action} this PaymentIntent because it has a status of ${pi.status}. ` +
      `Only a PaymentIntent with one of the following statuses may be ${PAST[action] ?? action}: ${allowed.join(', ')}.`,
  );
}

/**
 * A customer's cash balance, just enough for `customer_balance` PaymentIntents:
 * the test helper `fund_cash_balance` adds funds (a `funded` transaction), which
 * are applied at once to the customer's waiting intents in that currency, oldest
 * first (`applied_to_payment`): partly (`payment_intent.partially_funded`) or in
 * full (a charge; `payment_intent.succeeded`). What is left stays available
 * (`cash_balance.funds_available`) and pays the next intent confirmed.
 */
import type { ApiContext } from '../../context.js';
import { emit } from '../../events/emit.js';
import type { StoredObject } from '../../store/collection.js';
import { createCharge } from '../charges/service.js';
import { getCustomer } from '../customers/service.js';
import { bankTransferAction } from '../payment-intents/confirm.js';
import { PAYMENT_INTENTS, intentState, savePaymentIntent, setIntentState, type PaymentIntent } from '../payment-intents/model.js';
import { getPaymentMethod } from '../payment-methods/service.js';

export const CASH_BALANCE_TRANSACTIONS = 'customer_cash_balance_transaction';
const BALANCES = '_cash_balances';

interface Balances extends StoredObject {
  available: Record<string, number>;
}

export interface CashBalanceTransaction extends StoredObject {
  object: 'customer_cash_balance_transaction';
  net_amount: number;
  ending_balance: number;
  currency: string;
  customer: string;
  type: string;
}

function available(ctx: ApiContext, customer: string): Record<string, number> {
  return ctx.account.collection<Balances>(BALANCES).get(customer)?.available ?? {};
}

function record(ctx: ApiContext, customer: string, currency: string, net: number, details: Record<string, unknown>): CashBalanceTransaction {
  const balances = available(ctx, customer);
  const ending = (balances[currency] ?? 0) + net;
  ctx.account.collection<Balances>(BALANCES).put({ id: customer, available: { ...balances, [currency]: ending } });
  const txn = ctx.account.collection<CashBalanceTransaction>(CASH_BALANCE_TRANSACTIONS).put({
    id: ctx.id('ccsbtxn'),
    object: 'customer_cash_balance_transaction',
    created: ctx.now(),
    currency,
    customer,
    customer_account: null,
    ending_balance: ending,
    livemode: false,
    net_amount: net,
    ...details,
  } as unknown as CashBalanceTransaction);
  emit(ctx, 'customer_cash_balance_transaction.created', txn);
  return txn;
}

/** The `cash_balance` object (it has no id of its own). */
export function cashBalance(ctx: ApiContext, customer: string): StoredObject {
  return {
    object: 'cash_balance',
    available: available(ctx, customer),
    customer,
    customer_account: null,
    livemode: false,
    settings: { reconciliation_mode: 'automatic', using_merchant_default: true },
  } as unknown as StoredObject;
}

/** Test helper: funds arrive by bank transfer. */
export function fundCashBalance(ctx: ApiContext, customerId: string, amount: number, currency: string, reference?: string): CashBalanceTransaction {
  const customer = getCustomer(ctx, customerId, 'customer');
  const cur = currency.toLowerCase();
  const type = { jpy: 'jp_bank_transfer', eur: 'eu_bank_transfer', gbp: 'gb_bank_transfer', mxn: 'mx_bank_transfer' }[cur] ?? 'us_bank_transfer';
  const funded = record(ctx, customer.id, cur, amount, { type: 'funded', funded: { bank_transfer: { reference: reference ?? null, type } } });
  for (const pi of ctx.account.collection<PaymentIntent>(PAYMENT_INTENTS).page({ limit: 1000, where: { field: 'customer', value: customer.id } }).data.reverse()) {
    if (pi.currency === cur) applyCashBalance(ctx, pi.id);
  }
  if ((available(ctx, customer.id)[cur] ?? 0) > 0) emit(ctx, 'cash_balance.funds_available', cashBalance(ctx, customer.id));
  return funded;
}

/** Applies available funds to a customer_balance intent waiting in requires_action. */
export function applyCashBalance(ctx: ApiContext, intentId: string): PaymentIntent {
  const before = ctx.account.collection<PaymentIntent>(PAYMENT_INTENTS).get(intentId)!;
  const state = intentState(ctx, intentId);
  if (before.status !== 'requires_action' || state.action !== 'bank_transfer' || !before.customer) return before;
  const remaining = before.amount - state.funded;
  const apply = Math.min(available(ctx, before.customer)[before.currency] ?? 0, remaining);
  if (apply <= 0) return before;
  record(ctx, before.customer, before.currency, -apply, { type: 'applied_to_payment', applied_to_payment: { payment_intent: before.id } });
  const funded = state.funded + apply;
  if (funded < before.amount) {
    setIntentState(ctx, { ...state, funded });
    const after = savePaymentIntent(ctx, before, { ...before, next_action: bankTransferAction(ctx, before, before.amount - funded) });
    emit(ctx, 'payment_intent.partially_funded', after);
    return after;
  }
  setIntentState(ctx, { ...state, funded, action: null });
  const pm = getPaymentMethod(ctx, before.payment_method!);
  const charge = createCharge(ctx, before, pm, { status: 'succeeded', captured: true });
  const after = savePaymentIntent(ctx, before, {
    ...before, status: 'succeeded', amount_received: before.amount, latest_charge: charge.id, next_action: null,
  });
  emit(ctx, 'payment_intent.succeeded', after);
  return after;
}

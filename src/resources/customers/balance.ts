/**
 * The customer balance ledger: the one place that moves `customer.balance`
 * and `invoice_credit_balance`. Every movement is a customer balance
 * transaction (`cbtxn_`), so the balance always equals the sum of the
 * transactions. Sign convention: negative = credit to the customer.
 */
import type { ApiContext } from '../../context.js';
import { emitUpdated } from '../../events/emit.js';
import type { StoredObject } from '../../store/collection.js';
import type { Metadata } from '../../http/params.js';
import { getCustomer } from './service.js';

export const BALANCE_TRANSACTIONS = 'customer_balance_transaction';
/** Per-customer balances by currency (bookkeeping). */
const BALANCES = '_customer_balances';

export type BalanceTransactionType =
  | 'adjustment'
  | 'applied_to_invoice'
  | 'credit_note'
  | 'initial'
  | 'invoice_overpaid'
  | 'invoice_too_large'
  | 'invoice_too_small'
  | 'migration'
  | 'unapplied_from_invoice'
  | 'unspent_receiver_credit';

export interface BalanceTransaction extends StoredObject {
  object: 'customer_balance_transaction';
  amount: number;
  currency: string;
  customer: string;
  ending_balance: number;
  type: BalanceTransactionType;
  invoice: string | null;
  credit_note: string | null;
}

interface Balances extends StoredObject {
  balances: Record<string, number>;
}

export function balanceIn(ctx: ApiContext, customerId: string, currency: string): number {
  const record = ctx.account.collection<Balances>(BALANCES).get(customerId);
  return record?.balances[currency] ?? 0;
}

/** `invoice_credit_balance`: positive = credit, per currency. */
export function invoiceCreditBalance(ctx: ApiContext, customerId: string): Record<string, number> {
  const record = ctx.account.collection<Balances>(BALANCES).get(customerId);
  const out: Record<string, number> = {};
  for (const [currency, amount] of Object.entries(record?.balances ?? {})) out[currency] = amount === 0 ? 0 : -amount;
  return out;
}

export function recordBalanceTransaction(
  ctx: ApiContext,
  customerId: string,
  entry: {
    amount: number;
    currency: string;
    type: BalanceTransactionType;
    description?: string | null;
    metadata?: Metadata;
    invoice?: string | null;
    credit_note?: string | null;
  },
  opts: { silent?: boolean } = {},
): BalanceTransaction {
  const customer = getCustomer(ctx, customerId);
  const currency = entry.currency.toLowerCase();
  const balances = ctx.account.collection<Balances>(BALANCES);
  const current = balances.get(customerId)?.balances ?? {};
  const ending = (current[currency] ?? 0) + entry.amount;
  balances.put({ id: customerId, balances: { ...current, [currency]: ending } });
  const txn: BalanceTransaction = {
    id: ctx.id('cbtxn'),
    object: 'customer_balance_transaction',
    amount: entry.amount,
    checkout_session: null,
    created: ctx.now(),
    credit_note: entry.credit_note ?? null,
    currency,
    customer: customerId,
    customer_account: null,
    description: entry.description ?? null,
    ending_balance: ending,
    invoice: entry.invoice ?? null,
    livemode: false,
    metadata: entry.metadata ?? {},
    type: entry.type,
  };
  const stored = ctx.account.collection<BalanceTransaction>(BALANCE_TRANSACTIONS).put(txn);
  const customerCurrency = (customer.currency as string | null) ?? currency;
  if (customerCurrency === currency) {
    const after = ctx.account.collection('customer').put({ ...customer, currency, balance: ending });
    if (!opts.silent) emitUpdated(ctx, 'customer.updated', customer, after);
  }
  return stored;
}

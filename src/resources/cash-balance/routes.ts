/** The `fund_cash_balance` test helper (customer_balance PaymentIntents) and a customer's cash balance. */
import { currency, int, required, str } from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { customerHooks } from '../customers/routes.js';
import { getCustomer } from '../customers/service.js';
import { cashBalance, fundCashBalance } from './service.js';

registerResource({ object: 'customer_cash_balance_transaction', prefix: 'ccsbtxn' });
customerHooks.cashBalance = cashBalance; // `expand[]=cash_balance` on a customer

export function cashBalanceRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/test_helpers/customers/{customer}/fund_cash_balance',
    summary: "Test helper: fund a customer's cash balance by bank transfer (applied to waiting customer_balance PaymentIntents)",
    returns: 'customer_cash_balance_transaction',
    params: { amount: required(int({ min: 1 })), currency: required(currency()), reference: str() },
    handler: (ctx, p, { customer }) => fundCashBalance(ctx, customer, p.amount, p.currency, p.reference),
  });
  r.add({
    method: 'GET', path: '/v1/customers/{customer}/cash_balance', summary: "Retrieve a customer's cash balance", returns: 'cash_balance',
    handler: (ctx, _p, { customer }) => cashBalance(ctx, getCustomer(ctx, customer, 'customer').id),
  });
}

/** RouteTable: how a /v1 request finds its route. */
import { describe, expect, it } from 'vitest';
import { RouteTable } from '../../src/http/route-table.js';

const routes = [
  { method: 'GET', path: '/v1/customers/{customer}' },
  { method: 'GET', path: '/v1/customers/search' },
  { method: 'POST', path: '/v1/customers' },
  { method: 'GET', path: '/v1/customers/{customer}/balance_transactions/{transaction}' },
  { method: 'POST', path: '/v1/test_helpers/customers/{customer}/fund_cash_balance' },
];
const table = new RouteTable(routes);

describe('RouteTable', () => {
  it('prefers literal segments to parameters, whatever the declaration order', () => {
    expect(table.match('GET', '/v1/customers/search')?.route.path).toBe('/v1/customers/search');
    expect(table.match('GET', '/v1/customers/cus_1')).toEqual({ route: routes[0], params: { customer: 'cus_1' } });
  });

  it('reads several parameters and percent-decodes them', () => {
    expect(table.match('GET', '/v1/customers/cus_1/balance_transactions/cbtxn%5F2')?.params).toEqual({ customer: 'cus_1', transaction: 'cbtxn_2' });
    expect(table.match('GET', '/v1/customers/%E0%A4%A')?.params).toEqual({ customer: '%E0%A4%A' }); // undecodable: kept as sent
    expect(table.match('POST', '/v1/test_helpers/customers/cus_9/fund_cash_balance')?.params).toEqual({ customer: 'cus_9' });
  });

  it('matches method, length and literals exactly', () => {
    expect(table.match('DELETE', '/v1/customers/cus_1')).toBeNull();
    expect(table.match('GET', '/v1/customers/')).toBeNull(); // an empty parameter
    expect(table.match('POST', '/v1/customers/')).toBeNull(); // a trailing slash
    expect(table.match('GET', '/v1/customers/cus_1/balance_transactions')).toBeNull();
    expect(table.match('GET', '/v1/nothing')).toBeNull();
    expect(table.match('GET', '/v1')).toBeNull();
  });
});

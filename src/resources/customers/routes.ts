/** Routes for customers and their balance transactions. */
import type { ApiContext } from '../../context.js';
import { resourceMissing } from '../../errors.js';
import {
  arr, emptyable, int, listShape, metadata, obj, oneOf, range, required, str, anything, type Params,
} from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { listObjects } from '../../store/list.js';
import { searchObjects } from '../../store/search.js';
import { mergeMetadata } from '../../http/params.js';
import { currency } from '../../http/params.js';
import {
  BALANCE_TRANSACTIONS, invoiceCreditBalance, recordBalanceTransaction, type BalanceTransaction,
} from './balance.js';
import { CUSTOMERS, createCustomer, deleteCustomer, findCustomer, getCustomer, updateCustomer, type Customer } from './service.js';

registerResource({
  object: 'customer',
  prefix: 'cus',
  includable: { invoice_credit_balance: (ctx, c) => (c.deleted ? undefined : invoiceCreditBalance(ctx, c.id)) },
});
registerResource({ object: 'customer_balance_transaction', prefix: 'cbtxn' });

const address = obj({
  city: emptyable(str()), country: emptyable(str()), line1: emptyable(str()), line2: emptyable(str()),
  postal_code: emptyable(str()), state: emptyable(str()),
});

const customerFields = {
  address: emptyable(address),
  balance: int(),
  business_name: emptyable(str({ max: 150 })),
  description: emptyable(str({ max: 5000 })),
  email: emptyable(str({ max: 512 })),
  individual_name: emptyable(str({ max: 150 })),
  invoice_prefix: str({ max: 12, pattern: /^[A-Z0-9]{3,12}$/ }),
  invoice_settings: obj({
    custom_fields: emptyable(arr(obj({ name: required(str({ max: 40 })), value: required(str({ max: 140 })) }), { max: 4 })),
    default_payment_method: emptyable(str()),
    footer: emptyable(str({ max: 5000 })),
    rendering_options: emptyable(anything()),
  }),
  metadata: metadata(),
  name: emptyable(str({ max: 256 })),
  next_invoice_sequence: int({ min: 1 }),
  phone: emptyable(str({ max: 20 })),
  preferred_locales: emptyable(arr(str())),
  shipping: emptyable(obj({ address: required(address), name: required(str()), phone: emptyable(str()) })),
  tax_exempt: emptyable(oneOf(['exempt', 'none', 'reverse'] as const)),
  tax: anything(),
  validate: anything(),
};

const createShape = {
  ...customerFields,
  payment_method: str(),
  source: str(),
  test_clock: str(),
  cash_balance: anything(),
  tax_id_data: anything(),
  coupon: emptyable(str()),
  promotion_code: emptyable(str()),
};

const updateShape = { ...customerFields, default_source: emptyable(str()), source: str(), cash_balance: anything(), coupon: emptyable(str()), promotion_code: emptyable(str()) };

type CustomerParams = Params<typeof customerFields> & { payment_method?: string; test_clock?: string };

/** Hooks other resources install (payment methods attach `payment_method`/`source` given at creation). */
export const customerHooks: {
  attachPaymentMethod?: (ctx: ApiContext, customerId: string, paymentMethod: string, param: string) => string;
} = {};

function fields(p: CustomerParams) {
  return {
    address: p.address as Record<string, unknown> | null | undefined,
    description: p.description,
    email: p.email,
    name: p.name,
    phone: p.phone,
    business_name: p.business_name,
    individual_name: p.individual_name,
    invoice_prefix: p.invoice_prefix,
    next_invoice_sequence: p.next_invoice_sequence,
    preferred_locales: p.preferred_locales === null ? [] : p.preferred_locales,
    shipping: p.shipping as Record<string, unknown> | null | undefined,
    tax_exempt: p.tax_exempt,
    metadata: p.metadata,
    balance: p.balance,
    invoice_settings: p.invoice_settings
      ? {
          custom_fields: p.invoice_settings.custom_fields as Array<{ name: string; value: string }> | null | undefined,
          default_payment_method: p.invoice_settings.default_payment_method,
          footer: p.invoice_settings.footer,
          rendering_options: p.invoice_settings.rendering_options as Record<string, unknown> | null | undefined,
        }
      : undefined,
    test_clock: p.test_clock,
  };
}

const balanceTxnShape = {
  amount: required(int()),
  currency: required(currency()),
  description: emptyable(str({ max: 350 })),
  metadata: metadata(),
};

function getBalanceTransaction(ctx: ApiContext, customer: string, id: string): BalanceTransaction {
  getCustomer(ctx, customer, 'customer');
  const txn = ctx.account.collection<BalanceTransaction>(BALANCE_TRANSACTIONS).get(id);
  if (!txn || txn.customer !== customer) throw resourceMissing('customer balance transaction', id, 'transaction');
  return txn;
}

export function customerRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/customers', summary: 'Create a customer', returns: 'customer', params: createShape,
    handler: (ctx, p) => {
      const { payment_method, source } = p;
      let customer = createCustomer(ctx, fields(p));
      const pm = payment_method ?? source;
      if (pm !== undefined && customerHooks.attachPaymentMethod) {
        const attached = customerHooks.attachPaymentMethod(ctx, customer.id, pm, payment_method !== undefined ? 'payment_method' : 'source');
        const defaultPm = p.invoice_settings?.default_payment_method;
        if (defaultPm === pm) customer = updateCustomer(ctx, customer.id, { invoice_settings: { default_payment_method: attached } });
        customer = getCustomer(ctx, customer.id);
      }
      return customer;
    },
  });
  r.add({
    method: 'GET', path: '/v1/customers/{customer}', summary: 'Retrieve a customer', returns: 'customer',
    handler: (ctx, _p, { customer }) => {
      const c = findCustomer(ctx, customer);
      if (!c) throw resourceMissing('customer', customer, 'id');
      return c;
    },
  });
  r.add({
    method: 'POST', path: '/v1/customers/{customer}', summary: 'Update a customer', returns: 'customer', params: updateShape,
    handler: (ctx, p, { customer }) => {
      if (p.source !== undefined && customerHooks.attachPaymentMethod) customerHooks.attachPaymentMethod(ctx, customer, p.source, 'source');
      return updateCustomer(ctx, customer, fields(p));
    },
  });
  r.add({
    method: 'DELETE', path: '/v1/customers/{customer}', summary: 'Delete a customer', returns: 'customer',
    handler: (ctx, _p, { customer }) => deleteCustomer(ctx, customer),
  });
  r.add({
    method: 'GET', path: '/v1/customers', summary: 'List customers', returns: 'list',
    params: { ...listShape, email: str({ max: 512 }), created: range(), test_clock: str() },
    handler: (ctx, p) =>
      listObjects<Customer>(ctx, p, {
        collection: CUSTOMERS, objectName: 'customer', url: '/v1/customers',
        where: p.email !== undefined ? { field: 'email', value: p.email } : undefined,
        created: p.created,
        filter: p.test_clock !== undefined ? (c) => c.test_clock === p.test_clock : undefined,
      }),
  });
  r.add({
    method: 'GET', path: '/v1/customers/search', summary: 'Search customers', returns: 'search_result',
    params: { query: required(str()), limit: int({ min: 1, max: 100 }), page: str() },
    handler: (ctx, p) =>
      searchObjects(ctx, p, {
        collection: CUSTOMERS, url: '/v1/customers/search',
        fields: new Set(['email', 'name', 'phone', 'created', 'description', 'id']),
      }),
  });

  r.add({
    method: 'POST', path: '/v1/customers/{customer}/balance_transactions', summary: 'Create a customer balance transaction',
    returns: 'customer_balance_transaction', params: balanceTxnShape,
    handler: (ctx, p, { customer }) => {
      getCustomer(ctx, customer, 'customer');
      return recordBalanceTransaction(ctx, customer, {
        amount: p.amount, currency: p.currency, type: 'adjustment', description: p.description ?? null,
        metadata: mergeMetadata({}, p.metadata),
      });
    },
  });
  r.add({
    method: 'GET', path: '/v1/customers/{customer}/balance_transactions/{transaction}', summary: 'Retrieve a customer balance transaction',
    returns: 'customer_balance_transaction',
    handler: (ctx, _p, { customer, transaction }) => getBalanceTransaction(ctx, customer, transaction),
  });
  r.add({
    method: 'POST', path: '/v1/customers/{customer}/balance_transactions/{transaction}', summary: 'Update a customer balance transaction',
    returns: 'customer_balance_transaction', params: { description: emptyable(str({ max: 350 })), metadata: metadata() },
    handler: (ctx, p, { customer, transaction }) => {
      const txn = getBalanceTransaction(ctx, customer, transaction);
      const next: BalanceTransaction = { ...txn };
      if (p.description !== undefined) next.description = p.description;
      if (p.metadata !== undefined) next.metadata = mergeMetadata(txn.metadata as Record<string, string>, p.metadata);
      return ctx.account.collection<BalanceTransaction>(BALANCE_TRANSACTIONS).put(next);
    },
  });
  r.add({
    method: 'GET', path: '/v1/customers/{customer}/balance_transactions', summary: 'List customer balance transactions', returns: 'list',
    params: { ...listShape, created: range(), invoice: str() },
    handler: (ctx, p, { customer }) => {
      getCustomer(ctx, customer, 'customer');
      return listObjects<BalanceTransaction>(ctx, p, {
        collection: BALANCE_TRANSACTIONS, objectName: 'customer_balance_transaction',
        url: `/v1/customers/${customer}/balance_transactions`,
        where: { field: 'customer', value: customer },
        created: p.created,
        filter: p.invoice !== undefined ? (t) => t.invoice === p.invoice : undefined,
      });
    },
  });
}

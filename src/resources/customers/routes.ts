/** Routes for customers and their balance transactions. */
import type { ApiContext } from '../../context.js';
import { resourceMissing } from '../../errors.js';
import {
  arr, bool, currency, email, emptyable, int, listShape, mergeMetadata, metadata, obj, oneOf, range, required, str, type Params,
} from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import type { StoredObject } from '../../store/collection.js';
import { listObjects } from '../../store/list.js';
import { searchObjects } from '../../store/search.js';
import {
  BALANCE_TRANSACTIONS, invoiceCreditBalance, recordBalanceTransaction, type BalanceTransaction,
} from './balance.js';
import { checkTaxLocation, customerTax, setTaxIp } from './tax.js';
import { CUSTOMERS, createCustomer, deleteCustomer, findCustomer, getCustomer, updateCustomer, type Customer } from './service.js';

/** A list the emulator has nothing to put in (it has no subscriptions or tax ids), as Stripe renders it. */
const emptyList = (path: string) => (_ctx: ApiContext, c: StoredObject) =>
  c.deleted ? undefined : { object: 'list', data: [], has_more: false, url: `/v1/customers/${c.id}/${path}` };

registerResource({
  object: 'customer',
  prefix: 'cus',
  includable: {
    invoice_credit_balance: (ctx, c) => (c.deleted ? undefined : invoiceCreditBalance(ctx, c.id)),
    cash_balance: (ctx, c) => (c.deleted ? undefined : customerHooks.cashBalance?.(ctx, c.id)),
    subscriptions: emptyList('subscriptions'),
    tax_ids: emptyList('tax_ids'),
    tax: (ctx, c) => (c.deleted ? undefined : customerTax(ctx, c as Customer)),
  },
});
registerResource({ object: 'customer_balance_transaction', prefix: 'cbtxn' });

const address = obj({
  city: emptyable(str()), country: emptyable(str()), line1: emptyable(str()), line2: emptyable(str()),
  postal_code: emptyable(str()), state: emptyable(str()),
});

/** `invoice_settings.rendering_options`: how this customer's invoice PDFs are drawn. */
const renderingOptions = obj({
  amount_tax_display: emptyable(oneOf(['exclude_tax', 'include_inclusive_tax'] as const)),
  template: str(),
});

const customerFields = {
  address: emptyable(address),
  balance: int(),
  business_name: emptyable(str({ max: 150 })),
  description: emptyable(str({ max: 5000 })),
  email: emptyable(email({ max: 512 })),
  individual_name: emptyable(str({ max: 150 })),
  invoice_prefix: str({ max: 12, pattern: /^[A-Z0-9]{3,12}$/ }),
  invoice_settings: obj({
    custom_fields: emptyable(arr(obj({ name: required(str({ max: 40 })), value: required(str({ max: 140 })) }), { max: 4 })),
    default_payment_method: emptyable(str()),
    footer: emptyable(str({ max: 5000 })),
    rendering_options: emptyable(renderingOptions),
  }),
  metadata: metadata(),
  name: emptyable(str({ max: 256 })),
  next_invoice_sequence: int({ min: 1 }),
  phone: emptyable(str({ max: 20 })),
  preferred_locales: emptyable(arr(str())),
  shipping: emptyable(obj({ address: required(address), name: required(str()), phone: emptyable(str()) })),
  tax_exempt: emptyable(oneOf(['exempt', 'none', 'reverse'] as const)),
  validate: bool(),
};

/** Accepted and checked, not acted on (the emulator has no cash balance settings or tax ids). */
const cashBalanceSettings = obj({
  settings: obj({ reconciliation_mode: oneOf(['automatic', 'manual', 'merchant_default'] as const) }),
});

const createShape = {
  ...customerFields,
  tax: obj({ ip_address: emptyable(str()), validate_location: oneOf(['deferred', 'immediately'] as const) }),
  payment_method: str(),
  source: str(),
  test_clock: str(),
  cash_balance: cashBalanceSettings,
  tax_id_data: arr(obj({ type: required(str()), value: required(str()) })),
  coupon: emptyable(str()),
  promotion_code: emptyable(str()),
};

const updateShape = {
  ...customerFields,
  tax: obj({ ip_address: emptyable(str()), validate_location: oneOf(['auto', 'deferred', 'immediately'] as const) }),
  default_source: emptyable(str()), source: str(), cash_balance: cashBalanceSettings, coupon: emptyable(str()), promotion_code: emptyable(str()),
};

type CustomerParams = Params<typeof customerFields> & { payment_method?: string; test_clock?: string };

/** Hooks the payment-method resource installs: customers name payment methods without depending on their module. */
export const customerHooks: {
  /** Attaches `payment_method`/`source` given to create or update; returns the attached method's id. */
  attachPaymentMethod?: (ctx: ApiContext, customerId: string, paymentMethod: string, param: string) => string;
  /**
   * Checks that `id` names a payment method attached to the customer (none yet: `customerId` null), as
   * `invoice_settings[default_payment_method]` must; 404 when it does not exist, else 400.
   */
  checkAttached?: (ctx: ApiContext, customerId: string | null, id: string, param: string) => void;
  /** Checks that `id` names a source (modelled as a payment method) of the customer, as `default_source` must; else 404. */
  checkDefaultSource?: (ctx: ApiContext, customerId: string, id: string, param: string) => void;
  /** The customer's `cash_balance` object (includable). */
  cashBalance?: (ctx: ApiContext, customerId: string) => unknown;
} = {};

const DEFAULT_PM_PARAM = 'invoice_settings[default_payment_method]';

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
          rendering_options: p.invoice_settings.rendering_options,
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
      const pm = payment_method ?? source;
      // a new customer has no payment method but the one this request attaches (a shortcut such as pm_card_visa
      // names the method it becomes): any other default is refused before anything is written
      const defaultPm = p.invoice_settings?.default_payment_method;
      if (typeof defaultPm === 'string' && defaultPm !== pm) customerHooks.checkAttached?.(ctx, null, defaultPm, DEFAULT_PM_PARAM);
      const f = fields(p);
      if (f.invoice_settings) f.invoice_settings.default_payment_method = undefined; // set below, once attached
      let customer = createCustomer(ctx, f);
      if (pm !== undefined && customerHooks.attachPaymentMethod) {
        const attached = customerHooks.attachPaymentMethod(ctx, customer.id, pm, payment_method !== undefined ? 'payment_method' : 'source');
        if (defaultPm === pm) customer = updateCustomer(ctx, customer.id, { invoice_settings: { default_payment_method: attached } });
        customer = getCustomer(ctx, customer.id);
      }
      checkTaxLocation(customer, p.tax?.validate_location);
      setTaxIp(ctx, customer.id, p.tax?.ip_address);
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
      getCustomer(ctx, customer, 'id');
      if (p.source !== undefined && customerHooks.attachPaymentMethod) customerHooks.attachPaymentMethod(ctx, customer, p.source, 'source');
      const defaultPm = p.invoice_settings?.default_payment_method;
      if (typeof defaultPm === 'string') customerHooks.checkAttached?.(ctx, customer, defaultPm, DEFAULT_PM_PARAM);
      if (typeof p.default_source === 'string') customerHooks.checkDefaultSource?.(ctx, customer, p.default_source, 'default_source');
      const updated = updateCustomer(ctx, customer, { ...fields(p), default_source: p.default_source });
      checkTaxLocation(updated, p.tax?.validate_location);
      setTaxIp(ctx, customer, p.tax?.ip_address);
      return updated;
    },
  });
  r.add({
    method: 'DELETE', path: '/v1/customers/{customer}', summary: 'Delete a customer', returns: 'deleted_customer',
    handler: (ctx, _p, { customer }) => {
      const stub = deleteCustomer(ctx, customer);
      setTaxIp(ctx, customer, null);
      return stub;
    },
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

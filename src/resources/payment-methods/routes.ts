/** Routes for PaymentMethods (and a customer's PaymentMethods); installs the customer-create attach hook. */
import type { ApiContext } from '../../context.js';
import { invalidRequest, parameterMissing, resourceMissing } from '../../errors.js';
import {
  anything, emptyable, int, listShape, metadata, obj, oneOf, str, type Params,
} from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { listObjects } from '../../store/list.js';
import { customerHooks } from '../customers/routes.js';
import { getCustomer, updateCustomer } from '../customers/service.js';
import {
  PAYMENT_METHODS, attachPaymentMethod, createFromShortcut, createPaymentMethod, detachPaymentMethod, findPaymentMethod, getPaymentMethod,
  isShortcut, lookupPaymentMethod, updatePaymentMethod, type PaymentMethod,
} from './service.js';

registerResource({ object: 'payment_method', prefix: 'pm' });

/**
 * `payment_method` / `source` given to customer create or update: attach it. A `source` becomes the customer's
 * default source, and the default it replaces is removed, as Stripe does with sources.
 */
customerHooks.attachPaymentMethod = (ctx: ApiContext, customerId: string, pm: string, param: string): string => {
  const attached = attachPaymentMethod(ctx, pm, customerId, param);
  if (param === 'source') {
    const replaced = getCustomer(ctx, customerId).default_source as string | null | undefined;
    if (replaced !== attached.id) {
      updateCustomer(ctx, customerId, { default_source: attached.id });
      // (a default left over from data written before detaching cleared it may name a detached method)
      if (replaced && findPaymentMethod(ctx, replaced)?.customer === customerId) detachPaymentMethod(ctx, replaced);
    }
  }
  return attached.id;
};

customerHooks.checkDefaultSource = (ctx: ApiContext, customerId: string, id: string, param: string): void => {
  const pm = findPaymentMethod(ctx, id);
  if (!pm || pm.customer !== customerId) throw resourceMissing('source', id, param);
};

customerHooks.checkAttached = (ctx: ApiContext, customerId: string | null, id: string, param: string): void => {
  const pm = findPaymentMethod(ctx, id);
  if (!pm) throw resourceMissing('PaymentMethod', id, param);
  if (customerId === null || pm.customer !== customerId) {
    throw invalidRequest(`The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`, { param });
  }
};

const address = obj({
  city: emptyable(str()), country: emptyable(str()), line1: emptyable(str()), line2: emptyable(str()),
  postal_code: emptyable(str()), state: emptyable(str()),
});

export const billingDetailsSpec = obj({
  address: emptyable(address), email: emptyable(str()), name: emptyable(str()), phone: emptyable(str()), tax_id: str(),
});

const redisplay = oneOf(['always', 'limited', 'unspecified'] as const);

export const paymentMethodDataShape = {
  type: str(),
  card: obj({ number: str(), exp_month: int(), exp_year: int(), cvc: str(), token: str(), networks: anything() }),
  sepa_debit: obj({ iban: str() }),
  customer_balance: anything(),
  billing_details: billingDetailsSpec,
  metadata: metadata(),
  allow_redisplay: redisplay,
  radar_options: anything(),
};

/** Reads `payment_method_data` / the create body into the service input. */
export function paymentMethodInput(p: Params<typeof paymentMethodDataShape>, prefix = '') {
  if (p.type === undefined) throw parameterMissing(`${prefix}type`);
  return {
    type: p.type,
    card: p.card,
    sepa_debit: p.sepa_debit,
    billing_details: p.billing_details as Parameters<typeof createPaymentMethod>[1]['billing_details'],
    metadata: p.metadata,
    allow_redisplay: p.allow_redisplay,
  };
}

function listFor(ctx: ApiContext, p: Params<typeof listShape> & { type?: string; allow_redisplay?: string }, customer: string | undefined, url: string) {
  return listObjects<PaymentMethod>(ctx, p, {
    collection: PAYMENT_METHODS, objectName: 'payment_method', url,
    where: customer !== undefined ? { field: 'customer', value: customer } : undefined,
    filter: p.type !== undefined || p.allow_redisplay !== undefined
      ? (pm) => (p.type === undefined || pm.type === p.type) && (p.allow_redisplay === undefined || pm.allow_redisplay === p.allow_redisplay)
      : undefined,
  });
}

export function paymentMethodRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/payment_methods', summary: 'Create a PaymentMethod', returns: 'payment_method',
    params: { ...paymentMethodDataShape, customer: str(), payment_method: str(), customer_account: str() },
    handler: (ctx, p) => {
      if (p.payment_method !== undefined) {
        const cloned = isShortcut(p.payment_method) ? createFromShortcut(ctx, p.payment_method) : undefined;
        if (!cloned) throw invalidRequest('Cloning PaymentMethods between accounts (Connect) is not supported by the emulator.', { param: 'payment_method' });
        return cloned;
      }
      return createPaymentMethod(ctx, paymentMethodInput(p));
    },
  });
  r.add({
    method: 'GET', path: '/v1/payment_methods/{payment_method}', summary: 'Retrieve a PaymentMethod', returns: 'payment_method',
    handler: (ctx, _p, { payment_method }) =>
      isShortcut(payment_method) ? lookupPaymentMethod(ctx, payment_method, 'payment_method') : getPaymentMethod(ctx, payment_method, 'payment_method'),
  });
  r.add({
    method: 'POST', path: '/v1/payment_methods/{payment_method}', summary: 'Update a PaymentMethod', returns: 'payment_method',
    params: {
      billing_details: billingDetailsSpec, metadata: metadata(), allow_redisplay: redisplay,
      card: obj({ exp_month: int(), exp_year: int(), networks: anything() }), us_bank_account: anything(),
    },
    handler: (ctx, p, { payment_method }) =>
      updatePaymentMethod(ctx, payment_method, {
        billing_details: p.billing_details as Parameters<typeof updatePaymentMethod>[2]['billing_details'],
        metadata: p.metadata, allow_redisplay: p.allow_redisplay, card: p.card,
      }),
  });
  r.add({
    method: 'POST', path: '/v1/payment_methods/{payment_method}/attach', summary: 'Attach a PaymentMethod to a customer', returns: 'payment_method',
    params: { customer: str(), customer_account: str() },
    handler: (ctx, p, { payment_method }) => {
      if (p.customer === undefined) throw parameterMissing('customer');
      return attachPaymentMethod(ctx, payment_method, p.customer, 'payment_method');
    },
  });
  r.add({
    method: 'POST', path: '/v1/payment_methods/{payment_method}/detach', summary: 'Detach a PaymentMethod from its customer', returns: 'payment_method',
    handler: (ctx, _p, { payment_method }) => detachPaymentMethod(ctx, payment_method),
  });
  r.add({
    method: 'GET', path: '/v1/payment_methods', summary: 'List PaymentMethods', returns: 'list',
    params: { ...listShape, customer: str(), type: str(), allow_redisplay: redisplay, customer_account: str() },
    handler: (ctx, p) => {
      if (p.customer !== undefined) getCustomer(ctx, p.customer, 'customer');
      return listFor(ctx, p, p.customer, '/v1/payment_methods');
    },
  });
  r.add({
    method: 'GET', path: '/v1/customers/{customer}/payment_methods', summary: "List a customer's PaymentMethods", returns: 'list',
    params: { ...listShape, type: str(), allow_redisplay: redisplay },
    handler: (ctx, p, { customer }) => {
      getCustomer(ctx, customer, 'customer');
      return listFor(ctx, p, customer, `/v1/customers/${customer}/payment_methods`);
    },
  });
  r.add({
    method: 'GET', path: '/v1/customers/{customer}/payment_methods/{payment_method}', summary: "Retrieve a customer's PaymentMethod", returns: 'payment_method',
    handler: (ctx, _p, { customer, payment_method }) => {
      getCustomer(ctx, customer, 'customer');
      const pm = getPaymentMethod(ctx, payment_method, 'payment_method');
      if (pm.customer !== customer) throw resourceMissing('PaymentMethod', payment_method, 'payment_method');
      return pm;
    },
  });
}

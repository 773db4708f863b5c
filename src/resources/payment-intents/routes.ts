/** Routes for PaymentIntents: create, retrieve, update, confirm, capture, cancel, list, search. */
import { assertNotManagedByInvoice } from '../invoice-payments/managed-intents.js';
import { invalidRequest } from '../../errors.js';
import {
  anything, bool, currency, emptyable, int, listShape, metadata, obj, oneOf, range, required, str, type Params,
} from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { listObjects } from '../../store/list.js';
import { searchObjects } from '../../store/search.js';
import { paymentMethodDataShape, paymentMethodInput } from '../payment-methods/routes.js';
import { asRecord, checkClientSecret, gatePaymentMethodTypes, methodTypeParams, offSession, shippingSpec, unsupported } from './params.js';
import {
  PAYMENT_INTENTS, cancelPaymentIntent, capturePaymentIntent, confirmPaymentIntent, createPaymentIntent, getPaymentIntent,
  updatePaymentIntent, type PaymentIntent,
} from './service.js';

registerResource({ object: 'payment_intent', prefix: 'pi' });

const captureMethod = oneOf(['automatic', 'automatic_async', 'manual'] as const);
const futureUsage = oneOf(['off_session', 'on_session'] as const);

const createShape = {
  ...methodTypeParams,
  amount: required(int()),
  currency: required(currency()),
  amount_details: anything(),
  application_fee_amount: int({ min: 0 }),
  capture_method: captureMethod,
  confirm: bool(),
  confirmation_method: oneOf(['automatic', 'manual'] as const),
  confirmation_token: str(),
  customer: str(),
  customer_account: str(),
  description: str({ max: 1000 }),
  error_on_requires_action: bool(),
  hooks: anything(),
  mandate: str(),
  mandate_data: emptyable(anything()),
  metadata: metadata(),
  off_session: offSession(),
  on_behalf_of: str(),
  payment_details: anything(),
  payment_method: str(),
  payment_method_configuration: str(),
  payment_method_data: obj(paymentMethodDataShape),
  payment_method_options: anything(),
  radar_options: anything(),
  receipt_email: str(),
  return_url: str(),
  setup_future_usage: futureUsage,
  shipping: shippingSpec,
  statement_descriptor: str({ max: 22 }),
  statement_descriptor_suffix: str({ max: 22 }),
  transfer_data: anything(),
  transfer_group: str(),
  use_stripe_sdk: bool(),
};

const updateShape = {
  ...methodTypeParams,
  amount: int(),
  amount_details: emptyable(anything()),
  application_fee_amount: emptyable(int({ min: 0 })),
  capture_method: captureMethod,
  currency: currency(),
  customer: str(),
  customer_account: str(),
  description: emptyable(str({ max: 1000 })),
  hooks: anything(),
  metadata: metadata(),
  payment_details: emptyable(anything()),
  payment_method: str(),
  payment_method_configuration: str(),
  payment_method_data: obj(paymentMethodDataShape),
  payment_method_options: anything(),
  receipt_email: emptyable(str()),
  setup_future_usage: emptyable(futureUsage),
  shipping: emptyable(shippingSpec),
  statement_descriptor: str({ max: 22 }),
  statement_descriptor_suffix: str({ max: 22 }),
  transfer_data: anything(),
  transfer_group: str(),
};

const confirmShape = {
  allowed_payment_method_types: methodTypeParams.allowed_payment_method_types,
  excluded_payment_method_types: methodTypeParams.excluded_payment_method_types,
  payment_method_types: methodTypeParams.payment_method_types,
  amount_details: emptyable(anything()),
  amount_to_confirm: int(),
  capture_method: captureMethod,
  confirmation_token: str(),
  error_on_requires_action: bool(),
  hooks: anything(),
  mandate: str(),
  mandate_data: emptyable(anything()),
  off_session: offSession(),
  payment_details: emptyable(anything()),
  payment_method: str(),
  payment_method_data: obj(paymentMethodDataShape),
  payment_method_options: anything(),
  radar_options: anything(),
  receipt_email: emptyable(str()),
  return_url: str(),
  setup_future_usage: emptyable(futureUsage),
  shipping: emptyable(shippingSpec),
  use_stripe_sdk: bool(),
  client_secret: str(),
};

type MethodData = Params<typeof paymentMethodDataShape> | undefined;
const methodData = (d: MethodData) => (d === undefined ? undefined : paymentMethodInput(d, 'payment_method_data['));

export function paymentIntentRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/payment_intents', summary: 'Create a PaymentIntent', returns: 'payment_intent', params: createShape,
    handler: (ctx, p) => {
      gatePaymentMethodTypes(ctx, p.payment_method_types);
      unsupported('confirmation_token', p.confirmation_token);
      if (p.payment_method !== undefined && p.payment_method_data !== undefined) {
        throw invalidRequest('You may only specify one of these parameters: payment_method, payment_method_data.', { param: 'payment_method_data' });
      }
      return createPaymentIntent(ctx, {
        amount: p.amount, currency: p.currency, customer: p.customer, payment_method: p.payment_method,
        payment_method_data: methodData(p.payment_method_data), confirm: p.confirm, off_session: p.off_session,
        error_on_requires_action: p.error_on_requires_action, return_url: p.return_url, capture_method: p.capture_method,
        confirmation_method: p.confirmation_method, metadata: p.metadata, description: p.description, receipt_email: p.receipt_email,
        setup_future_usage: p.setup_future_usage, statement_descriptor: p.statement_descriptor,
        statement_descriptor_suffix: p.statement_descriptor_suffix, shipping: p.shipping, transfer_group: p.transfer_group,
        payment_method_options: asRecord(p.payment_method_options), application_fee_amount: p.application_fee_amount,
        payment_method_types: p.payment_method_types, automatic_payment_methods: p.automatic_payment_methods,
        allowed_payment_method_types: p.allowed_payment_method_types, excluded_payment_method_types: p.excluded_payment_method_types ?? undefined,
      });
    },
  });
  r.add({
    method: 'GET', path: '/v1/payment_intents/{intent}', summary: 'Retrieve a PaymentIntent', returns: 'payment_intent',
    params: { client_secret: str() },
    handler: (ctx, p, { intent }) => {
      const pi = getPaymentIntent(ctx, intent);
      checkClientSecret(p.client_secret, pi, 'PaymentIntent');
      return pi;
    },
  });
  r.add({
    method: 'POST', path: '/v1/payment_intents/{intent}', summary: 'Update a PaymentIntent', returns: 'payment_intent', params: updateShape,
    handler: (ctx, p, { intent }) => {
      gatePaymentMethodTypes(ctx, p.payment_method_types);
      unsupported('payment_method_data', p.payment_method_data);
      assertNotManagedByInvoice(ctx, intent, 'updated');
      return updatePaymentIntent(ctx, intent, {
        amount: p.amount, currency: p.currency, customer: p.customer, description: p.description, metadata: p.metadata,
        payment_method: p.payment_method, receipt_email: p.receipt_email, setup_future_usage: p.setup_future_usage,
        shipping: p.shipping, statement_descriptor: p.statement_descriptor, statement_descriptor_suffix: p.statement_descriptor_suffix,
        capture_method: p.capture_method, transfer_group: p.transfer_group, payment_method_options: asRecord(p.payment_method_options),
        application_fee_amount: p.application_fee_amount, payment_method_types: p.payment_method_types,
        automatic_payment_methods: p.automatic_payment_methods, allowed_payment_method_types: p.allowed_payment_method_types,
        excluded_payment_method_types: p.excluded_payment_method_types,
      });
    },
  });
  r.add({
    method: 'POST', path: '/v1/payment_intents/{intent}/confirm', summary: 'Confirm a PaymentIntent', returns: 'payment_intent', params: confirmShape,
    handler: (ctx, p, { intent }) => {
      gatePaymentMethodTypes(ctx, p.payment_method_types);
      unsupported('confirmation_token', p.confirmation_token);
      const types = p.payment_method_types ?? p.allowed_payment_method_types;
      if (types !== undefined || p.excluded_payment_method_types !== undefined) {
        updatePaymentIntent(ctx, intent, {
          payment_method_types: p.payment_method_types, allowed_payment_method_types: p.allowed_payment_method_types,
          excluded_payment_method_types: p.excluded_payment_method_types,
        });
      }
      return confirmPaymentIntent(ctx, intent, {
        payment_method: p.payment_method, payment_method_data: methodData(p.payment_method_data), off_session: p.off_session,
        error_on_requires_action: p.error_on_requires_action, return_url: p.return_url, capture_method: p.capture_method,
        setup_future_usage: p.setup_future_usage, receipt_email: p.receipt_email, shipping: p.shipping,
        payment_method_options: asRecord(p.payment_method_options),
      });
    },
  });
  r.add({
    method: 'POST', path: '/v1/payment_intents/{intent}/capture', summary: 'Capture a PaymentIntent', returns: 'payment_intent',
    params: {
      amount_to_capture: int({ min: 1 }), final_capture: bool(), metadata: metadata(), application_fee_amount: int({ min: 0 }),
      statement_descriptor: str({ max: 22 }), statement_descriptor_suffix: str({ max: 22 }), transfer_data: anything(),
      amount_details: anything(), hooks: anything(), payment_details: emptyable(anything()),
    },
    handler: (ctx, p, { intent }) => capturePaymentIntent(ctx, intent, { amount_to_capture: p.amount_to_capture, metadata: p.metadata }),
  });
  r.add({
    method: 'POST', path: '/v1/payment_intents/{intent}/cancel', summary: 'Cancel a PaymentIntent', returns: 'payment_intent',
    params: { cancellation_reason: oneOf(['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const) },
    handler: (ctx, p, { intent }) => {
      assertNotManagedByInvoice(ctx, intent, 'canceled');
      return cancelPaymentIntent(ctx, intent, p.cancellation_reason);
    },
  });
  r.add({
    method: 'GET', path: '/v1/payment_intents', summary: 'List PaymentIntents', returns: 'list',
    params: { ...listShape, customer: str(), created: range(), customer_account: str() },
    handler: (ctx, p) =>
      listObjects<PaymentIntent>(ctx, p, {
        collection: PAYMENT_INTENTS, objectName: 'payment_intent', url: '/v1/payment_intents',
        where: p.customer !== undefined ? { field: 'customer', value: p.customer } : undefined,
        created: p.created,
      }),
  });
  r.add({
    method: 'GET', path: '/v1/payment_intents/search', summary: 'Search PaymentIntents', returns: 'search_result',
    params: { query: required(str()), limit: int({ min: 1, max: 100 }), page: str() },
    handler: (ctx, p) =>
      searchObjects(ctx, p, {
        collection: PAYMENT_INTENTS, url: '/v1/payment_intents/search',
        fields: new Set(['amount', 'created', 'currency', 'customer', 'status', 'description', 'id', 'payment_method']),
      }),
  });
}

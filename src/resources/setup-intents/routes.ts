/** Routes for SetupIntents: create (optionally confirm), retrieve, update, confirm, cancel, list. */
import { invalidRequest } from '../../errors.js';
import { anything, arr, bool, emptyable, listShape, metadata, obj, oneOf, range, str, type Params } from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { listObjects } from '../../store/list.js';
import { asRecord, checkClientSecret, gatePaymentMethodTypes, methodTypeParams, unsupported } from '../payment-intents/params.js';
import { paymentMethodDataShape, paymentMethodInput } from '../payment-methods/routes.js';
import {
  SETUP_INTENTS, cancelSetupIntent, confirmSetupIntent, createSetupIntent, getSetupIntent, updateSetupIntent, type SetupIntent,
} from './service.js';

registerResource({ object: 'setup_intent', prefix: 'seti' });

const usage = oneOf(['off_session', 'on_session'] as const);
const flowDirections = arr(oneOf(['inbound', 'outbound'] as const));

type MethodData = Params<typeof paymentMethodDataShape> | undefined;
const methodData = (d: MethodData) => (d === undefined ? undefined : paymentMethodInput(d, 'payment_method_data['));

export function setupIntentRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/setup_intents', summary: 'Create a SetupIntent', returns: 'setup_intent',
    params: {
      ...methodTypeParams,
      attach_to_self: bool(), confirm: bool(), confirmation_token: str(), customer: str(), customer_account: str(),
      description: str({ max: 1000 }), flow_directions: flowDirections, mandate_data: emptyable(anything()), metadata: metadata(),
      on_behalf_of: str(), payment_method: str(), payment_method_configuration: str(), payment_method_data: obj(paymentMethodDataShape),
      payment_method_options: anything(), return_url: str(), single_use: anything(), usage, use_stripe_sdk: bool(),
    },
    handler: (ctx, p) => {
      gatePaymentMethodTypes(ctx, p.payment_method_types);
      unsupported('confirmation_token', p.confirmation_token);
      if (p.payment_method_data !== undefined && !p.confirm) {
        throw invalidRequest('payment_method_data can only be used with confirm=true.', { param: 'payment_method_data' });
      }
      const { intent, error } = createSetupIntent(ctx, {
        customer: p.customer, description: p.description, metadata: p.metadata, payment_method: p.payment_method, usage: p.usage,
        payment_method_options: asRecord(p.payment_method_options), flow_directions: p.flow_directions,
        payment_method_types: p.payment_method_types, automatic_payment_methods: p.automatic_payment_methods,
        allowed_payment_method_types: p.allowed_payment_method_types, excluded_payment_method_types: p.excluded_payment_method_types ?? undefined,
      }, p.confirm ? { payment_method_data: methodData(p.payment_method_data), return_url: p.return_url } : undefined);
      if (error) throw error;
      return intent;
    },
  });
  r.add({
    method: 'GET', path: '/v1/setup_intents/{intent}', summary: 'Retrieve a SetupIntent', returns: 'setup_intent',
    params: { client_secret: str() },
    handler: (ctx, p, { intent }) => {
      const si = getSetupIntent(ctx, intent);
      checkClientSecret(p.client_secret, si, 'SetupIntent');
      return si;
    },
  });
  r.add({
    method: 'POST', path: '/v1/setup_intents/{intent}', summary: 'Update a SetupIntent', returns: 'setup_intent',
    params: {
      ...methodTypeParams,
      attach_to_self: bool(), customer: str(), customer_account: str(), description: emptyable(str({ max: 1000 })),
      flow_directions: flowDirections, metadata: metadata(), payment_method: str(), payment_method_configuration: str(),
      payment_method_data: obj(paymentMethodDataShape), payment_method_options: anything(),
    },
    handler: (ctx, p, { intent }) => {
      gatePaymentMethodTypes(ctx, p.payment_method_types);
      unsupported('payment_method_data', p.payment_method_data);
      return updateSetupIntent(ctx, intent, {
        customer: p.customer, description: p.description, metadata: p.metadata, payment_method: p.payment_method,
        payment_method_options: asRecord(p.payment_method_options), flow_directions: p.flow_directions,
        payment_method_types: p.payment_method_types, allowed_payment_method_types: p.allowed_payment_method_types,
        excluded_payment_method_types: p.excluded_payment_method_types,
      });
    },
  });
  r.add({
    method: 'POST', path: '/v1/setup_intents/{intent}/confirm', summary: 'Confirm a SetupIntent', returns: 'setup_intent',
    params: {
      confirmation_token: str(), mandate_data: emptyable(anything()), payment_method: str(), payment_method_data: obj(paymentMethodDataShape),
      payment_method_options: anything(), return_url: str(), use_stripe_sdk: bool(), client_secret: str(),
    },
    handler: (ctx, p, { intent }) => {
      unsupported('confirmation_token', p.confirmation_token);
      const { intent: si, error } = confirmSetupIntent(ctx, intent, {
        payment_method: p.payment_method, payment_method_data: methodData(p.payment_method_data), return_url: p.return_url,
      });
      if (error) throw error;
      return si;
    },
  });
  r.add({
    method: 'POST', path: '/v1/setup_intents/{intent}/cancel', summary: 'Cancel a SetupIntent', returns: 'setup_intent',
    params: { cancellation_reason: oneOf(['abandoned', 'duplicate', 'requested_by_customer'] as const) },
    handler: (ctx, p, { intent }) => cancelSetupIntent(ctx, intent, p.cancellation_reason),
  });
  r.add({
    method: 'GET', path: '/v1/setup_intents', summary: 'List SetupIntents', returns: 'list',
    params: { ...listShape, customer: str(), payment_method: str(), created: range(), attach_to_self: bool(), customer_account: str() },
    handler: (ctx, p) =>
      listObjects<SetupIntent>(ctx, p, {
        collection: SETUP_INTENTS, objectName: 'setup_intent', url: '/v1/setup_intents',
        where: p.customer !== undefined ? { field: 'customer', value: p.customer } : undefined,
        created: p.created,
        filter: p.payment_method !== undefined ? (si) => si.payment_method === p.payment_method : undefined,
      }),
  });
}

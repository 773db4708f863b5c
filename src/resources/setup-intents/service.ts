/**
 * SetupIntents (`seti_…`): save a payment method for later. Confirmation runs the
 * card's verification: declining test cards fail (`setup_intent.setup_failed`,
 * 402 card_error), 3D Secure cards wait in requires_action until the control
 * plane authenticates them, others succeed and are attached to the customer.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest, resourceMissing, unexpectedState, type StripeError } from '../../errors.js';
import { emit } from '../../events/emit.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import { randomToken } from '../../ids.js';
import type { StoredObject } from '../../store/collection.js';
import { downgrade } from '../../versions/downgrade.js';
import { getCustomer } from '../customers/service.js';
import { attemptError, authenticationAction, lastAttemptError, type Failure } from '../payment-intents/attempt-errors.js';
import { checkOwnership } from '../payment-intents/confirm.js';
import { methodTypes, type PaymentMethodTypeChoice } from '../payment-intents/method-types.js';
import {
  createPaymentMethod, findPaymentMethod, getPaymentMethod, lookupPaymentMethod, markSetUp, paymentMethodBehaviour, resolvePaymentMethod,
  type CreatePaymentMethodInput, type PaymentMethod,
} from '../payment-methods/service.js';

export const SETUP_INTENTS = 'setup_intent';

export type SetupIntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'canceled' | 'succeeded';

export interface SetupIntent extends StoredObject {
  object: 'setup_intent';
  customer: string | null;
  payment_method: string | null;
  payment_method_types: string[];
  status: SetupIntentStatus;
  metadata: Metadata;
  last_setup_error: Record<string, unknown> | null;
  next_action: Record<string, unknown> | null;
}

export interface SetupIntentInput extends PaymentMethodTypeChoice {
  customer?: string | null;
  description?: string | null;
  metadata?: Metadata | null;
  payment_method?: string;
  payment_method_data?: CreatePaymentMethodInput;
  usage?: 'off_session' | 'on_session';
  payment_method_options?: Record<string, unknown>;
  flow_directions?: string[];
}

export interface SetupConfirmOptions {
  payment_method?: string;
  payment_method_data?: CreatePaymentMethodInput;
  return_url?: string;
}

export interface SetupAttempt {
  intent: SetupIntent;
  error: StripeError | null;
}

const CONFIRMABLE: SetupIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

function wrongState(si: SetupIntent, action: 'confirm' | 'cancel' | 'authenticate', allowed: SetupIntentStatus[]): Error {
  const past = { confirm: 'confirmed', cancel: 'canceled', authenticate: 'authenticated' }[action];
  return unexpectedState(
    'setup_intent_unexpected_state',
    `You cannot ${action} this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be ${past}: ${allowed.join(', ')}.`,
  );
}

export function getSetupIntent(ctx: ApiContext, id: string, param = 'intent'): SetupIntent {
  const si = ctx.account.collection<SetupIntent>(SETUP_INTENTS).get(id);
  if (!si) throw resourceMissing('setupintent', id, param);
  return si;
}

function save(ctx: ApiContext, si: SetupIntent): SetupIntent {
  return ctx.account.collection<SetupIntent>(SETUP_INTENTS).put(si);
}

export function createSetupIntent(ctx: ApiContext, input: SetupIntentInput, confirm?: SetupConfirmOptions): SetupAttempt {
  const customer = input.customer ? getCustomer(ctx, input.customer, 'customer').id : null;
  const pm = input.payment_method !== undefined ? lookupPaymentMethod(ctx, input.payment_method, 'payment_method') : null;
  if (pm) checkOwnership(customer, pm);
  const id = ctx.id('seti');
  const types = methodTypes(input);
  const si: SetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: types.allowed_payment_method_types,
    application: null,
    automatic_payment_methods: types.automatic_payment_methods,
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomToken().slice(0, 25)}`,
    created: ctx.now(),
    customer,
    customer_account: null,
    description: input.description ?? null,
    excluded_payment_method_types: types.excluded_payment_method_types,
    flow_directions: input.flow_directions ?? null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: mergeMetadata({}, input.metadata),
    next_action: null,
    on_behalf_of: null,
    payment_method: pm?.id ?? null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' },
      ...(input.payment_method_options ?? {}),
    },
    payment_method_types: types.payment_method_types,
    single_use_mandate: null,
    status: pm ? 'requires_confirmation' : 'requires_payment_method',
    usage: input.usage ?? 'off_session',
  };
  const created = save(ctx, si);
  emit(ctx, 'setup_intent.created', created);
  if (!confirm) return { intent: created, error: null };
  return confirmSetupIntent(ctx, id, { ...confirm, payment_method: undefined });
}

export function updateSetupIntent(ctx: ApiContext, id: string, input: SetupIntentInput): SetupIntent {
  const before = getSetupIntent(ctx, id);
  const next: SetupIntent = { ...before };
  if (input.customer) {
    if (before.customer !== null && before.customer !== input.customer) {
      throw invalidRequest('You cannot change the customer of a SetupIntent once it has been set.', { param: 'customer' });
    }
    next.customer = getCustomer(ctx, input.customer, 'customer').id;
  }
  if (input.description !== undefined) next.description = input.description;
  if (input.metadata !== undefined) next.metadata = mergeMetadata(before.metadata, input.metadata);
  if (input.payment_method !== undefined) {
    if (!CONFIRMABLE.includes(before.status)) throw wrongState(before, 'confirm', CONFIRMABLE);
    const pm = lookupPaymentMethod(ctx, input.payment_method, 'payment_method');
    checkOwnership(next.customer, pm);
    next.payment_method = pm.id;
    next.status = 'requires_confirmation';
    next.next_action = null;
  }
  if (input.payment_method_options !== undefined) next.payment_method_options = { ...(before.payment_method_options as object), ...input.payment_method_options };
  if (input.flow_directions !== undefined) next.flow_directions = input.flow_directions;
  if (input.payment_method_types !== undefined || input.allowed_payment_method_types !== undefined || input.excluded_payment_method_types !== undefined) {
    Object.assign(next, methodTypes(input));
  }
  return save(ctx, next);
}

export function confirmSetupIntent(ctx: ApiContext, id: string, opts: SetupConfirmOptions = {}): SetupAttempt {
  const before = getSetupIntent(ctx, id);
  if (!CONFIRMABLE.includes(before.status)) throw wrongState(before, 'confirm', CONFIRMABLE);
  let pm: PaymentMethod;
  if (opts.payment_method_data) pm = createPaymentMethod(ctx, opts.payment_method_data);
  else if (opts.payment_method !== undefined) pm = lookupPaymentMethod(ctx, opts.payment_method, 'payment_method');
  else if (before.payment_method) pm = getPaymentMethod(ctx, before.payment_method);
  else {
    throw invalidRequest("You cannot confirm this SetupIntent because it's missing a payment method. Specify a payment_method or payment_method_data.", {
      code: 'setup_intent_unexpected_state',
    });
  }
  checkOwnership(before.customer, pm);
  if (pm.type === 'customer_balance') {
    throw invalidRequest('SetupIntents do not support the customer_balance payment method.', { code: 'setup_intent_invalid_parameter', param: 'payment_method' });
  }
  const si: SetupIntent = { ...before, payment_method: pm.id, last_setup_error: null, next_action: null };
  const behaviour = paymentMethodBehaviour(ctx, pm.id).card;
  if (behaviour?.declineOnAttach && behaviour.decline) {
    const d = behaviour.decline;
    return fail(ctx, si, pm, { type: 'card_error', code: d.code, decline_code: d.decline_code, message: d.message });
  }
  if (behaviour && behaviour.auth !== 'none') {
    const url = `${ctx.services.publicUrl()}/_emulator/setup_intents/${id}/authenticate`;
    const next_action = authenticationAction(ctx, url, opts.return_url);
    const saved = save(ctx, { ...si, status: 'requires_action', next_action });
    emit(ctx, 'setup_intent.requires_action', saved);
    return { intent: saved, error: null };
  }
  return succeed(ctx, si, pm);
}

function succeed(ctx: ApiContext, si: SetupIntent, pm: PaymentMethod): SetupAttempt {
  if (si.customer && pm.customer === null) resolvePaymentMethod(ctx, pm.id, si.customer);
  markSetUp(ctx, pm.id);
  const saved = save(ctx, { ...si, status: 'succeeded', next_action: null, last_setup_error: null });
  emit(ctx, 'setup_intent.succeeded', saved);
  return { intent: saved, error: null };
}

function fail(ctx: ApiContext, si: SetupIntent, pm: PaymentMethod, failure: Failure): SetupAttempt {
  const pmView = findPaymentMethod(ctx, pm.id) ?? pm;
  const saved = save(ctx, {
    ...si,
    status: 'requires_payment_method',
    payment_method: null,
    next_action: null,
    last_setup_error: lastAttemptError(failure, pmView),
  });
  emit(ctx, 'setup_intent.setup_failed', saved);
  const extra = {
    code: failure.code, decline_code: failure.decline_code, setup_intent: downgrade(saved, ctx.version), payment_method: downgrade(pmView, ctx.version),
  };
  return { intent: saved, error: attemptError(failure, extra) };
}

/** The customer completed (or failed) 3D Secure for a SetupIntent. */
export function completeSetupAuthentication(ctx: ApiContext, id: string, outcome: 'succeed' | 'fail'): SetupAttempt {
  const before = getSetupIntent(ctx, id);
  if (before.status !== 'requires_action' || !before.payment_method) throw wrongState(before, 'authenticate', ['requires_action']);
  const pm = getPaymentMethod(ctx, before.payment_method);
  if (outcome === 'fail') {
    return fail(ctx, before, pm, {
      type: 'invalid_request_error', code: 'setup_intent_authentication_failure',
      message: 'The latest attempt to set up the payment method has failed because authentication failed.',
    });
  }
  return succeed(ctx, before, pm);
}

const CANCELABLE: SetupIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

export function cancelSetupIntent(ctx: ApiContext, id: string, reason?: string | null): SetupIntent {
  const before = getSetupIntent(ctx, id);
  if (!CANCELABLE.includes(before.status)) throw wrongState(before, 'cancel', CANCELABLE);
  const saved = save(ctx, { ...before, status: 'canceled', cancellation_reason: reason ?? null, next_action: null });
  emit(ctx, 'setup_intent.canceled', saved);
  return saved;
}

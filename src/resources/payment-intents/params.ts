/**
 * Parameter specs and checks shared by PaymentIntent and SetupIntent routes,
 * and the endive gate on `payment_method_types`.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest, parameterInvalid } from '../../errors.js';
import { arr, bool, emptyable, obj, oneOf, required, str, type Spec } from '../../http/params.js';
import type { FormValue } from '../../http/form.js';
import type { StoredObject } from '../../store/collection.js';
import { supports } from '../../versions/known.js';

const address = obj({
  city: emptyable(str()), country: emptyable(str()), line1: emptyable(str()), line2: emptyable(str()),
  postal_code: emptyable(str()), state: emptyable(str()),
});

export const shippingSpec = obj({
  address: required(address), name: required(str()), carrier: emptyable(str()), phone: emptyable(str()), tracking_number: emptyable(str()),
});

export const methodTypeParams = {
  payment_method_types: arr(str()),
  allowed_payment_method_types: arr(str()),
  excluded_payment_method_types: emptyable(arr(str())),
  automatic_payment_methods: obj({ enabled: required(bool()), allow_redirects: oneOf(['always', 'never'] as const) }),
};

/** A `client_secret` given on retrieve must be the intent's own. */
export function checkClientSecret(given: string | undefined, intent: StoredObject, name: 'PaymentIntent' | 'SetupIntent'): void {
  if (given !== undefined && given !== intent.client_secret) {
    throw invalidRequest(`The client_secret provided does not match the client_secret associated with the ${name}.`, { param: 'client_secret' });
  }
}

/** `off_session`: a boolean, or `one_off` / `recurring` (both mean true). */
export function offSession(): Spec<boolean> {
  const values = oneOf(['true', 'false', 'one_off', 'recurring'] as const);
  return {
    required: false,
    openapi: { anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['one_off', 'recurring'] }] },
    parse: (value: FormValue, param: string) => values.parse(value, param) !== 'false',
  };
}

/** From 2026-09-30.endive `payment_method_types` can no longer be set on intents. */
export function gatePaymentMethodTypes(ctx: ApiContext, given: unknown): void {
  if (given === undefined || !supports(ctx.version, 'paymentMethodTypesRemoved')) return;
  throw invalidRequest(
    `The \`payment_method_types\` parameter is no longer supported as of API version 2026-09-30.endive (this request uses ${ctx.version}). ` +
      'Use `excluded_payment_method_types` or `allowed_payment_method_types`, or manage payment methods in the Dashboard.',
    { code: 'payment_method_types_no_longer_supported', param: 'payment_method_types' },
  );
}

/** Refuses parameters the emulator accepts for compatibility but cannot honour. */
export function unsupported(name: string, value: unknown): void {
  if (value !== undefined) throw parameterInvalid(name, `The emulator does not support \`${name}\`.`);
}

/** Form values of free-form hashes (payment_method_options, …) as plain objects. */
export function asRecord(value: FormValue | undefined): Record<string, unknown> | undefined {
  if (value === undefined || value === '' || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}

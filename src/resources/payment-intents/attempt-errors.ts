/**
 * What PaymentIntents and SetupIntents share about an attempt that stops short:
 *   authenticationAction(ctx, url, returnUrl)   the `next_action` while 3D Secure waits
 *                                               (a redirect with a return_url, else for Stripe.js)
 *   lastAttemptError(failure, pm, charge?)      the recorded `last_payment_error` / `last_setup_error`
 *   attemptError(failure, extra)                the error to report: 402 card_error, or a 400
 *                                               invalid_request_error; both keep the attempt's writes
 */
import type { ApiContext } from '../../context.js';
import { StripeError, cardError, type StripeErrorExtra } from '../../errors.js';
import type { PaymentMethod } from '../payment-methods/service.js';

export interface Failure {
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code?: string;
  message: string;
  advice_code?: string;
}

export function docUrl(code: string): string {
  return `https://docs.stripe.com/error-codes/${code.replace(/_/g, '-')}`;
}

export function authenticationAction(ctx: ApiContext, url: string, returnUrl: string | undefined): Record<string, unknown> {
  return returnUrl
    ? { type: 'redirect_to_url', redirect_to_url: { return_url: returnUrl, url } }
    : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: ctx.id('src') } };
}

export function lastAttemptError(failure: Failure, paymentMethod: PaymentMethod, chargeId: string | null = null): Record<string, unknown> {
  return {
    ...(chargeId ? { charge: chargeId } : {}),
    code: failure.code,
    ...(failure.decline_code ? { decline_code: failure.decline_code } : {}),
    doc_url: docUrl(failure.code),
    message: failure.message,
    payment_method: paymentMethod,
    type: failure.type,
  };
}

export function attemptError(failure: Failure, extra: StripeErrorExtra): StripeError {
  return failure.type === 'card_error'
    ? cardError(failure.message, extra)
    : new StripeError(400, 'invalid_request_error', failure.message, extra).committing();
}

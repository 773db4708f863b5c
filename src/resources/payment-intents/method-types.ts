/**
 * How an intent chooses its payment method types: `payment_method_types`,
 * `automatic_payment_methods` (the default: card), or `allowed_payment_method_types`
 * (exclusive with the others), minus `excluded_payment_method_types`. Shared by
 * PaymentIntents and SetupIntents.
 */
import { invalidRequest } from '../../errors.js';
import type { PaymentIntent } from './model.js';

export interface PaymentMethodTypeChoice {
  payment_method_types?: string[];
  automatic_payment_methods?: { enabled: boolean; allow_redirects?: string };
  allowed_payment_method_types?: string[];
  excluded_payment_method_types?: string[] | null;
}

/** payment_method_types / automatic_payment_methods / allowed / excluded, as stored on the intent. */
export function methodTypes(choice: PaymentMethodTypeChoice, current?: PaymentIntent): Pick<PaymentIntent,
  'payment_method_types' | 'automatic_payment_methods' | 'allowed_payment_method_types' | 'excluded_payment_method_types'> {
  if (choice.allowed_payment_method_types !== undefined) {
    const clash = (['payment_method_types', 'excluded_payment_method_types', 'automatic_payment_methods'] as const).find((k) => choice[k] !== undefined && choice[k] !== null);
    if (clash) throw invalidRequest(`You cannot specify both allowed_payment_method_types and ${clash}.`, { param: 'allowed_payment_method_types' });
    return { payment_method_types: [...choice.allowed_payment_method_types], automatic_payment_methods: null, allowed_payment_method_types: [...choice.allowed_payment_method_types], excluded_payment_method_types: null };
  }
  if (choice.payment_method_types !== undefined) {
    if (choice.automatic_payment_methods?.enabled) {
      throw invalidRequest('You may only specify one of these parameters: automatic_payment_methods, payment_method_types.', { param: 'payment_method_types' });
    }
    return { payment_method_types: [...choice.payment_method_types], automatic_payment_methods: null, allowed_payment_method_types: null, excluded_payment_method_types: choice.excluded_payment_method_types ?? null };
  }
  const excluded = choice.excluded_payment_method_types !== undefined ? choice.excluded_payment_method_types : current?.excluded_payment_method_types ?? null;
  if (current && choice.automatic_payment_methods === undefined) {
    return { ...pick(current), excluded_payment_method_types: excluded, payment_method_types: current.automatic_payment_methods ? ['card'].filter((t) => !excluded?.includes(t)) : current.payment_method_types };
  }
  const automatic = choice.automatic_payment_methods ?? { enabled: true };
  return {
    payment_method_types: ['card'].filter((t) => !excluded?.includes(t)),
    automatic_payment_methods: automatic.enabled ? { allow_redirects: automatic.allow_redirects ?? 'always', enabled: true } : null,
    allowed_payment_method_types: null,
    excluded_payment_method_types: excluded,
  };
}

function pick(pi: PaymentIntent) {
  return {
    payment_method_types: pi.payment_method_types, automatic_payment_methods: pi.automatic_payment_methods,
    allowed_payment_method_types: pi.allowed_payment_method_types, excluded_payment_method_types: pi.excluded_payment_method_types,
  };
}

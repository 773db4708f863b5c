/**
 * PaymentMethods: creation from card numbers, tokens and Stripe's test
 * shortcuts (`pm_card_visa` creates a fresh `pm_…` each time, as Stripe does),
 * attach / detach / update, and the private behaviour record that decides what
 * happens when the method is charged (`_payment_method_behaviour`). Reading card
 * numbers, tokens and billing details: input.ts.
 *
 *   resolvePaymentMethod(ctx, 'pm_card_visa' | 'tok_visa' | 'pm_…', customer?) → PaymentMethod
 *     With `customer`, a shortcut or an unattached method is attached to it (no card verification:
 *     a declining card fails when charged, which is what an invoice payment wants to record).
 */
import type { ApiContext } from '../../context.js';
import { StripeError, invalidRequest, parameterInvalid, resourceMissing } from '../../errors.js';
import { emit, emitUpdated } from '../../events/emit.js';
import { mergeMetadata, type Metadata } from '../../http/params.js';
import type { StoredObject } from '../../store/collection.js';
import { getCustomer, updateCustomer } from '../customers/service.js';
import { billingDetails, cardError, defaultExpiry, fingerprint, readCard } from './input.js';
import { cardForShortcut, sepaBehaviour, type CardBehaviour, type SepaBehaviour } from './test-cards.js';

export const PAYMENT_METHODS = 'payment_method';
const BEHAVIOUR = '_payment_method_behaviour';

export interface BillingDetails {
  address: Record<string, string | null> | null;
  email: string | null;
  name: string | null;
  phone: string | null;
  tax_id: string | null;
}

export interface CardDetails {
  brand: string;
  display_brand: string;
  country: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: string;
  last4: string;
  [key: string]: unknown;
}

export interface PaymentMethod extends StoredObject {
  object: 'payment_method';
  type: string;
  customer: string | null;
  billing_details: BillingDetails;
  metadata: Metadata;
  card?: CardDetails;
}

export interface Behaviour extends StoredObject {
  card?: CardBehaviour;
  sepa?: SepaBehaviour;
  /** Set up for future use by a succeeded SetupIntent (cards that need authentication unless set up). */
  setUp: boolean;
  /** Detached methods cannot be used again. */
  detached: boolean;
}

export interface CreatePaymentMethodInput {
  type: string;
  card?: { number?: string; exp_month?: number; exp_year?: number; cvc?: string; token?: string };
  sepa_debit?: { iban?: string };
  billing_details?: Partial<BillingDetails> & { address?: Record<string, string | null> | null };
  metadata?: Metadata | null;
  allow_redisplay?: string;
}

export const SUPPORTED_TYPES = ['card', 'sepa_debit', 'customer_balance'] as const;

export function isShortcut(id: string): boolean {
  return id.startsWith('pm_card_') || id.startsWith('tok_');
}

export function createPaymentMethod(ctx: ApiContext, input: CreatePaymentMethodInput): PaymentMethod {
  const pm: PaymentMethod = {
    id: ctx.id('pm'),
    object: 'payment_method',
    allow_redisplay: input.allow_redisplay ?? 'unspecified',
    billing_details: billingDetails(input.billing_details),
    created: ctx.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: mergeMetadata({}, input.metadata),
    type: input.type,
  };
  const behaviour: Behaviour = { id: pm.id, setUp: false, detached: false };
  if (input.type === 'card') {
    if (!input.card) throw invalidRequest('Missing required param: card.', { code: 'parameter_missing', param: 'card' });
    const { card, details } = readCard(ctx, input.card);
    pm.card = details;
    behaviour.card = card.behaviour;
  } else if (input.type === 'sepa_debit') {
    const iban = input.sepa_debit?.iban?.replace(/\s/g, '').toUpperCase();
    if (!iban) throw invalidRequest('Missing required param: sepa_debit[iban].', { code: 'parameter_missing', param: 'sepa_debit[iban]' });
    if (!/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(iban)) throw parameterInvalid('sepa_debit[iban]', 'The IBAN you provided is invalid.', 'invalid_bank_account_iban');
    pm.sepa_debit = {
      bank_code: iban.slice(4, 9), branch_code: '', country: iban.slice(0, 2), fingerprint: fingerprint(iban), generated_from: null, last4: iban.slice(-4),
    };
    behaviour.sepa = sepaBehaviour(iban);
  } else if (input.type === 'customer_balance') {
    pm.customer_balance = {};
  } else {
    throw parameterInvalid('type', `The emulator supports payment methods of type ${SUPPORTED_TYPES.join(', ')}; '${input.type}' is not supported.`);
  }
  ctx.account.collection<Behaviour>(BEHAVIOUR).put(behaviour);
  return ctx.account.collection<PaymentMethod>(PAYMENT_METHODS).put(pm);
}

/** A new card PaymentMethod from `pm_card_<name>` or `tok_<name>`; undefined if the name is not a known test card. */
export function createFromShortcut(ctx: ApiContext, id: string): PaymentMethod | undefined {
  const name = id.startsWith('pm_card_') ? id.slice('pm_card_'.length) : id.startsWith('tok_') ? id.slice(4) : undefined;
  const card = name === undefined ? undefined : cardForShortcut(name);
  if (!card) return undefined;
  const { exp_month, exp_year } = defaultExpiry(ctx);
  const pm = createPaymentMethod(ctx, { type: 'card', card: { number: card.number, exp_month, exp_year } });
  ctx.account.collection<Behaviour>(BEHAVIOUR).put({ id: pm.id, card: card.behaviour, setUp: false, detached: false });
  const details: CardDetails = { ...pm.card!, brand: card.brand, display_brand: card.display_brand, funding: card.funding, country: card.country };
  return ctx.account.collection<PaymentMethod>(PAYMENT_METHODS).put({ ...pm, card: details });
}

export function findPaymentMethod(ctx: ApiContext, id: string): PaymentMethod | undefined {
  return ctx.account.collection<PaymentMethod>(PAYMENT_METHODS).get(id);
}

/** A stored PaymentMethod (shortcuts are not resolved here), or 404. */
export function getPaymentMethod(ctx: ApiContext, id: string, param = 'payment_method'): PaymentMethod {
  const pm = findPaymentMethod(ctx, id);
  if (!pm) throw resourceMissing('PaymentMethod', id, param);
  return pm;
}

export function paymentMethodBehaviour(ctx: ApiContext, id: string): Behaviour {
  return ctx.account.collection<Behaviour>(BEHAVIOUR).get(id) ?? { id, setUp: false, detached: false };
}

export function markSetUp(ctx: ApiContext, id: string): void {
  ctx.account.collection<Behaviour>(BEHAVIOUR).put({ ...paymentMethodBehaviour(ctx, id), setUp: true });
}

/** A stored method or a fresh one from a shortcut; refuses detached ones. Never attaches. */
export function lookupPaymentMethod(ctx: ApiContext, idOrShortcut: string, param = 'payment_method'): PaymentMethod {
  const pm = isShortcut(idOrShortcut) ? createFromShortcut(ctx, idOrShortcut) : findPaymentMethod(ctx, idOrShortcut);
  if (!pm) throw resourceMissing('PaymentMethod', idOrShortcut, param);
  if (paymentMethodBehaviour(ctx, pm.id).detached) {
    throw invalidRequest(
      `This PaymentMethod (${pm.id}) was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.`,
      { param },
    );
  }
  return pm;
}

/** See the header: resolves shortcuts; with `customer`, attaches an unattached method to it (no verification). */
export function resolvePaymentMethod(ctx: ApiContext, idOrShortcut: string, customer?: string | null, param = 'payment_method'): PaymentMethod {
  const pm = lookupPaymentMethod(ctx, idOrShortcut, param);
  if (!customer) return pm;
  if (pm.customer === customer) return pm;
  if (pm.customer !== null) throw belongsToOther(pm, param);
  return attach(ctx, pm, customer);
}

function belongsToOther(pm: PaymentMethod, param: string): StripeError {
  return invalidRequest(
    `The payment method you provided has already been attached to a customer (${pm.customer}). Detach it first, or use a PaymentMethod attached to this customer.`,
    { code: 'payment_method_unexpected_state', param },
  );
}

function attach(ctx: ApiContext, pm: PaymentMethod, customer: string): PaymentMethod {
  getCustomer(ctx, customer, 'customer');
  const after = ctx.account.collection<PaymentMethod>(PAYMENT_METHODS).put({ ...pm, customer });
  emit(ctx, 'payment_method.attached', after);
  return after;
}

/**
 * POST /v1/payment_methods/{id}/attach (and customer create with `payment_method`/`source`):
 * card verification runs, so declining test cards (except chargeCustomerFail) fail with a card error.
 */
export function attachPaymentMethod(ctx: ApiContext, idOrShortcut: string, customer: string, param = 'payment_method'): PaymentMethod {
  getCustomer(ctx, customer, 'customer');
  const pm = lookupPaymentMethod(ctx, idOrShortcut, param);
  if (pm.customer === customer) return pm;
  if (pm.customer !== null) throw belongsToOther(pm, param);
  const decline = paymentMethodBehaviour(ctx, pm.id).card;
  if (decline?.declineOnAttach && decline.decline) {
    throw new StripeError(402, 'card_error', decline.decline.message, { code: decline.decline.code, decline_code: decline.decline.decline_code, param: '' });
  }
  return attach(ctx, pm, customer);
}

export function detachPaymentMethod(ctx: ApiContext, id: string): PaymentMethod {
  const pm = getPaymentMethod(ctx, id, 'payment_method');
  if (pm.customer === null) {
    throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', { code: 'payment_method_unexpected_state' });
  }
  const customerId = pm.customer;
  const after = ctx.account.collection<PaymentMethod>(PAYMENT_METHODS).put({ ...pm, customer: null });
  ctx.account.collection<Behaviour>(BEHAVIOUR).put({ ...paymentMethodBehaviour(ctx, id), detached: true });
  // the customer's defaults stop naming it
  const customer = ctx.account.collection('customer').get(customerId);
  if (customer && !customer.deleted) {
    const wasDefault = (customer.invoice_settings as { default_payment_method?: string | null })?.default_payment_method === id;
    const wasSource = customer.default_source === id;
    if (wasDefault || wasSource) {
      updateCustomer(ctx, customerId, {
        invoice_settings: wasDefault ? { default_payment_method: null } : undefined, default_source: wasSource ? null : undefined,
      });
    }
  }
  emit(ctx, 'payment_method.detached', after, { customer: customerId });
  return after;
}

export interface UpdatePaymentMethodInput {
  billing_details?: CreatePaymentMethodInput['billing_details'];
  metadata?: Metadata | null;
  allow_redisplay?: string;
  card?: { exp_month?: number; exp_year?: number };
}

export function updatePaymentMethod(ctx: ApiContext, id: string, input: UpdatePaymentMethodInput): PaymentMethod {
  const before = getPaymentMethod(ctx, id, 'payment_method');
  if (before.customer === null) {
    throw invalidRequest('You must save this PaymentMethod to a customer before you can update it.', { code: 'payment_method_unexpected_state' });
  }
  const next: PaymentMethod = { ...before };
  if (input.billing_details !== undefined) next.billing_details = billingDetails(input.billing_details, before.billing_details);
  if (input.metadata !== undefined) next.metadata = mergeMetadata(before.metadata, input.metadata);
  if (input.allow_redisplay !== undefined) next.allow_redisplay = input.allow_redisplay;
  if (input.card) {
    if (before.type !== 'card' || !before.card) throw invalidRequest('card can only be updated on PaymentMethods of type card.', { param: 'card' });
    const card = { ...before.card };
    if (input.card.exp_month !== undefined) {
      if (input.card.exp_month < 1 || input.card.exp_month > 12) throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", 'card[exp_month]');
      card.exp_month = input.card.exp_month;
    }
    if (input.card.exp_year !== undefined) card.exp_year = input.card.exp_year < 100 ? 2000 + input.card.exp_year : input.card.exp_year;
    next.card = card;
  }
  const after = ctx.account.collection<PaymentMethod>(PAYMENT_METHODS).put(next);
  emitUpdated(ctx, 'payment_method.updated', before, after);
  return after;
}

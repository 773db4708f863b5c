/**
 * Reading what a PaymentMethod is created or updated with: card numbers and
 * test tokens become card details (checked as Stripe checks them: number,
 * expiry, CVC), billing details merge over what is stored, and fingerprints
 * are derived from the card number or IBAN.
 */
import { createHash } from 'node:crypto';
import type { ApiContext } from '../../context.js';
import { StripeError, invalidRequest } from '../../errors.js';
import type { BillingDetails, CardDetails, CreatePaymentMethodInput } from './service.js';
import { cardForNumber, cardForShortcut, type TestCard } from './test-cards.js';

const EMPTY_ADDRESS = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };

export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 16);
}

export function cardError(code: string, message: string, param: string): StripeError {
  return new StripeError(402, 'card_error', message, { code, param });
}

function cardDetails(card: TestCard, exp_month: number, exp_year: number, cvcGiven: boolean): CardDetails {
  return {
    brand: card.brand,
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: cvcGiven ? 'unchecked' : null },
    country: card.country,
    display_brand: card.display_brand,
    exp_month,
    exp_year,
    fingerprint: fingerprint(card.number),
    funding: card.funding,
    generated_from: null,
    last4: card.number.slice(-4),
    networks: { available: [card.brand], preferred: null },
    regulated_status: 'unregulated',
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
}

/** Expiry of the shortcut cards: this month, next year. */
export function defaultExpiry(ctx: ApiContext): { exp_month: number; exp_year: number } {
  const d = new Date(ctx.now() * 1000);
  return { exp_month: d.getUTCMonth() + 1, exp_year: d.getUTCFullYear() + 1 };
}

function tokenCard(token: string, param: string): TestCard {
  const card = token.startsWith('tok_') ? cardForShortcut(token.slice(4)) : undefined;
  if (!card) throw invalidRequest(`No such token: '${token}'`, { code: 'resource_missing', param });
  return card;
}

export function readCard(ctx: ApiContext, input: NonNullable<CreatePaymentMethodInput['card']>): { card: TestCard; details: CardDetails } {
  if (input.token !== undefined) {
    const card = tokenCard(input.token, 'card[token]');
    const { exp_month, exp_year } = defaultExpiry(ctx);
    return { card, details: cardDetails(card, exp_month, exp_year, false) };
  }
  if (input.number === undefined) throw invalidRequest('Missing required param: card[number].', { code: 'parameter_missing', param: 'card[number]' });
  const card = cardForNumber(input.number);
  if (!card) throw cardError('incorrect_number', 'Your card number is incorrect.', 'card[number]');
  if (input.exp_month === undefined) throw invalidRequest('Missing required param: card[exp_month].', { code: 'parameter_missing', param: 'card[exp_month]' });
  if (input.exp_year === undefined) throw invalidRequest('Missing required param: card[exp_year].', { code: 'parameter_missing', param: 'card[exp_year]' });
  if (input.exp_month < 1 || input.exp_month > 12) throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", 'card[exp_month]');
  const year = input.exp_year < 100 ? 2000 + input.exp_year : input.exp_year;
  const now = new Date(ctx.now() * 1000);
  const expired = year < now.getUTCFullYear() || (year === now.getUTCFullYear() && input.exp_month < now.getUTCMonth() + 1);
  if (expired || year > now.getUTCFullYear() + 50) throw cardError('invalid_expiry_year', "Your card's expiration year is invalid.", 'card[exp_year]');
  if (input.cvc !== undefined && !/^\d{3,4}$/.test(input.cvc)) throw cardError('invalid_cvc', "Your card's security code is invalid.", 'card[cvc]');
  return { card, details: cardDetails(card, input.exp_month, year, input.cvc !== undefined) };
}

export function billingDetails(input: CreatePaymentMethodInput['billing_details'], base?: BillingDetails): BillingDetails {
  const out: BillingDetails = base ? { ...base } : { address: { ...EMPTY_ADDRESS }, email: null, name: null, phone: null, tax_id: null };
  if (!input) return out;
  if (input.address !== undefined) out.address = input.address === null ? { ...EMPTY_ADDRESS } : { ...EMPTY_ADDRESS, ...(base?.address ?? {}), ...input.address };
  for (const key of ['email', 'name', 'phone', 'tax_id'] as const) if (input[key] !== undefined) out[key] = input[key] ?? null;
  return out;
}

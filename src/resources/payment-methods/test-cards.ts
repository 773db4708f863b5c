/**
 * Stripe's test cards: the shortcut names (`pm_card_<name>`, `tok_<name>`),
 * their card numbers, and what happens when they are attached or charged.
 * Unknown Luhn-valid numbers behave like a plain successful card of the brand
 * their prefix suggests. SEPA test IBANs are at the end.
 */

export interface Decline {
  /** Error `code` (card_declined, expired_card, incorrect_cvc, processing_error, …). */
  code: string;
  decline_code: string;
  message: string;
  /** Charge outcome type: issuer_declined, or blocked (Radar). */
  outcome: 'issuer_declined' | 'blocked';
}

export interface CardBehaviour {
  /** 3D Secure: never, on every payment, or unless the card was set up (SetupIntent) first. */
  auth: 'none' | 'always' | 'unless_setup';
  /** The charge (after authentication, if any) is declined. */
  decline: Decline | null;
  /** Attaching / setting up the card already fails (a $0 verification declines). */
  declineOnAttach: boolean;
}

export interface TestCard {
  number: string;
  brand: string;
  display_brand: string;
  funding: 'credit' | 'debit' | 'prepaid' | 'unknown';
  country: string;
  behaviour: CardBehaviour;
}

const OK: CardBehaviour = { auth: 'none', decline: null, declineOnAttach: false };

const DECLINED = 'Your card was declined.';

function declined(decline_code: string, opts: { code?: string; message?: string; onAttach?: boolean; blocked?: boolean } = {}): CardBehaviour {
  return {
    auth: 'none',
    decline: {
      code: opts.code ?? 'card_declined',
      decline_code,
      message: opts.message ?? DECLINED,
      outcome: opts.blocked ? 'blocked' : 'issuer_declined',
    },
    declineOnAttach: opts.onAttach ?? true,
  };
}

function visa(number: string, behaviour: CardBehaviour = OK, funding: TestCard['funding'] = 'credit'): TestCard {
  return { number, brand: 'visa', display_brand: 'visa', funding, country: 'US', behaviour };
}

/** Shortcut name (after `pm_card_` / `tok_`) → card. */
export const TEST_CARDS: Record<string, TestCard> = {
  visa: visa('4242424242424242'),
  visa_debit: visa('4000056655665556', OK, 'debit'),
  mastercard: { number: '5555555555554444', brand: 'mastercard', display_brand: 'mastercard', funding: 'credit', country: 'US', behaviour: OK },
  mastercard_debit: { number: '5200828282828210', brand: 'mastercard', display_brand: 'mastercard', funding: 'debit', country: 'US', behaviour: OK },
  mastercard_prepaid: { number: '5105105105105100', brand: 'mastercard', display_brand: 'mastercard', funding: 'prepaid', country: 'US', behaviour: OK },
  amex: { number: '378282246310005', brand: 'amex', display_brand: 'american_express', funding: 'credit', country: 'US', behaviour: OK },
  discover: { number: '6011111111111117', brand: 'discover', display_brand: 'discover', funding: 'credit', country: 'US', behaviour: OK },
  diners: { number: '3056930009020004', brand: 'diners', display_brand: 'diners_club', funding: 'credit', country: 'US', behaviour: OK },
  jcb: { number: '3566002020360505', brand: 'jcb', display_brand: 'jcb', funding: 'credit', country: 'JP', behaviour: OK },
  unionpay: { number: '6200000000000005', brand: 'unionpay', display_brand: 'unionpay', funding: 'credit', country: 'CN', behaviour: OK },
  bypassPending: visa('4000000000000077'),
  createDispute: visa('4000000000000259'),
  createDisputeInquiry: visa('4000000000001976'),
  riskLevelElevated: visa('4000000000009235'),
  threeDSecureOptional: visa('4000000000003055'),
  chargeDeclined: visa('4000000000000002', declined('generic_decline')),
  chargeDeclinedInsufficientFunds: visa('4000000000009995', declined('insufficient_funds', { message: 'Your card has insufficient funds.' })),
  chargeDeclinedLostCard: visa('4000000000009987', declined('lost_card')),
  chargeDeclinedStolenCard: visa('4000000000009979', declined('stolen_card')),
  chargeDeclinedFraudulent: visa('4100000000000019', declined('fraudulent', { blocked: true })),
  radarBlock: visa('4100000000000019', declined('fraudulent', { blocked: true })),
  riskLevelHighest: visa('4000000000004954', declined('fraudulent', { blocked: true })),
  chargeDeclinedExpiredCard: visa('4000000000000069', declined('expired_card', { code: 'expired_card', message: 'Your card has expired.' })),
  chargeDeclinedIncorrectCvc: visa('4000000000000127', declined('incorrect_cvc', { code: 'incorrect_cvc', message: "Your card's security code is incorrect." })),
  chargeDeclinedProcessingError: visa('4000000000000119', declined('processing_error', {
    code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.',
  })),
  chargeDeclinedVelocityLimitExceeded: visa('4000000000006975', declined('card_velocity_exceeded')),
  chargeCustomerFail: visa('4000000000000341', declined('generic_decline', { onAttach: false })),
  authenticationRequired: visa('4000002760003184', { auth: 'always', decline: null, declineOnAttach: false }),
  authenticationRequiredOnSetup: visa('4000002500003155', { auth: 'unless_setup', decline: null, declineOnAttach: false }),
  authenticationRequiredChargeDeclinedInsufficientFunds: visa('4000008260003178', {
    auth: 'always', decline: declined('insufficient_funds', { message: 'Your card has insufficient funds.' }).decline, declineOnAttach: false,
  }),
  threeDSecure2Required: visa('4000000000003220', { auth: 'always', decline: null, declineOnAttach: false }),
  threeDSecureRequired: visa('4000000000003063', { auth: 'always', decline: null, declineOnAttach: false }),
};

const BY_NUMBER = new Map<string, TestCard>();
for (const card of Object.values(TEST_CARDS)) if (!BY_NUMBER.has(card.number)) BY_NUMBER.set(card.number, card);

const BRANDS = new Set(['visa', 'visa_debit', 'mastercard', 'mastercard_debit', 'mastercard_prepaid', 'amex', 'discover', 'diners', 'jcb', 'unionpay']);

/**
 * The card behind a shortcut name: `visa`, `chargeDeclined`, and Stripe's
 * `<brand>_<behaviour>` combinations (`visa_chargeDeclined`, `mastercard_chargeDeclinedInsufficientFunds`).
 */
export function cardForShortcut(name: string): TestCard | undefined {
  if (Object.hasOwn(TEST_CARDS, name)) return TEST_CARDS[name];
  const m = /^([a-z]+(?:_debit|_prepaid)?)_(\w+)$/.exec(name);
  if (m && BRANDS.has(m[1]) && Object.hasOwn(TEST_CARDS, m[2])) {
    const brand = TEST_CARDS[m[1]];
    return { ...brand, behaviour: TEST_CARDS[m[2]].behaviour };
  }
  return undefined;
}

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The card for a raw number: a known test card, or a successful card of the prefix's brand; undefined if not Luhn-valid. */
export function cardForNumber(raw: string): TestCard | undefined {
  const number = raw.replace(/[\s-]/g, '');
  if (!luhnValid(number)) return undefined;
  const known = BY_NUMBER.get(number);
  if (known) return known;
  const [brand, display] =
    /^4/.test(number) ? ['visa', 'visa']
    : /^(5[1-5]|2[2-7])/.test(number) ? ['mastercard', 'mastercard']
    : /^3[47]/.test(number) ? ['amex', 'american_express']
    : /^(6011|65)/.test(number) ? ['discover', 'discover']
    : /^3(0|6|8)/.test(number) ? ['diners', 'diners_club']
    : /^35/.test(number) ? ['jcb', 'jcb']
    : /^62/.test(number) ? ['unionpay', 'unionpay']
    : ['unknown', 'unknown'];
  return { number, brand, display_brand: display, funding: 'credit', country: 'US', behaviour: OK };
}

/** SEPA Direct Debit test IBANs: how the debit ends, and after how many seconds of emulator time. */
export interface SepaBehaviour {
  outcome: 'succeed' | 'fail';
  delaySeconds: number;
}

const SEPA_TEST_IBANS: Record<string, SepaBehaviour> = {
  AT611904300234573201: { outcome: 'succeed', delaySeconds: 5 },
  AT861904300235473202: { outcome: 'fail', delaySeconds: 5 },
  AT591904300235473203: { outcome: 'succeed', delaySeconds: 5 },
  AT321904300235473204: { outcome: 'succeed', delaySeconds: 180 },
  AT531904300235473205: { outcome: 'fail', delaySeconds: 180 },
};

export function sepaBehaviour(iban: string): SepaBehaviour {
  const normalized = iban.replace(/\s/g, '').toUpperCase();
  return SEPA_TEST_IBANS[normalized] ?? { outcome: 'succeed', delaySeconds: 5 };
}

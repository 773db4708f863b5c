/**
 * Currency facts, in one place: the currencies Stripe accepts, how many decimals
 * each one's smallest unit has, and the minimum amount a payment can take.
 *
 *   isSupportedCurrency('eur') → true        lower-case three-letter ISO 4217 codes only
 *   checkCurrency('EUR', 'currency') → 'eur'  lower-cases, or throws Stripe's 400 for an unknown code
 *   isZeroDecimal('jpy') → true / currencyDecimals('kwd') → 3
 *   minimumAmount('usd') → 50                 smallest currency unit
 *
 * The list is generous: every presentment currency Stripe accepts, including the
 * withdrawn codes Stripe still lists (its own error message does), whatever the
 * account's country. Stripe refuses some of these for accounts in some countries
 * ("Stripe accounts in US do not support tnd"); the emulator does not.
 */
import { invalidRequest } from './errors.js';

/** Current ISO 4217 codes Stripe accepts, in the order of Stripe's own message: usd first, then alphabetical. */
const CURRENT = [
  'usd', 'aed', 'afn', 'all', 'amd', 'ang', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bgn', 'bhd', 'bif',
  'bmd', 'bnd', 'bob', 'brl', 'bsd', 'btn', 'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf', 'clp', 'cny', 'cop', 'crc', 'cve',
  'czk', 'djf', 'dkk', 'dop', 'dzd', 'egp', 'etb', 'eur', 'fjd', 'fkp', 'gbp', 'gel', 'ghs', 'gip', 'gmd', 'gnf', 'gtq',
  'gyd', 'hkd', 'hnl', 'htg', 'huf', 'idr', 'ils', 'inr', 'isk', 'jmd', 'jod', 'jpy', 'kes', 'kgs', 'khr', 'kmf', 'krw',
  'kwd', 'kyd', 'kzt', 'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'mad', 'mdl', 'mga', 'mkd', 'mmk', 'mnt', 'mop', 'mru', 'mur',
  'mvr', 'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio', 'nok', 'npr', 'nzd', 'omr', 'pab', 'pen', 'pgk', 'php', 'pkr',
  'pln', 'pyg', 'qar', 'ron', 'rsd', 'rub', 'rwf', 'sar', 'sbd', 'scr', 'sek', 'sgd', 'shp', 'sle', 'sos', 'srd', 'stn',
  'svc', 'szl', 'thb', 'tjs', 'tnd', 'top', 'try', 'ttd', 'twd', 'tzs', 'uah', 'ugx', 'uyu', 'uzs', 'ves', 'vnd', 'vuv',
  'wst', 'xaf', 'xcd', 'xcg', 'xof', 'xpf', 'yer', 'zar', 'zmw',
] as const;

/** Withdrawn or replaced codes Stripe still accepts (hrk → eur, sll → sle, std → stn, mro → mru, vef → ves, …). */
const LEGACY = ['eek', 'hrk', 'ltl', 'lvl', 'mro', 'sll', 'std', 'vef'] as const;

/** Every currency Stripe accepts, lower case, in the order Stripe lists them. */
export const SUPPORTED_CURRENCIES: readonly string[] = [...CURRENT, ...LEGACY];

const SUPPORTED = new Set<string>(SUPPORTED_CURRENCIES);

/** Currencies whose amounts are already in the major unit (no cents): `amount=500` jpy is ¥500. */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

/** Currencies whose smallest unit is a thousandth. */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Stripe's minimum charge amounts (smallest currency unit); other currencies: 1. */
const MINIMUM_AMOUNTS: Record<string, number> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30, hkd: 400, huf: 17500,
  inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
};

/** Whether Stripe accepts `code` (lower case) as a currency. */
export function isSupportedCurrency(code: string): boolean {
  return SUPPORTED.has(code);
}

/**
 * `value` in lower case when Stripe accepts it as a currency (in any case); otherwise Stripe's 400
 * invalid_request_error naming `param` (Stripe's answer carries no error code).
 */
export function checkCurrency(value: string, param: string): string {
  const code = value.toLowerCase();
  if (SUPPORTED.has(code)) return code;
  const shown = code.length > 60 ? `${code.slice(0, 60)}...` : code;
  throw invalidRequest(`Invalid currency: ${shown}. Stripe currently supports these currencies: ${SUPPORTED_CURRENCIES.join(', ')}`, { param });
}

export function isZeroDecimal(currency: string): boolean {
  return ZERO_DECIMAL.has(currency.toLowerCase());
}

/** Decimals of the currency's smallest unit: 0 (jpy), 3 (kwd) or 2; null and undefined count as usd. */
export function currencyDecimals(currency: string | null | undefined): number {
  const c = (currency ?? 'usd').toLowerCase();
  if (ZERO_DECIMAL.has(c)) return 0;
  if (THREE_DECIMAL.has(c)) return 3;
  return 2;
}

/** The smallest amount a payment in `currency` (lower case) can take, in the smallest currency unit. */
export function minimumAmount(currency: string): number {
  return MINIMUM_AMOUNTS[currency] ?? 1;
}

/**
 * Which account the dashboard shows: the API key kept in a cookie
 * (HttpOnly, SameSite=Strict, so other sites cannot make the browser act on it).
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { checkKey } from '../http/auth.js';
import { StripeError } from '../errors.js';

export const ACCOUNT_COOKIE = 'emulator_dashboard_account';

/** The selected account key, or null when none (or an invalid one) is set. */
export function selectedAccount(c: Context): string | null {
  const key = getCookie(c, ACCOUNT_COOKIE);
  if (!key) return null;
  return validKey(key);
}

export function validKey(key: string): string | null {
  try {
    return checkKey(key.trim());
  } catch (error) {
    if (error instanceof StripeError) return null;
    throw error;
  }
}

export function selectAccount(c: Context, key: string): void {
  setCookie(c, ACCOUNT_COOKIE, key, { path: '/', httpOnly: true, sameSite: 'Strict' });
}

export function forgetAccount(c: Context): void {
  deleteCookie(c, ACCOUNT_COOKIE, { path: '/' });
}

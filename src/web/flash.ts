/**
 * One-time notices after an action (POST → 303 → GET): kept in a short-lived
 * cookie and shown once, so reloading the page does not repeat them.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

const FLASH_COOKIE = 'emulator_dashboard_flash';

export interface Flash {
  kind: 'ok' | 'error' | 'info';
  text: string;
}

export function setFlash(c: Context, flash: Flash): void {
  setCookie(c, FLASH_COOKIE, JSON.stringify(flash), { path: '/dashboard', httpOnly: true, sameSite: 'Strict', maxAge: 60 });
}

/** The pending notice, if any (and forgets it). */
export function takeFlash(c: Context): Flash | undefined {
  const raw = getCookie(c, FLASH_COOKIE);
  if (raw === undefined) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: '/dashboard' });
  try {
    const f = JSON.parse(raw) as Flash;
    if ((f.kind === 'ok' || f.kind === 'error' || f.kind === 'info') && typeof f.text === 'string') return { kind: f.kind, text: f.text.slice(0, 500) };
  } catch {
    // ignore a malformed cookie
  }
  return undefined;
}

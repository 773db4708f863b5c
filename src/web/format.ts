/**
 * Formatting for the web pages: money in the currency's major unit, dates in
 * UTC, and the status badges the Dashboard shows (which refine the API's
 * `status`: an open invoice can be "partially paid" and/or "overdue").
 */
import { currencyDecimals } from '../currencies.js';

const SYMBOLS: Record<string, string> = { usd: '$', eur: '€', gbp: '£', jpy: '¥', cad: 'CA$', aud: 'A$', chf: 'CHF ', inr: '₹' };

/** `formatMoney(12345, 'usd')` → `$123.45`; negative amounts get a leading minus. */
export function formatMoney(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  const cur = (currency ?? 'usd').toLowerCase();
  const decimals = currencyDecimals(cur);
  const abs = Math.abs(amount) / 10 ** decimals;
  const [whole, frac] = abs.toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const number = frac ? `${grouped}.${frac}` : grouped;
  const symbol = SYMBOLS[cur];
  const text = symbol ? `${symbol}${number}` : `${number} ${cur.toUpperCase()}`;
  return amount < 0 ? `−${text}` : text;
}

/** The input value for an amount (major unit, no symbol): 2550 usd → `25.50`. */
export function amountInput(amount: number, currency: string): string {
  const decimals = currencyDecimals(currency);
  return (amount / 10 ** decimals).toFixed(decimals);
}

/**
 * Parses an amount typed in the major unit (`25`, `25.5`, `1,250.00`) into the
 * minor unit; null when it is not a positive amount with at most the
 * currency's number of decimals.
 */
export function parseAmount(text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/[,\s]/g, '');
  const decimals = currencyDecimals(currency);
  const pattern = decimals === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$|^\\.\\d{1,${decimals}}$`);
  if (!pattern.test(cleaned)) return null;
  const [whole, frac = ''] = cleaned.split('.');
  const minor = Number(whole || '0') * 10 ** decimals + Number(frac.padEnd(decimals, '0') || '0');
  return Number.isSafeInteger(minor) && minor > 0 ? minor : null;
}

export function formatDate(ts: number | null | undefined, withTime = true): string {
  if (ts === null || ts === undefined) return '—';
  const iso = new Date(ts * 1000).toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso.slice(0, 10);
}

export type BadgeKind = 'draft' | 'open' | 'partially_paid' | 'overdue' | 'paid' | 'void' | 'uncollectible' | 'neutral' | 'good' | 'bad' | 'warn';

export interface Badge {
  label: string;
  kind: BadgeKind;
}

export interface InvoiceLike {
  status: string | null;
  amount_paid: number;
  amount_remaining: number;
  due_date: number | null;
}

/**
 * The Dashboard's badges for an invoice. The API status stays `open`; the
 * Dashboard adds "Partially paid" (open with amount_paid > 0) and "Overdue"
 * (open past its due date); both can apply at once.
 */
export function invoiceBadges(inv: InvoiceLike, now: number): Badge[] {
  switch (inv.status) {
    case 'draft':
      return [{ label: 'Draft', kind: 'draft' }];
    case 'paid':
      return [{ label: 'Paid', kind: 'paid' }];
    case 'void':
      return [{ label: 'Void', kind: 'void' }];
    case 'uncollectible':
      return [{ label: 'Uncollectible', kind: 'uncollectible' }];
    case 'open': {
      const out: Badge[] = [];
      if (inv.amount_paid > 0) out.push({ label: 'Partially paid', kind: 'partially_paid' });
      if (inv.due_date !== null && inv.due_date < now) out.push({ label: 'Overdue', kind: 'overdue' });
      if (out.length === 0) out.push({ label: 'Open', kind: 'open' });
      return out;
    }
    default:
      return [{ label: String(inv.status ?? 'unknown'), kind: 'neutral' }];
  }
}

/** A badge for the status of other objects (payment intents, invoice payments, credit notes, deliveries). */
export function statusBadge(status: string | null | undefined): Badge {
  const s = String(status ?? 'unknown');
  const label = s.replace(/_/g, ' ').replace(/^./, (ch) => ch.toUpperCase());
  if (['succeeded', 'paid', 'issued', 'active', 'delivered', 'enabled'].includes(s)) return { label, kind: 'good' };
  if (['failed', 'canceled', 'void', 'disabled', 'requires_payment_method'].includes(s)) return { label, kind: s === 'canceled' || s === 'void' ? 'void' : 'bad' };
  if (['open', 'processing', 'requires_action', 'requires_confirmation', 'requires_capture', 'pending', 'retrying'].includes(s)) return { label, kind: 'warn' };
  return { label, kind: 'neutral' };
}

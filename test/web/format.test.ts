import { describe, expect, it } from 'vitest';
import { amountInput, formatMoney, invoiceBadges, parseAmount } from '../../src/web/format.js';

describe('web formatting', () => {
  it('formats money in the major unit of the currency', () => {
    expect(formatMoney(123456, 'usd')).toBe('$1,234.56');
    expect(formatMoney(-500, 'eur')).toBe('−€5.00');
    expect(formatMoney(5000, 'jpy')).toBe('¥5,000');
    expect(formatMoney(1234, 'sek')).toBe('12.34 SEK');
    expect(formatMoney(1500, 'kwd')).toBe('1.500 KWD');
    expect(amountInput(2550, 'usd')).toBe('25.50');
  });

  it('parses typed amounts into the minor unit and refuses anything else', () => {
    expect(parseAmount('25', 'usd')).toBe(2500);
    expect(parseAmount('25.5', 'usd')).toBe(2550);
    expect(parseAmount(' 1,250.05 ', 'usd')).toBe(125005);
    expect(parseAmount('.75', 'usd')).toBe(75);
    expect(parseAmount('500', 'jpy')).toBe(500);
    for (const bad of ['', '0', '0.00', '-5', '1.234', 'abc', '1e3', '5.5']) {
      expect(parseAmount(bad, bad === '5.5' ? 'jpy' : 'usd')).toBeNull();
    }
  });

  it('shows "Partially paid" and "Overdue" for open invoices while the API status stays open', () => {
    const now = 1_800_000_000;
    const open = { status: 'open', amount_paid: 0, amount_remaining: 100, due_date: now + 10 };
    expect(invoiceBadges(open, now).map((b) => b.label)).toEqual(['Open']);
    expect(invoiceBadges({ ...open, amount_paid: 40 }, now).map((b) => b.label)).toEqual(['Partially paid']);
    expect(invoiceBadges({ ...open, due_date: now - 1 }, now).map((b) => b.label)).toEqual(['Overdue']);
    expect(invoiceBadges({ ...open, amount_paid: 40, due_date: now - 1 }, now).map((b) => b.label)).toEqual(['Partially paid', 'Overdue']);
    expect(invoiceBadges({ ...open, due_date: null }, now).map((b) => b.label)).toEqual(['Open']);
    for (const [status, label] of [['draft', 'Draft'], ['paid', 'Paid'], ['void', 'Void'], ['uncollectible', 'Uncollectible']]) {
      expect(invoiceBadges({ ...open, status, due_date: now - 1 }, now).map((b) => b.label)).toEqual([label]);
    }
  });
});

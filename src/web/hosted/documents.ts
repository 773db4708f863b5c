/**
 * The printable documents behind `invoice_pdf` and `credit_note.pdf`: one
 * page each, amounts right-aligned in a monospace column.
 */
import { formatDate, formatMoney } from '../format.js';
import type { CreditNoteView, InvoicePaymentView, InvoiceView } from '../read.js';
import { renderPdf, type PdfLine, type PdfText } from './pdf.js';

const LEFT = 50;
const RIGHT = 562;
const MAX_ROWS = 28;

class Page {
  readonly texts: PdfText[] = [];
  readonly lines: PdfLine[] = [];
  y = 742;

  text(text: string, opts: { x?: number; size?: number; font?: PdfText['font']; gap?: number } = {}): this {
    this.texts.push({ x: opts.x ?? LEFT, y: this.y, text, size: opts.size ?? 10, font: opts.font });
    this.y -= opts.gap ?? 15;
    return this;
  }

  /** A row: label on the left, amount right-aligned (Courier is 0.6 em wide per character). */
  row(label: string, amount: string, opts: { bold?: boolean; qty?: string } = {}): this {
    this.texts.push({ x: LEFT, y: this.y, text: label.length > 60 ? `${label.slice(0, 59)}…` : label, font: opts.bold ? 'bold' : 'regular' });
    if (opts.qty !== undefined) this.texts.push({ x: 400 - opts.qty.length * 6, y: this.y, text: opts.qty, font: opts.bold ? 'monoBold' : 'mono' });
    this.texts.push({ x: RIGHT - amount.length * 6, y: this.y, text: amount, font: opts.bold ? 'monoBold' : 'mono' });
    this.y -= 16;
    return this;
  }

  /** A label and its value in two columns. */
  pair(label: string, value: string): this {
    this.texts.push({ x: LEFT, y: this.y, text: label, font: 'bold' });
    this.texts.push({ x: LEFT + 120, y: this.y, text: value.length > 70 ? `${value.slice(0, 69)}…` : value });
    this.y -= 15;
    return this;
  }

  rule(): this {
    this.lines.push({ x1: LEFT, y1: this.y + 10, x2: RIGHT, y2: this.y + 10 });
    this.y -= 6;
    return this;
  }

  space(points = 10): this {
    this.y -= points;
    return this;
  }
}

export function invoicePdf(inv: InvoiceView, payments: InvoicePaymentView[]): Uint8Array {
  const cur = inv.currency;
  const p = new Page();
  p.text(inv.status === 'paid' ? 'Invoice (paid)' : 'Invoice', { size: 22, font: 'bold', gap: 30 });
  p.text(inv.account_name ?? 'Test account', { font: 'bold' });
  p.text('Test mode: issued by the Stripe emulator', { size: 8, gap: 24 });
  p.pair('Invoice number', inv.number ?? inv.id);
  p.pair('Date of issue', formatDate(inv.status_transitions?.finalized_at ?? inv.created, false));
  if (inv.due_date) p.pair('Date due', formatDate(inv.due_date, false));
  p.space(8);
  if (inv.customer_name || inv.customer_email) {
    p.text('Bill to', { font: 'bold' });
    if (inv.customer_name) p.text(inv.customer_name);
    if (inv.customer_email) p.text(inv.customer_email);
    p.space(8);
  }
  p.text(`${formatMoney(inv.amount_remaining, cur)} ${inv.status === 'paid' ? 'paid' : 'due'}${inv.due_date && inv.status === 'open' ? ` ${formatDate(inv.due_date, false)}` : ''}`, { size: 14, font: 'bold', gap: 26 });
  p.row('Description', 'Amount', { bold: true, qty: 'Qty' }).rule();
  const rows = inv.lines?.data ?? [];
  for (const l of rows.slice(0, MAX_ROWS)) p.row(l.description ?? 'Item', formatMoney(l.amount, l.currency ?? cur), { qty: String(l.quantity ?? 1) });
  if (rows.length > MAX_ROWS || inv.lines?.has_more) p.text('More lines: see the hosted invoice page.', { size: 8 });
  p.rule();
  if (inv.subtotal !== undefined) p.row('Subtotal', formatMoney(inv.subtotal, cur));
  p.row('Total', formatMoney(inv.total, cur));
  if (inv.total !== inv.amount_due) p.row('Amount due', formatMoney(inv.amount_due, cur));
  p.row('Amount paid', formatMoney(inv.amount_paid, cur));
  p.row('Amount remaining', formatMoney(inv.amount_remaining, cur), { bold: true });
  const paid = payments.filter((x) => x.status === 'paid');
  if (paid.length > 0) {
    p.space(12).text('Payments', { font: 'bold' });
    for (const x of paid.slice(0, 8)) p.row(formatDate(x.status_transitions?.paid_at ?? x.created), formatMoney(x.amount_paid ?? x.amount_requested, x.currency));
  }
  return renderPdf(p.texts, p.lines, `Invoice ${inv.number ?? inv.id}`);
}

export function creditNotePdf(cn: CreditNoteView & { lines?: { data: Array<{ description: string | null; amount: number }> } }, invoiceNumber: string | null): Uint8Array {
  const p = new Page();
  p.text(cn.status === 'void' ? 'Credit note (void)' : 'Credit note', { size: 22, font: 'bold', gap: 30 });
  p.text('Test mode: issued by the Stripe emulator', { size: 8, gap: 24 });
  p.pair('Credit note number', cn.number);
  p.pair('Invoice', invoiceNumber ?? cn.invoice);
  p.pair('Date of issue', formatDate(cn.created, false));
  if (cn.reason) p.pair('Reason', cn.reason.replace(/_/g, ' '));
  if (cn.memo) p.pair('Memo', cn.memo);
  p.space(12);
  p.row('Description', 'Amount', { bold: true }).rule();
  for (const l of (cn.lines?.data ?? []).slice(0, MAX_ROWS)) p.row(l.description ?? 'Credit', formatMoney(l.amount, cn.currency));
  p.rule();
  p.row('Total credited', formatMoney(cn.amount, cn.currency), { bold: true });
  if (cn.pre_payment_amount) p.row('Reduced the amount due by', formatMoney(cn.pre_payment_amount, cn.currency));
  if (cn.post_payment_amount) p.row('Refunded or credited after payment', formatMoney(cn.post_payment_amount, cn.currency));
  return renderPdf(p.texts, p.lines, `Credit note ${cn.number}`);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../src/web/hosted/pdf.js';
import { createHarness, type Harness } from '../support/harness.js';
import { putInvoice } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** Checks the structure a PDF reader relies on: header, objects at the xref offsets, trailer, EOF. */
function checkPdf(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  expect(text.startsWith('%PDF-1.4\n')).toBe(true);
  expect(text.endsWith('%%EOF\n')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const [, count] = /^xref\n0 (\d+)\n/.exec(text.slice(startxref))!;
  const entries = text.slice(startxref).split('\n').slice(3, 2 + Number(count));
  entries.forEach((entry, i) => {
    const offset = Number(entry.slice(0, 10));
    expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
  });
  const length = Number(/\/Length (\d+) >>\nstream\n/.exec(text)![1]);
  const start = text.indexOf('stream\n') + 'stream\n'.length;
  expect(text.slice(start + length, start + length + '\nendstream'.length)).toBe('\nendstream');
  return text;
}

describe('PDF documents', () => {
  it('writes a well-formed PDF with escaped, WinAnsi-encoded text', () => {
    const text = checkPdf(renderPdf([{ x: 50, y: 700, text: 'Total (incl. tax) \\ €5 — ok ✓' }], [{ x1: 0, y1: 0, x2: 10, y2: 10 }], 'T'));
    expect(text).toContain('(Total \\(incl. tax\\) \\\\ \x805 \x97 ok ?) Tj');
  });

  it('serves invoice_pdf next to the hosted invoice page', async () => {
    const key = h.newKey();
    const customer = (await h.stripe({ key }).customers.create({ name: 'Ada' })).id;
    const inv = putInvoice(h, key, { customer, total: 123456, amount_paid: 2000, customer_name: 'Ada Lovelace' });
    const res = await h.emulator.app.request(`/invoices/${inv.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="Invoice-${inv.number}.pdf"`);
    const text = checkPdf(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain(`(${inv.number}) Tj`);
    expect(text).toContain('($1,214.56) Tj');
    expect(text).toContain('(Ada Lovelace) Tj');
    expect((await h.emulator.app.request('/invoices/in_missing000/pdf')).status).toBe(404);
    expect((await h.emulator.app.request('/credit_notes/cn_missing000/pdf')).status).toBe(404);
  });
});

/**
 * A minimal one-page PDF writer (PDF 1.4, the standard Helvetica and Courier
 * fonts, WinAnsi text): enough for the invoice and credit note PDFs the
 * emulator links to (`invoice_pdf`, `credit_note.pdf`). No dependencies.
 */

export interface PdfText {
  x: number;
  y: number;
  text: string;
  size?: number;
  font?: 'regular' | 'bold' | 'mono' | 'monoBold';
}

export interface PdfLine {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const FONTS = { regular: 'F1', bold: 'F2', mono: 'F3', monoBold: 'F4' } as const;

/** WinAnsi bytes for `text`; characters it cannot show become `?`. */
function winAnsi(text: string): number[] {
  const special: Record<string, number> = { '€': 0x80, '•': 0x95, '–': 0x96, '—': 0x97, '−': 0x2d, '“': 0x93, '”': 0x94, '‘': 0x91, '’': 0x92, '…': 0x85 };
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (special[ch] !== undefined) out.push(special[ch]);
    else if (code >= 0x20 && code <= 0x7e) out.push(code);
    else if (code >= 0xa0 && code <= 0xff) out.push(code);
    else out.push(0x3f);
  }
  return out;
}

/** A PDF string literal (bytes as latin1 characters, with `(`, `)` and `\` escaped). */
function literal(text: string): string {
  return `(${String.fromCharCode(...winAnsi(text)).replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

export function renderPdf(texts: PdfText[], lines: PdfLine[] = [], title = 'Document'): Uint8Array {
  const ops: string[] = [];
  for (const l of lines) ops.push(`0.85 G 0.5 w ${l.x1} ${l.y1} m ${l.x2} ${l.y2} l S`);
  for (const t of texts) ops.push(`BT /${FONTS[t.font ?? 'regular']} ${t.size ?? 10} Tf ${t.x} ${t.y} Td ${literal(t.text)} Tj ET`);
  const content = ops.join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R /F2 5 0 R /F3 6 0 R /F4 7 0 R >> >> /Contents 8 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    `<< /Title ${literal(title)} /Producer (stripe-invoicing-emulator) >>`,
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}

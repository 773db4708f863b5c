/**
 * Credit note lines: building them from `lines[]` (invoice lines or custom
 * lines, checked against what each invoice line has left to credit), storing
 * them (`credit_note_line_item` + the `_credit_note_lines` order), and reading
 * them back.
 */
import type { ApiContext } from '../../context.js';
import { invalidRequest } from '../../errors.js';
import { mergeMetadata } from '../../http/params.js';
import { linesOf } from '../invoices/lines.js';
import type { Invoice, LineItem } from '../invoices/types.js';
import {
  CREDIT_NOTE_LINES, CREDIT_NOTE_LINE_ORDER, CREDIT_NOTES, EMBEDDED_CREDIT_NOTE_LINES,
  type CreditNote, type CreditNoteLine, type CreditNoteLineInput, type CreditNoteLineOrder,
} from './types.js';

/** The credit notes of an invoice, oldest first (void ones included). */
export function notesOfInvoice(ctx: ApiContext, invoiceId: string): CreditNote[] {
  const page = ctx.account.collection<CreditNote>(CREDIT_NOTES).page({
    limit: Number.MAX_SAFE_INTEGER,
    where: { field: 'invoice', value: invoiceId },
  });
  return [...page.data].reverse();
}

/** The lines of a stored credit note, in order. */
export function linesOfNote(ctx: ApiContext, noteId: string): CreditNoteLine[] {
  const order = ctx.account.collection<CreditNoteLineOrder>(CREDIT_NOTE_LINE_ORDER).get(noteId);
  const items = ctx.account.collection<CreditNoteLine>(CREDIT_NOTE_LINES);
  const out: CreditNoteLine[] = [];
  for (const id of order?.lines ?? []) {
    const line = items.get(id);
    if (line) out.push(line);
  }
  return out;
}

export function storeLines(ctx: ApiContext, noteId: string, lines: CreditNoteLine[]): void {
  const items = ctx.account.collection<CreditNoteLine>(CREDIT_NOTE_LINES);
  for (const line of lines) items.put(line);
  ctx.account.collection<CreditNoteLineOrder>(CREDIT_NOTE_LINE_ORDER).put({ id: noteId, lines: lines.map((l) => l.id) });
}

/** The embedded `lines` list of the credit note object. */
export function embeddedNoteLines(noteId: string, lines: CreditNoteLine[]): CreditNote['lines'] {
  return {
    object: 'list',
    data: lines.slice(0, EMBEDDED_CREDIT_NOTE_LINES),
    has_more: lines.length > EMBEDDED_CREDIT_NOTE_LINES,
    url: `/v1/credit_notes/${noteId}/lines`,
  };
}

/** How much of each invoice line the invoice's issued credit notes already credit. */
function creditedPerLine(ctx: ApiContext, invoiceId: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const note of notesOfInvoice(ctx, invoiceId)) {
    if (note.status !== 'issued') continue;
    for (const line of linesOfNote(ctx, note.id)) {
      if (line.invoice_line_item === undefined) continue;
      out.set(line.invoice_line_item, (out.get(line.invoice_line_item) ?? 0) + line.amount);
    }
  }
  return out;
}

type LineFields = Pick<CreditNoteLine, 'type' | 'amount' | 'description' | 'quantity' | 'unit_amount' | 'unit_amount_decimal' | 'metadata'> & { invoice_line_item?: string };

function makeLine(id: string, fields: LineFields): CreditNoteLine {
  return {
    id,
    object: 'credit_note_line_item',
    discount_amount: 0,
    discount_amounts: [],
    livemode: false,
    pretax_credit_amounts: [],
    tax_rates: [],
    taxes: [],
    ...fields,
  };
}

function refuseTax(input: CreditNoteLineInput, p: (k: string) => string): void {
  if (input.tax_rates && input.tax_rates.length > 0) {
    throw invalidRequest('Tax rates are not supported by the emulator (it has no tax engine).', { param: p('tax_rates') });
  }
  if (input.tax_amounts && input.tax_amounts.length > 0) {
    throw invalidRequest('Tax amounts are not supported by the emulator (it has no tax engine).', { param: p('tax_amounts') });
  }
}

function invoiceLine(
  input: CreditNoteLineInput, id: string, p: (k: string) => string, byId: Map<string, LineItem>, left: Map<string, number>, invoiceId: string,
): CreditNoteLine {
  if (input.unit_amount !== undefined || input.unit_amount_decimal !== undefined) {
    const key = input.unit_amount !== undefined ? 'unit_amount' : 'unit_amount_decimal';
    throw invalidRequest(`\`${key}\` is only valid for lines of type custom_line_item.`, { param: p(key) });
  }
  if (input.invoice_line_item === undefined) {
    throw invalidRequest(`Missing required param: ${p('invoice_line_item')} (lines of type invoice_line_item name the invoice line they credit).`, {
      code: 'parameter_missing', param: p('invoice_line_item'),
    });
  }
  const line = byId.get(input.invoice_line_item);
  if (!line) {
    throw invalidRequest(`Invoice line ${input.invoice_line_item} is not a line of invoice ${invoiceId}.`, { param: p('invoice_line_item') });
  }
  let amount: number;
  if (input.amount !== undefined) {
    amount = input.amount;
  } else if (input.quantity !== undefined) {
    const unit = line.quantity ? line.amount / line.quantity : NaN;
    if (!Number.isInteger(unit)) {
      throw invalidRequest(`Invoice line ${line.id} has no whole unit amount; credit it with ${p('amount')} instead of a quantity.`, { param: p('quantity') });
    }
    if (input.quantity > (line.quantity ?? 0)) {
      throw invalidRequest(`${p('quantity')} (${input.quantity}) is more than invoice line ${line.id} has (${line.quantity}).`, { param: p('quantity') });
    }
    amount = unit * input.quantity;
  } else {
    throw invalidRequest(`Provide ${p('amount')} or ${p('quantity')}: how much of invoice line ${line.id} to credit.`, { code: 'parameter_missing', param: p('amount') });
  }
  const remaining = left.get(line.id) ?? line.amount;
  if (amount > remaining) {
    throw invalidRequest(
      `The amount to credit for invoice line ${line.id} (${amount}) is more than what it has left to credit (${remaining}).`,
      { param: p(input.amount !== undefined ? 'amount' : 'quantity') },
    );
  }
  left.set(line.id, remaining - amount);
  return makeLine(id, {
    amount,
    description: input.description ?? line.description,
    invoice_line_item: line.id,
    metadata: input.metadata !== undefined ? mergeMetadata({}, input.metadata) : null,
    quantity: input.quantity ?? 1,
    type: 'invoice_line_item',
    unit_amount: null,
    unit_amount_decimal: null,
  });
}

function customLine(input: CreditNoteLineInput, id: string, p: (k: string) => string): CreditNoteLine {
  if (input.invoice_line_item !== undefined) {
    throw invalidRequest('`invoice_line_item` is only valid for lines of type invoice_line_item.', { param: p('invoice_line_item') });
  }
  if (input.amount !== undefined) {
    throw invalidRequest('`amount` is only valid for lines of type invoice_line_item; custom lines take `quantity` and `unit_amount`.', { param: p('amount') });
  }
  if (input.description === undefined) {
    throw invalidRequest(`Missing required param: ${p('description')} (custom lines need a description).`, { code: 'parameter_missing', param: p('description') });
  }
  if (input.unit_amount !== undefined && input.unit_amount_decimal !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: unit_amount, unit_amount_decimal.', { code: 'parameters_exclusive', param: p('unit_amount_decimal') });
  }
  if (input.unit_amount === undefined && input.unit_amount_decimal === undefined) {
    throw invalidRequest(`Missing required param: ${p('unit_amount')} (custom lines need a unit amount).`, { code: 'parameter_missing', param: p('unit_amount') });
  }
  const quantity = input.quantity ?? 1;
  const unitDecimal = input.unit_amount_decimal !== undefined ? Number(input.unit_amount_decimal) : input.unit_amount!;
  if (unitDecimal < 0) throw invalidRequest('The unit amount of a custom credit note line must not be negative.', { param: p('unit_amount') });
  return makeLine(id, {
    amount: Math.round(unitDecimal * quantity),
    description: input.description,
    metadata: input.metadata !== undefined ? mergeMetadata({}, input.metadata) : null,
    quantity,
    type: 'custom_line_item',
    unit_amount: Number.isInteger(unitDecimal) ? unitDecimal : null,
    unit_amount_decimal: input.unit_amount_decimal ?? String(unitDecimal),
  });
}

/** Builds the credit note's lines from `lines[]`; refuses anything the invoice lines can't cover. Writes nothing. */
export function buildLines(ctx: ApiContext, invoice: Invoice, inputs: CreditNoteLineInput[], idFor: (prefix: string, index: number) => string): CreditNoteLine[] {
  const byId = new Map(linesOf(ctx, invoice.id).map((l) => [l.id, l]));
  const credited = creditedPerLine(ctx, invoice.id);
  const left = new Map<string, number>();
  for (const [id, line] of byId) left.set(id, line.amount - (credited.get(id) ?? 0));
  return inputs.map((input, i) => {
    const p = (k: string) => `lines[${i}][${k}]`;
    refuseTax(input, p);
    const id = idFor('cnli', i);
    return input.type === 'invoice_line_item' ? invoiceLine(input, id, p, byId, left, invoice.id) : customLine(input, id, p);
  });
}

/** Routes for credit notes: create, previews, retrieve, update, list, lines, void. */
import { invalidRequest } from '../../errors.js';
import {
  anything, arr, decimal, emptyable, int, listShape, metadata, obj, oneOf, range, required, str,
} from '../../http/params.js';
import type { ApiRouter } from '../../http/router.js';
import { registerResource } from '../../registry.js';
import { listObjects, listOf } from '../../store/list.js';
import { linesOfNote } from './lines.js';
import { planCreditNote } from './plan.js';
import { createCreditNote, getCreditNote, updateCreditNote, voidCreditNote } from './service.js';
import { CREDIT_NOTES, CREDIT_NOTE_LINES, type CreditNote } from './types.js';
import './versions.js';

registerResource({ object: 'credit_note', prefix: 'cn', collection: CREDIT_NOTES });
registerResource({ object: 'credit_note_line_item', prefix: 'cnli', collection: CREDIT_NOTE_LINES });

const lineShape = obj({
  type: required(oneOf(['custom_line_item', 'invoice_line_item'] as const)),
  amount: int({ min: 0 }),
  description: str({ max: 5000 }),
  invoice_line_item: str(),
  metadata: metadata(),
  quantity: int({ min: 1 }),
  tax_amounts: emptyable(arr(anything())),
  tax_rates: emptyable(arr(str())),
  unit_amount: int({ min: 0 }),
  unit_amount_decimal: decimal(),
});

/** The parameters of create and of both previews. */
const noteShape = {
  invoice: required(str()),
  amount: int({ min: 0 }),
  credit_amount: int({ min: 0 }),
  effective_at: int({ min: 0 }),
  email_type: oneOf(['credit_note', 'none'] as const),
  lines: arr(lineShape),
  memo: str({ max: 5000 }),
  metadata: metadata(),
  out_of_band_amount: int({ min: 0 }),
  reason: oneOf(['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory'] as const),
  refund_amount: int({ min: 0 }),
  refunds: arr(obj({
    amount_refunded: int({ min: 1 }),
    refund: str(),
    type: oneOf(['payment_record_refund', 'refund'] as const),
    payment_record_refund: anything(),
  })),
  shipping_cost: anything(),
  /** Before 2025-03-31.basil (refused on later versions). */
  refund: str(),
};

export function creditNoteRoutes(r: ApiRouter): void {
  r.add({
    method: 'POST', path: '/v1/credit_notes', summary: 'Issue a credit note for a finalized invoice', returns: 'credit_note',
    params: noteShape,
    handler: (ctx, p) => createCreditNote(ctx, p),
  });
  r.add({
    method: 'GET', path: '/v1/credit_notes/preview', summary: 'Preview a credit note (nothing is saved)', returns: 'credit_note',
    params: noteShape,
    handler: (ctx, p) => {
      const { note } = planCreditNote(ctx, p, { preview: true });
      return { ...note, lines: { ...note.lines, url: '/v1/credit_notes/preview/lines' } };
    },
  });
  r.add({
    method: 'GET', path: '/v1/credit_notes/preview/lines', summary: "Preview a credit note's lines (nothing is saved)", returns: 'list',
    params: { ...noteShape, ...listShape },
    handler: (ctx, p) => {
      const { limit, starting_after, ending_before, ...input } = p;
      return listOf(planCreditNote(ctx, input, { preview: true }).lines, { limit, starting_after, ending_before }, '/v1/credit_notes/preview/lines', 'credit_note_line_item');
    },
  });
  r.add({
    method: 'GET', path: '/v1/credit_notes/{id}', summary: 'Retrieve a credit note', returns: 'credit_note',
    handler: (ctx, _p, { id }) => getCreditNote(ctx, id),
  });
  r.add({
    method: 'POST', path: '/v1/credit_notes/{id}', summary: "Update a credit note's memo or metadata", returns: 'credit_note',
    params: { memo: str({ max: 5000, allowEmpty: true }), metadata: metadata() },
    handler: (ctx, p, { id }) => updateCreditNote(ctx, id, p),
  });
  r.add({
    method: 'POST', path: '/v1/credit_notes/{id}/void', summary: 'Void a credit note', returns: 'credit_note',
    handler: (ctx, _p, { id }) => voidCreditNote(ctx, id),
  });
  r.add({
    method: 'GET', path: '/v1/credit_notes/{credit_note}/lines', summary: "List a credit note's lines", returns: 'list',
    params: listShape,
    handler: (ctx, p, { credit_note }) => {
      const note = getCreditNote(ctx, credit_note, 'credit_note');
      return listOf(linesOfNote(ctx, note.id), p, `/v1/credit_notes/${note.id}/lines`, 'credit_note_line_item');
    },
  });
  r.add({
    method: 'GET', path: '/v1/credit_notes', summary: 'List credit notes', returns: 'list',
    params: { ...listShape, created: range(), customer: str(), customer_account: str(), invoice: str() },
    handler: (ctx, p) => {
      if (p.customer_account !== undefined) {
        throw invalidRequest('The emulator identifies customers by `customer`; `customer_account` is not supported.', { param: 'customer_account' });
      }
      return listObjects<CreditNote>(ctx, p, {
        collection: CREDIT_NOTES, objectName: 'credit_note', url: '/v1/credit_notes',
        where: p.invoice !== undefined
          ? { field: 'invoice', value: p.invoice }
          : p.customer !== undefined ? { field: 'customer', value: p.customer } : undefined,
        created: p.created,
        filter: p.customer !== undefined ? (n) => n.customer === p.customer : undefined,
      });
    },
  });
}

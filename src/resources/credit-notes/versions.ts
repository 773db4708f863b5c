/**
 * Credit notes at older API versions (reference §1.3, A2):
 *   before 2025-05-28.basil  no `mixed` type: a mixed note reads as `post_payment`
 *                            (pre/post payment amounts are stripped by the field lists);
 *   before 2025-03-31.basil  one `refund` (the first linked refund, or null) instead of
 *                            `refunds[]`, `tax_amounts` instead of `total_taxes` / `taxes`.
 */
import { registerDowngrade } from '../../versions/downgrade.js';

registerDowngrade({
  object: 'credit_note',
  before: '2025-05-28.basil',
  description: 'credit note type `mixed` did not exist; such notes read as post_payment',
  apply: (note) => (note.type === 'mixed' ? { ...note, type: 'post_payment' } : note),
});

registerDowngrade({
  object: 'credit_note',
  before: '2025-03-31.basil',
  description: 'credit_note.refunds[] was the single credit_note.refund; total_taxes was tax_amounts',
  apply: (note) => {
    const refunds = Array.isArray(note.refunds) ? (note.refunds as Array<{ refund: unknown }>) : [];
    const out: Record<string, unknown> = { ...note, refund: refunds[0]?.refund ?? null, tax_amounts: [] };
    delete out.refunds;
    delete out.total_taxes;
    return out;
  },
});

registerDowngrade({
  object: 'credit_note_line_item',
  before: '2025-03-31.basil',
  description: 'credit note lines had tax_amounts, amount_excluding_tax and unit_amount_excluding_tax instead of taxes',
  apply: (line) => {
    const out: Record<string, unknown> = {
      ...line,
      tax_amounts: [],
      amount_excluding_tax: line.amount,
      unit_amount_excluding_tax: line.unit_amount_decimal ?? null,
    };
    delete out.taxes;
    return out;
  },
});

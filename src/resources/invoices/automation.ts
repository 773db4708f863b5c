/**
 * Automatic advancement (auto_advance = true), run by the emulator's clock:
 *   - a draft whose `automatically_finalizes_at` has passed is finalized
 *     (about an hour after creation, as in Stripe); a send_invoice invoice is
 *     then sent, a charge_automatically one is charged right away;
 *   - an open charge_automatically invoice whose `next_payment_attempt` has
 *     passed gets a payment attempt with the invoice's or the customer's
 *     default payment method. A failed attempt emits invoice.payment_failed;
 *     there are no retries (next_payment_attempt becomes null).
 * Only invoices listed in `_invoice_schedule` (kept by saveInvoice) are looked at.
 */
import { createContext, runUnit, type ApiContext } from '../../context.js';
import type { Emulator } from '../../emulator.js';
import { emit } from '../../events/emit.js';
import { attemptDefaultPayment } from './default-payment.js';
import { finalizeInvoice } from './lifecycle.js';
import { automaticActionAt, findInvoice } from './service.js';
import { INVOICE_SCHEDULE, type InvoiceSchedule } from './types.js';

function act(ctx: ApiContext, invoiceId: string): void {
  let inv = findInvoice(ctx, invoiceId);
  const at = inv && !inv.deleted ? automaticActionAt(inv) : null;
  if (!inv || at === null || at > ctx.now()) return;
  if (inv.status === 'draft') {
    inv = finalizeInvoice(ctx, invoiceId);
    if (inv.status !== 'open') return;
    if (inv.collection_method === 'send_invoice') {
      if (inv.customer_email) emit(ctx, 'invoice.sent', inv);
      return;
    }
  }
  attemptDefaultPayment(ctx, inv, { param: 'payment_method', offSession: true, automatic: true });
}

/** Runs every automatic action that is due, each in its own unit of work. */
export function advanceInvoices(emulator: Emulator, log: (line: string) => void = () => {}): void {
  const now = emulator.clock.now();
  for (const key of emulator.store.accountKeys()) {
    const account = emulator.store.account(key);
    if (!account.has(INVOICE_SCHEDULE)) continue;
    const due = [...account.collection<InvoiceSchedule>(INVOICE_SCHEDULE).values()].filter((d) => d.at <= now).sort((a, b) => a.at - b.at);
    for (const entry of due) {
      const ctx = createContext(emulator.services, key);
      try {
        runUnit(ctx, () => act(ctx, entry.id));
      } catch (error) {
        // a failure (e.g. an amount Stripe would refuse) must not stop the clock: drop the entry, keep going
        log(`invoice automation: ${entry.id}: ${(error as Error).message}`);
        runUnit(ctx, () => ctx.account.collection(INVOICE_SCHEDULE).remove(entry.id));
      }
    }
  }
}

export function invoiceAutomation(emulator: Emulator): void {
  emulator.onTick(() => advanceInvoices(emulator));
}

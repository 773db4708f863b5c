/**
 * `_invoice_facts`: what the invoice object no longer shows (since
 * 2025-03-31.basil) but older API versions and the lifecycle need: which
 * charge and PaymentIntent paid it, whether it was paid out of band, the
 * `days_until_due` it was created with.
 */
import type { ApiContext } from '../../context.js';
import type { AccountStore } from '../../store/store.js';
import { INVOICE_FACTS, type InvoiceFacts } from './types.js';

function empty(id: string): InvoiceFacts {
  return {
    id,
    days_until_due: null,
    out_of_band_amount: 0,
    paid_out_of_band: false,
    charge: null,
    payment_intent: null,
    custom_number: null,
  };
}

export function readFacts(account: AccountStore, invoiceId: string): InvoiceFacts {
  return account.collection<InvoiceFacts>(INVOICE_FACTS).get(invoiceId) ?? empty(invoiceId);
}

export function invoiceFacts(ctx: ApiContext, invoiceId: string): InvoiceFacts {
  return readFacts(ctx.account, invoiceId);
}

export function setFacts(ctx: ApiContext, invoiceId: string, change: Partial<InvoiceFacts>): InvoiceFacts {
  const current = invoiceFacts(ctx, invoiceId);
  return ctx.account.collection<InvoiceFacts>(INVOICE_FACTS).put({ ...current, ...change });
}

/** Validation of invoice create/update parameters: due dates, the default payment method, what the emulator does not serve. */
import type { ApiContext } from '../../context.js';
import { invalidRequest, resourceMissing } from '../../errors.js';
import { findPaymentMethod } from '../payment-methods/service.js';
import type { InvoiceFields } from './service.js';
import type { CollectionMethod } from './types.js';

export function checkDueParams(method: CollectionMethod, f: InvoiceFields): void {
  if (method === 'charge_automatically') {
    if (f.days_until_due !== undefined) {
      throw invalidRequest('You can only set `days_until_due` when `collection_method` is `send_invoice`.', { param: 'days_until_due' });
    }
    if (f.due_date !== undefined) {
      throw invalidRequest('You can only set `due_date` when `collection_method` is `send_invoice`.', { param: 'due_date' });
    }
  }
  if (f.days_until_due !== undefined && f.due_date !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: days_until_due, due_date.', { code: 'parameters_exclusive', param: 'due_date' });
  }
}

export function refuseUnsupported(f: Record<string, unknown>): void {
  const unsupported: Array<[string, string]> = [
    ['subscription', 'Subscriptions are not supported by the emulator.'],
    ['transfer_data', 'Connect transfers are not supported by the emulator.'],
    ['application_fee_amount', 'Connect application fees are not supported by the emulator.'],
    ['on_behalf_of', 'Connect (on_behalf_of) is not supported by the emulator.'],
    ['from_invoice', 'Invoice revisions (from_invoice) are not supported by the emulator.'],
    ['shipping_cost', 'Shipping rates are not supported by the emulator.'],
    ['customer_account', 'The emulator identifies customers by `customer`; `customer_account` is not supported.'],
  ];
  for (const [key, message] of unsupported) if (f[key] !== undefined && f[key] !== null) throw invalidRequest(message, { param: key });
  for (const key of ['discounts', 'default_tax_rates', 'account_tax_ids']) {
    const v = f[key];
    if (Array.isArray(v) && v.length > 0) throw invalidRequest(`\`${key}\` is not supported by the emulator (no discounts or tax engine).`, { param: key });
  }
  const tax = f.automatic_tax as { enabled?: boolean } | undefined;
  if (tax?.enabled) throw invalidRequest('Automatic tax is not supported by the emulator (it has no tax engine).', { param: 'automatic_tax[enabled]' });
  const issuer = f.issuer as { type?: string } | undefined;
  if (issuer && issuer.type !== 'self') throw invalidRequest('Only `issuer[type]=self` is supported by the emulator.', { param: 'issuer[type]' });
}

/** `default_payment_method` must name a PaymentMethod of the invoice's customer (or one not attached yet). */
export function checkDefaultPaymentMethod(ctx: ApiContext, customer: string, id: string | null | undefined): void {
  if (id === undefined || id === null) return;
  const pm = findPaymentMethod(ctx, id);
  if (!pm) throw resourceMissing('PaymentMethod', id, 'default_payment_method');
  if (pm.customer !== null && pm.customer !== customer) {
    throw invalidRequest(`The PaymentMethod ${id} belongs to a different customer (${pm.customer}) than the invoice's (${customer}).`, { param: 'default_payment_method' });
  }
}

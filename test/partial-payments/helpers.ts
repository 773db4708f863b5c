/** Shared helpers for the partial payments and credit notes tests. */
import type Stripe from 'stripe';

// shared with the payments tests (events through GET /v1/events, failures) and the invoicing tests
// (the stored event types of a key's account, wire JSON)
export { eventTypes, eventsOf, failure } from '../payments/helpers.js';
export { eventTypes as storedEventTypes, json } from '../invoicing/helpers.js';

export interface OpenInvoice {
  customer: Stripe.Customer;
  invoice: Stripe.Invoice;
}

/**
 * A customer and an open invoice for `amounts` (one invoice item each), finalized.
 * `send_invoice` by default so that nothing is charged automatically.
 */
export async function openInvoice(
  stripe: Stripe,
  amounts: number[] = [10000],
  opts: { currency?: string; collection_method?: 'send_invoice' | 'charge_automatically'; email?: string } = {},
): Promise<OpenInvoice> {
  const currency = opts.currency ?? 'usd';
  const customer = await stripe.customers.create({ name: 'Partial Payer', email: opts.email ?? 'payer@example.com' });
  const method = opts.collection_method ?? 'send_invoice';
  const draft = await stripe.invoices.create({
    customer: customer.id, currency, collection_method: method, ...(method === 'send_invoice' ? { days_until_due: 30 } : {}), auto_advance: false,
  });
  for (const [i, amount] of amounts.entries()) {
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount, currency, description: `Item ${i + 1}` });
  }
  const invoice = await stripe.invoices.finalizeInvoice(draft.id);
  return { customer, invoice };
}

/** A PaymentIntent of the customer, unconfirmed (or confirmed with `confirm`). */
export function intent(
  stripe: Stripe, customer: string, amount: number, opts: { currency?: string; confirm?: boolean; payment_method?: string; capture_method?: 'manual' } = {},
): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({
    amount, currency: opts.currency ?? 'usd', customer,
    payment_method: opts.payment_method ?? 'pm_card_visa',
    ...(opts.confirm ? { confirm: true } : {}),
    ...(opts.capture_method ? { capture_method: opts.capture_method } : {}),
  });
}

/** The invoice with its payments expanded. */
export function withPayments(stripe: Stripe, id: string): Promise<Stripe.Invoice> {
  return stripe.invoices.retrieve(id, { expand: ['payments'] });
}

/** Σ of the customer's balance transactions (what `customer.balance` must equal). */
export async function ledgerSum(stripe: Stripe, customer: string): Promise<number> {
  let sum = 0;
  for await (const t of stripe.customers.listBalanceTransactions(customer, { limit: 100 })) sum += t.amount;
  return sum;
}

/** Shared helpers for the partial payments and credit notes tests. */
import type Stripe from 'stripe';
import { accountKeyFrom } from '../../src/http/auth.js';
import type { Harness } from '../support/harness.js';

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

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error('expected the request to fail');
}

/** The stored event types of the account of `stripe`'s key, oldest first. */
export function storedEventTypes(h: Harness, key: string): string[] {
  const account = h.emulator.store.account(accountKeyFrom(`Bearer ${key}`));
  return [...account.collection<{ id: string; type: string }>('event').values()].map((e) => e.type);
}

/** Event types through GET /v1/events, oldest first. */
export async function eventTypes(stripe: Stripe): Promise<string[]> {
  const types: string[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) types.push(event.type);
  return types.reverse();
}

/** Events of one type, newest first. */
export async function eventsOf(stripe: Stripe, type: string): Promise<Stripe.Event[]> {
  const out: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ type, limit: 100 })) out.push(event);
  return out;
}

/** The wire JSON of an SDK object (stripe-node turns decimal strings into Decimal objects). */
export function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
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

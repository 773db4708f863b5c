/**
 * Helpers for the web UI tests: a dashboard session (the account cookie) and
 * Stripe-shaped objects put straight into the store, for pages whose API
 * modules may not exist yet (the pages read the store, not the API).
 */
import type { Harness } from '../support/harness.js';
import type { StoredObject } from '../../src/store/collection.js';

export interface Session {
  get(path: string): Promise<Response>;
  post(path: string, form: Record<string, string>): Promise<Response>;
  html(path: string): Promise<string>;
}

/**
 * Opens the dashboard for `key` (as the account form does) and returns
 * requests carrying its cookies (the account, and one-time notices), like a browser.
 */
export async function dashboardSession(h: Pick<Harness, 'emulator'>, key: string): Promise<Session> {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      const expired = value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired) jar.delete(name.trim());
      else jar.set(name.trim(), value);
    }
    return res;
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = remember(await h.emulator.app.request('/dashboard/account', { method: 'POST', body: new URLSearchParams({ key }) }));
  if (res.status !== 303) throw new Error(`account selection failed: ${res.status}`);
  const get = async (path: string) => remember(await h.emulator.app.request(path, { headers: { cookie: cookie() } }));
  return {
    get,
    post: async (path, form) => remember(await h.emulator.app.request(path, { method: 'POST', headers: { cookie: cookie() }, body: new URLSearchParams(form) })),
    html: async (path) => {
      const r = await get(path);
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
      return r.text();
    },
  };
}

let seq = 0;

/** A finalized invoice in the store (newest API shape, the fields the pages read). */
export function putInvoice(h: Pick<Harness, 'emulator'>, key: string, fields: Partial<StoredObject> & { customer: string; total: number }): StoredObject {
  const n = ++seq;
  const amountDue = (fields.amount_due as number | undefined) ?? fields.total;
  const amountPaid = (fields.amount_paid as number | undefined) ?? 0;
  const inv: StoredObject = {
    id: `in_test${String(n).padStart(20, '0')}`,
    object: 'invoice',
    number: `TEST-${String(n).padStart(4, '0')}`,
    status: 'open',
    currency: 'usd',
    collection_method: 'send_invoice',
    created: h.emulator.clock.now() - 3600,
    due_date: h.emulator.clock.now() + 30 * 86400,
    amount_due: amountDue,
    amount_paid: amountPaid,
    amount_remaining: amountDue - amountPaid,
    amount_overpaid: 0,
    subtotal: fields.total,
    hosted_invoice_url: null,
    customer_name: null,
    customer_email: null,
    default_payment_method: null,
    test_clock: null,
    lines: { object: 'list', data: [{ id: `il_test${n}`, object: 'line_item', description: 'Consulting', amount: fields.total, currency: 'usd', quantity: 1 }], has_more: false, url: '' },
    ...fields,
  };
  if (fields.amount_remaining === undefined) inv.amount_remaining = (inv.amount_due as number) - (inv.amount_paid as number);
  return h.emulator.store.account(key).collection('invoice').put(inv);
}

/** Records that the invoice was sent (the `invoice.sent` event the invoices module emits on /send). */
export function putSentEvent(h: Pick<Harness, 'emulator'>, key: string, invoice: StoredObject): void {
  h.emulator.store.account(key).collection('event').put({
    id: `evt_sent${invoice.id}`,
    object: 'event',
    type: 'invoice.sent',
    created: h.emulator.clock.now(),
    data: { object: invoice },
    request: { id: null, idempotency_key: null },
  });
}

/**
 * Through the API: a customer (with `paymentMethod` attached as the invoice
 * default, when given) and a finalized send_invoice invoice for `total`,
 * sent to the customer when `send`.
 */
export async function apiInvoice(
  stripe: import('stripe').default,
  total: number,
  opts: { paymentMethod?: string; send?: boolean; name?: string } = {},
): Promise<{ customer: string; invoice: import('stripe').default.Invoice; paymentMethod: string | null }> {
  const customer = await stripe.customers.create({ name: opts.name ?? 'Web Payer', email: 'payer@example.com' });
  let paymentMethod: string | null = null;
  if (opts.paymentMethod) {
    paymentMethod = (await stripe.paymentMethods.attach(opts.paymentMethod, { customer: customer.id })).id;
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: paymentMethod } });
  }
  const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30, auto_advance: false });
  await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: total, currency: 'usd', description: 'Design work' });
  let invoice = await stripe.invoices.finalizeInvoice(draft.id);
  if (opts.send) invoice = await stripe.invoices.sendInvoice(invoice.id);
  return { customer: customer.id, invoice, paymentMethod };
}

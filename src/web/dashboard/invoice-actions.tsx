/**
 * The invoice page and what can be done from it: charge the customer's saved
 * payment method for part of the balance, create / resend / cancel payment
 * requests. Successful actions redirect back (POST → 303 → GET) with a notice.
 */
import type { Context } from 'hono';
import { createContext, runUnit, type ApiContext } from '../../context.js';
import { StripeError } from '../../errors.js';
import { chargeInvoice } from '../actions.js';
import { setFlash, takeFlash, type Flash } from '../flash.js';
import { formatMoney, parseAmount } from '../format.js';
import { describePaymentMethod, findIn, findInvoice, savedPaymentMethods, wasSent, type PaymentIntentView, type PaymentMethodView } from '../read.js';
import { cancelRequest, createRequest, listRequests, resendRequest } from '../payment-requests/service.js';
import type { Dash } from './data.js';
import { InvoicePage, type InvoicePageProps } from './invoice-page.js';
import type { RequestsState } from './requests-section.js';
import { notFound } from './not-found.js';
import type { DashHandler } from './routes.js';
import { param } from '../http.js';
import type { PageRouter } from '../page-router.js';

type Extra = Pick<InvoicePageProps, 'notice' | 'charge'> & { requests?: Pick<RequestsState, 'error' | 'form'> };

function ctxFor(d: Dash): ApiContext {
  return createContext(d.emulator.services, d.account);
}

export function renderInvoice(c: Context, d: Dash, id: string, extra: Extra, status = 200): Response | Promise<Response> {
  const inv = findInvoice(d.acct, id);
  if (!inv || inv.deleted) return notFound(c, d, 'invoice');
  const ctx = ctxFor(d);
  const list = runUnit(ctx, () => listRequests(ctx, inv.id));
  const requests: RequestsState = { sent: wasSent(d.acct, inv.id), list, ...extra.requests };
  const notice = extra.notice ?? takeFlash(c);
  return c.html(
    <InvoicePage d={d} inv={inv} paymentMethods={savedPaymentMethods(d.acct, inv.customer, inv)} requests={requests} notice={notice} charge={extra.charge} />,
    status as 200,
  );
}

function chargedNotice(d: Dash, piId: string): Flash {
  const pi = findIn<PaymentIntentView>(d.acct, 'payment_intent', piId);
  if (!pi) return { kind: 'ok', text: `Charged (${piId}).` };
  const pm = findIn<PaymentMethodView>(d.acct, 'payment_method', pi.payment_method);
  return { kind: 'ok', text: `Charged ${formatMoney(pi.amount, pi.currency)} to ${describePaymentMethod(pm)} (${pi.id}).` };
}

const DONE: Record<string, string> = {
  resent: 'Payment request sent again; the link is unchanged.',
  canceled: 'Payment request canceled; its link no longer works.',
};

function messageOf(error: unknown): string {
  if (error instanceof StripeError) return error.message;
  throw error;
}

export function invoiceActionRoutes(app: PageRouter, guard: (h: DashHandler) => (c: Context) => Response | Promise<Response>): void {
  const back = (c: Context, id: string, flash: Flash) => {
    setFlash(c, flash);
    return c.redirect(`/dashboard/invoices/${encodeURIComponent(id)}`, 303);
  };

  app.post('/dashboard/invoices/{id}/charge', 'Dashboard: charge the customer\'s saved payment method for part of the invoice (amount, payment_method)', guard(async (c, d) => {
    const id = param(c, 'id');
    const inv = findInvoice(d.acct, id);
    if (!inv || inv.deleted) return notFound(c, d, 'invoice');
    const body = await c.req.parseBody();
    const amountText = String(body.amount ?? '');
    const paymentMethod = String(body.payment_method ?? '');
    const fail = (error: string, status = 400) => renderInvoice(c, d, id, { charge: { error, amount: amountText, payment_method: paymentMethod } }, status);
    if (inv.status !== 'open' || inv.amount_remaining <= 0) return fail(`Only an open invoice with an amount remaining can be charged; this one is ${inv.status}.`);
    const pms = savedPaymentMethods(d.acct, inv.customer, inv);
    if (pms.length === 0) return fail('This customer has no saved payment method, so there is nothing to charge.');
    if (!pms.some((pm) => pm.id === paymentMethod)) return fail('Choose one of the customer\'s saved payment methods.');
    const amount = parseAmount(amountText, inv.currency);
    if (amount === null) return fail(`Enter a positive amount in ${inv.currency.toUpperCase()}, e.g. 25.00.`);
    if (amount > inv.amount_remaining) {
      return fail(`The amount (${formatMoney(amount, inv.currency)}) is more than the remaining balance of ${formatMoney(inv.amount_remaining, inv.currency)}.`);
    }
    const ctx = ctxFor(d);
    try {
      const result = runUnit(ctx, () => chargeInvoice(ctx, inv.id, { amount, paymentMethod }));
      return back(c, id, chargedNotice(d, result.paymentIntent));
    } catch (error) {
      return fail(messageOf(error), error instanceof StripeError && error.status === 402 ? 402 : 400);
    }
  }));

  app.post('/dashboard/invoices/{id}/payment-requests', 'Dashboard: request a payment on the invoice (amount, note)', guard(async (c, d) => {
    const id = param(c, 'id');
    const inv = findInvoice(d.acct, id);
    if (!inv || inv.deleted) return notFound(c, d, 'invoice');
    const body = await c.req.parseBody();
    const form = { amount: String(body.amount ?? ''), note: String(body.note ?? '') };
    const fail = (error: string) => renderInvoice(c, d, id, { requests: { error, form } }, 400);
    const amount = parseAmount(form.amount, inv.currency);
    if (amount === null) return fail(`Enter a positive amount in ${inv.currency.toUpperCase()}, e.g. 100.00.`);
    const ctx = ctxFor(d);
    try {
      runUnit(ctx, () => createRequest(ctx, id, { amount, note: form.note }));
    } catch (error) {
      return fail(messageOf(error));
    }
    return back(c, id, { kind: 'ok', text: 'Payment request created. Share the link with the customer.' });
  }));

  for (const [action, fn, done] of [['resend', resendRequest, 'resent'], ['cancel', cancelRequest, 'canceled']] as const) {
    app.post(`/dashboard/invoices/{id}/payment-requests/{request}/${action}`, `Dashboard: ${action} a payment request`, guard((c, d) => {
      const id = param(c, 'id');
      if (!findInvoice(d.acct, id)) return notFound(c, d, 'invoice');
      const ctx = ctxFor(d);
      try {
        runUnit(ctx, () => fn(ctx, id, param(c, 'request')));
      } catch (error) {
        return renderInvoice(c, d, id, { requests: { error: messageOf(error) } }, 400);
      }
      return back(c, id, { kind: 'ok', text: DONE[done] });
    }));
  }
}

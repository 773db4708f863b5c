/**
 * The dashboard under /dashboard: choose an account (cookie), then browse
 * customers, invoices, payments, credit notes, events and webhooks; charge a
 * customer for part of an invoice; manage payment requests.
 */
import type { Context } from 'hono';
import type { Emulator } from '../../emulator.js';
import { forgetAccount, selectAccount, selectedAccount, validKey } from '../account.js';
import { deliveryViews, resendDelivery } from '../deliveries.js';
import { setFlash, takeFlash } from '../flash.js';
import { findIn, type CreditNoteView, type CustomerView, type EventView, type PaymentIntentView } from '../read.js';
import { AccountPage } from './account-page.js';
import { CustomerPage, CustomersPage } from './customers.js';
import type { Dash } from './data.js';
import { EventPage, EventsPage } from './events.js';
import { invoiceActionRoutes, renderInvoice } from './invoice-actions.js';
import { InvoicesPage } from './invoices.js';
import { CreditNotePage, CreditNotesPage, PaymentPage, PaymentsPage } from './payments.js';
import { notFound } from './not-found.js';
import { WebhooksPage } from './webhooks.js';
import { param } from '../http.js';
import type { PageRouter } from '../page-router.js';

export type DashHandler = (c: Context, d: Dash) => Response | Promise<Response>;

export function dashboardRoutes(app: PageRouter, emulator: Emulator): void {
  const guard = (handler: DashHandler) => (c: Context) => {
    const account = selectedAccount(c);
    if (!account) return c.redirect('/dashboard/account', 303);
    c.header('Cache-Control', 'no-store');
    const d: Dash = { emulator, account, acct: emulator.store.account(account), now: emulator.clock.now(), query: c.req.query() };
    return handler(c, d);
  };

  app.get('/dashboard', 'Dashboard: the invoice list, or the account choice when none is selected', (c) => c.redirect(selectedAccount(c) ? '/dashboard/invoices' : '/dashboard/account', 303));
  app.get('/dashboard/account', 'Dashboard: choose the account (API key) to show', (c) => c.html(<AccountPage accounts={emulator.store.accountKeys()} current={selectedAccount(c)} />));
  app.post('/dashboard/account', 'Dashboard: select an account (form field key; sets a cookie)', async (c) => {
    const body = await c.req.parseBody();
    const key = validKey(String(body.key ?? ''));
    if (!key) {
      const error = 'That is not a test secret key. Use a key like sk_test_123 (live keys are refused).';
      return c.html(<AccountPage accounts={emulator.store.accountKeys()} current={selectedAccount(c)} error={error} />, 400);
    }
    selectAccount(c, key);
    return c.redirect('/dashboard/invoices', 303);
  });
  app.post('/dashboard/account/forget', 'Dashboard: forget the selected account', (c) => {
    forgetAccount(c);
    return c.redirect('/dashboard/account', 303);
  });

  app.get('/dashboard/customers', 'Dashboard: customers', guard((c, d) => c.html(<CustomersPage d={d} />)));
  app.get('/dashboard/customers/{id}', 'Dashboard: a customer with invoices, saved payment methods and payments', guard((c, d) => {
    const customer = findIn<CustomerView>(d.acct, 'customer', param(c, 'id'));
    return customer && !customer.deleted ? c.html(<CustomerPage d={d} customer={customer} />) : notFound(c, d, 'customer');
  }));
  app.get('/dashboard/invoices', 'Dashboard: invoices with status badges and amount remaining (filter: status)', guard((c, d) => c.html(<InvoicesPage d={d} />)));
  app.get('/dashboard/invoices/{id}', 'Dashboard: an invoice (lines, totals, payments, payment requests, credit notes, events, Charge customer)', guard((c, d) => renderInvoice(c, d, param(c, 'id'), {})));
  invoiceActionRoutes(app, guard);
  app.get('/dashboard/payments', 'Dashboard: payments (PaymentIntents)', guard((c, d) => c.html(<PaymentsPage d={d} />)));
  app.get('/dashboard/payments/{id}', 'Dashboard: a payment', guard((c, d) => {
    const pi = findIn<PaymentIntentView>(d.acct, 'payment_intent', param(c, 'id'));
    return pi ? c.html(<PaymentPage d={d} pi={pi} />) : notFound(c, d, 'payment');
  }));
  app.get('/dashboard/credit-notes', 'Dashboard: credit notes', guard((c, d) => c.html(<CreditNotesPage d={d} />)));
  app.get('/dashboard/credit-notes/{id}', 'Dashboard: a credit note', guard((c, d) => {
    const cn = findIn<CreditNoteView>(d.acct, 'credit_note', param(c, 'id'));
    return cn ? c.html(<CreditNotePage d={d} cn={cn} />) : notFound(c, d, 'credit note');
  }));
  app.get('/dashboard/events', 'Dashboard: events (filter: type, with * wildcards)', guard((c, d) => c.html(<EventsPage d={d} />)));
  app.get('/dashboard/events/{id}', 'Dashboard: an event and its JSON', guard((c, d) => {
    const event = findIn<EventView>(d.acct, 'event', param(c, 'id'));
    return event ? c.html(<EventPage d={d} event={event} />) : notFound(c, d, 'event');
  }));
  app.get('/dashboard/webhooks', 'Dashboard: webhook endpoints and deliveries with their attempts', guard((c, d) => {
    return c.html(<WebhooksPage d={d} deliveries={deliveryViews(emulator, d.account)} notice={takeFlash(c)} />);
  }));
  app.post('/dashboard/webhooks/deliveries/{id}/resend', 'Dashboard: resend a webhook delivery', guard((c, d) => {
    const result = resendDelivery(emulator, d.account, param(c, 'id'));
    if (result.ok) {
      setFlash(c, { kind: 'ok', text: result.text });
      return c.redirect('/dashboard/webhooks', 303);
    }
    return c.html(<WebhooksPage d={d} deliveries={deliveryViews(emulator, d.account)} notice={{ kind: 'error', text: result.text }} />, 400);
  }));
}

/**
 * Customer-facing pages: the hosted invoice page (`/invoices/<token-or-id>`)
 * and payment request links (`/pay/<token>`). No API key: the link itself is
 * the credential. Pages are never cached and never indexed.
 */
import type { Context } from 'hono';
import { createContext, runUnit } from '../../context.js';
import type { Emulator } from '../../emulator.js';
import { StripeError } from '../../errors.js';
import { payRemaining, payRequest } from '../actions.js';
import { invoicePaymentsOf, findInvoice, nowFor } from '../read.js';
import { cancelActiveRequest, findByToken, settle, type PaymentRequest } from '../payment-requests/service.js';
import { HostedInvoicePage } from './invoice-page.js';
import { LinkGonePage, PayRequestPage } from './pay-page.js';
import { creditNotePdf, invoicePdf } from './documents.js';
import { findCreditNote, findHostedInvoice, HOSTED_INVOICE_PATH } from './resolve.js';
import { isHostedTestCard } from './test-cards.js';
import { param } from '../http.js';
import type { PageRouter } from '../page-router.js';

type Notice = { kind: 'ok' | 'error' | 'info'; text: string };

export function hostedRoutes(app: PageRouter, emulator: Emulator): void {
  const noStore = (c: Context) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    c.header('Referrer-Policy', 'no-referrer');
  };

  const renderInvoice = (c: Context, segment: string, notice?: Notice, card?: string, status = 200) => {
    noStore(c);
    const found = findHostedInvoice(emulator, segment);
    if (!found) return c.html(<LinkGonePage reason="unknown" />, 404);
    const acct = emulator.store.account(found.accountKey);
    const inv = found.invoice;
    const payments = invoicePaymentsOf(acct, inv.id);
    const action = `${HOSTED_INVOICE_PATH}/${segment}/pay`;
    const pdf = `${HOSTED_INVOICE_PATH}/${segment}/pdf`;
    const shown = notice ?? (c.req.query('paid') ? { kind: 'ok' as const, text: 'Payment received. Thank you!' } : undefined);
    return c.html(<HostedInvoicePage inv={inv} now={nowFor(acct, inv, emulator.clock.now())} payments={payments} action={action} pdf={pdf} notice={shown} card={card} />, status as 200);
  };

  app.get(`${HOSTED_INVOICE_PATH}/{segment}`, 'Hosted invoice page (hosted_invoice_url): amounts, status, payments, pay the remaining amount', (c) => renderInvoice(c, param(c, 'segment')));
  app.post(`${HOSTED_INVOICE_PATH}/{segment}/pay`, 'Hosted invoice page: pay the whole remaining amount with a test card (card)', async (c) => {
    const segment = param(c, 'segment');
    const found = findHostedInvoice(emulator, segment);
    if (!found) return renderInvoice(c, segment);
    const card = String((await c.req.parseBody()).card ?? '');
    if (!isHostedTestCard(card)) return renderInvoice(c, segment, { kind: 'error', text: 'Choose one of the test cards.' }, undefined, 400);
    const inv = found.invoice;
    if (inv.status !== 'open' || inv.amount_remaining <= 0) {
      return renderInvoice(c, segment, { kind: 'info', text: 'This invoice does not accept payments any more.' }, card, 409);
    }
    const ctx = createContext(emulator.services, found.accountKey);
    try {
      runUnit(ctx, () => {
        payRemaining(ctx, inv.id, card);
        const after = findInvoice(ctx.account, inv.id);
        if (after?.status === 'paid') cancelActiveRequest(ctx, inv.id, 'invoice_paid');
      });
    } catch (error) {
      if (!(error instanceof StripeError)) throw error;
      return renderInvoice(c, segment, { kind: 'error', text: error.message }, card, error.status === 402 ? 402 : 400);
    }
    return c.redirect(`${HOSTED_INVOICE_PATH}/${segment}?paid=1`, 303);
  });

  app.get(`${HOSTED_INVOICE_PATH}/{segment}/pdf`, 'The invoice as a PDF (invoice_pdf)', (c) => {
    noStore(c);
    const found = findHostedInvoice(emulator, param(c, 'segment'));
    if (!found) return c.html(<LinkGonePage reason="unknown" />, 404);
    const bytes = invoicePdf(found.invoice, invoicePaymentsOf(emulator.store.account(found.accountKey), found.invoice.id));
    return pdfResponse(bytes, `Invoice-${found.invoice.number ?? found.invoice.id}.pdf`);
  });
  app.get('/credit_notes/{id}/pdf', 'The credit note as a PDF (credit_note.pdf)', (c) => {
    noStore(c);
    const found = findCreditNote(emulator, param(c, 'id'));
    if (!found) return c.html(<LinkGonePage reason="unknown" />, 404);
    const inv = findInvoice(emulator.store.account(found.accountKey), found.creditNote.invoice);
    return pdfResponse(creditNotePdf(found.creditNote, inv?.number ?? null), `CreditNote-${found.creditNote.number}.pdf`);
  });

  const renderRequest = (c: Context, token: string, notice?: Notice, card?: string, status = 200) => {
    noStore(c);
    const found = findByToken(emulator.store, token);
    if (!found) return c.html(<LinkGonePage reason="unknown" />, 404);
    const ctx = createContext(emulator.services, found.accountKey);
    const req = runUnit(ctx, () => settle(ctx, found.request));
    const inv = findInvoice(ctx.account, req.invoice);
    if (req.status === 'canceled' || !inv) return c.html(<LinkGonePage reason="canceled" />, 410);
    const shown = notice ?? (c.req.query('paid') && req.status === 'paid' ? { kind: 'ok' as const, text: 'Payment received.' } : undefined);
    return c.html(<PayRequestPage req={req} inv={inv} notice={shown} card={card} />, status as 200);
  };

  app.get('/pay/{token}', 'Payment request link (emulator extension): total due, requested amount, what remains', (c) => renderRequest(c, param(c, 'token')));
  app.post('/pay/{token}', 'Payment request link: pay the requested amount with a test card (card)', async (c) => {
    const token = param(c, 'token');
    const found = findByToken(emulator.store, token);
    if (!found) return renderRequest(c, token);
    const card = String((await c.req.parseBody()).card ?? '');
    if (!isHostedTestCard(card)) return renderRequest(c, token, { kind: 'error', text: 'Choose one of the test cards.' }, undefined, 400);
    const ctx = createContext(emulator.services, found.accountKey);
    let outcome: 'paid' | 'already_paid' | 'gone' | 'too_large';
    try {
      outcome = runUnit(ctx, () => {
        const req: PaymentRequest = settle(ctx, found.request);
        if (req.status !== 'active') return req.status === 'paid' ? 'already_paid' : 'gone';
        const inv = findInvoice(ctx.account, req.invoice);
        if (!inv || req.amount > inv.amount_remaining) return 'too_large';
        payRequest(ctx, req, card);
        return 'paid';
      });
    } catch (error) {
      if (!(error instanceof StripeError)) throw error;
      return renderRequest(c, token, { kind: 'error', text: error.message }, card, error.status === 402 ? 402 : 400);
    }
    if (outcome === 'gone' || outcome === 'already_paid') return renderRequest(c, token);
    if (outcome === 'too_large') {
      return renderRequest(c, token, { kind: 'error', text: `Nothing was charged: the request is larger than what remains on the invoice.` }, card, 409);
    }
    return c.redirect(`/pay/${token}?paid=1`, 303);
  });
}


function pdfResponse(bytes: Uint8Array, filename: string): Response {
  return new Response(bytes, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'Cache-Control': 'no-store',
    },
  });
}

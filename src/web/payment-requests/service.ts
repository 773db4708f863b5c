/**
 * Payment requests (an emulator extension beyond Stripe, the seed's "request
 * a specific amount" flow): on an open invoice that has been sent, ask the
 * customer for one amount through a secure link `/pay/<token>`.
 *
 * Rules: one active request per invoice (a second is refused until the first
 * is canceled or paid); resending keeps the same link; canceling deactivates
 * the link at once; a request whose invoice is no longer open is canceled
 * when next looked at. Stored in the private collection `_payment_request`.
 */
import type { ApiContext } from '../../context.js';
import { minimumAmount } from '../../currencies.js';
import { parameterInvalid, resourceMissing, unexpectedState } from '../../errors.js';
import { randomToken } from '../../ids.js';
import type { StoredObject } from '../../store/collection.js';
import type { Store } from '../../store/store.js';
import { formatMoney } from '../format.js';
import { findIn, findInvoice, wasSent, type InvoiceView } from '../read.js';

export const PAYMENT_REQUESTS = '_payment_request';

export type PaymentRequestStatus = 'active' | 'canceled' | 'paid';

export interface PaymentRequest extends StoredObject {
  object: 'payment_request';
  invoice: string;
  customer: string | null;
  amount: number;
  currency: string;
  note: string | null;
  status: PaymentRequestStatus;
  /** The unguessable part of the link. */
  token: string;
  url: string;
  created: number;
  sent_count: number;
  last_sent_at: number;
  canceled_at: number | null;
  /** `requested` (someone canceled it), `invoice_paid` (the invoice was paid in full), `invoice_closed` (voided, uncollectible). */
  cancellation_reason: 'requested' | 'invoice_paid' | 'invoice_closed' | null;
  paid_at: number | null;
  payment_intent: string | null;
}

export const NOTE_MAX = 500;

function requests(ctx: ApiContext) {
  return ctx.account.collection<PaymentRequest>(PAYMENT_REQUESTS);
}

export function payLinkUrl(ctx: ApiContext, token: string): string {
  return `${ctx.services.publicUrl()}/pay/${token}`;
}

function getInvoice(ctx: ApiContext, invoiceId: string): InvoiceView {
  const inv = findInvoice(ctx.account, invoiceId);
  if (!inv || inv.deleted) throw resourceMissing('invoice', invoiceId, 'invoice');
  return inv;
}

/** The request as the control plane shows it (the token is part of `url`). */
export function renderRequest(req: PaymentRequest): Omit<PaymentRequest, 'token'> {
  const { token: _token, ...rest } = req;
  return rest;
}

/** Cancels an active request whose invoice can no longer take it (paid, void, uncollectible, deleted). */
export function settle(ctx: ApiContext, req: PaymentRequest): PaymentRequest {
  if (req.status !== 'active') return req;
  const inv = findInvoice(ctx.account, req.invoice);
  if (inv && !inv.deleted && inv.status === 'open' && inv.amount_remaining > 0) return req;
  const reason = inv?.status === 'paid' || (inv?.status === 'open' && inv.amount_remaining <= 0) ? 'invoice_paid' : 'invoice_closed';
  return requests(ctx).put({ ...req, status: 'canceled', canceled_at: ctx.now(), cancellation_reason: reason });
}

/** Every request of an invoice, newest first (settled). */
export function listRequests(ctx: ApiContext, invoiceId: string): PaymentRequest[] {
  getInvoice(ctx, invoiceId);
  if (!ctx.account.has(PAYMENT_REQUESTS)) return [];
  return requests(ctx)
    .page({ limit: 1000, where: { field: 'invoice', value: invoiceId } })
    .data.map((r) => settle(ctx, r));
}

export function activeRequest(ctx: ApiContext, invoiceId: string): PaymentRequest | undefined {
  return listRequests(ctx, invoiceId).find((r) => r.status === 'active');
}

export function getRequest(ctx: ApiContext, invoiceId: string, requestId: string): PaymentRequest {
  const req = findIn<PaymentRequest>(ctx.account, PAYMENT_REQUESTS, requestId);
  if (!req || req.invoice !== invoiceId) throw resourceMissing('payment_request', requestId, 'payment_request');
  return settle(ctx, req);
}

export interface CreateRequest {
  amount: number;
  note?: string | null;
}

export function createRequest(ctx: ApiContext, invoiceId: string, input: CreateRequest): PaymentRequest {
  const inv = getInvoice(ctx, invoiceId);
  if (inv.status !== 'open') {
    throw unexpectedState('invoice_unexpected_state', `You can only request a payment on an open invoice; this invoice is ${inv.status}.`, 'invoice');
  }
  if (!wasSent(ctx.account, inv.id)) {
    throw unexpectedState(
      'invoice_not_sent',
      `Send the invoice to the customer before requesting a payment (POST /v1/invoices/${inv.id}/send).`,
      'invoice',
    );
  }
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
    throw parameterInvalid('amount', 'The amount must be a positive integer in the smallest currency unit (e.g. 2500 for $25.00).');
  }
  const minimum = minimumAmount(inv.currency);
  if (input.amount < minimum) {
    throw parameterInvalid(
      'amount',
      `The amount must be at least ${formatMoney(minimum, inv.currency)}, the smallest amount a card payment can take.`,
      'amount_too_small',
    );
  }
  if (input.amount > inv.amount_remaining) {
    throw parameterInvalid(
      'amount',
      `The amount (${formatMoney(input.amount, inv.currency)}) is more than what remains to be paid on the invoice (${formatMoney(inv.amount_remaining, inv.currency)}).`,
      'amount_too_large',
    );
  }
  const note = input.note?.trim() ? input.note.trim() : null;
  if (note !== null && note.length > NOTE_MAX) throw parameterInvalid('note', `The note can be at most ${NOTE_MAX} characters long.`);
  const active = activeRequest(ctx, inv.id);
  if (active) {
    throw unexpectedState(
      'payment_request_active',
      `This invoice already has an active payment request (${active.id} for ${formatMoney(active.amount, active.currency)}). Cancel it or wait until it is paid before requesting another amount.`,
      'invoice',
    );
  }
  const token = randomToken() + randomToken();
  const now = ctx.now();
  return requests(ctx).put({
    id: ctx.id('payreq'),
    object: 'payment_request',
    invoice: inv.id,
    customer: inv.customer,
    amount: input.amount,
    currency: inv.currency,
    note,
    status: 'active',
    token,
    url: payLinkUrl(ctx, token),
    created: now,
    sent_count: 1,
    last_sent_at: now,
    canceled_at: null,
    cancellation_reason: null,
    paid_at: null,
    payment_intent: null,
  });
}

function requireActive(req: PaymentRequest, action: string): void {
  if (req.status === 'active') return;
  const why = req.status === 'paid' ? 'it has been paid' : 'it was canceled';
  throw unexpectedState('payment_request_unexpected_state', `You cannot ${action} payment request ${req.id}: ${why}.`, 'payment_request');
}

/** Sends the same link again. */
export function resendRequest(ctx: ApiContext, invoiceId: string, requestId: string): PaymentRequest {
  const req = getRequest(ctx, invoiceId, requestId);
  requireActive(req, 'resend');
  return requests(ctx).put({ ...req, sent_count: req.sent_count + 1, last_sent_at: ctx.now() });
}

export function cancelRequest(ctx: ApiContext, invoiceId: string, requestId: string): PaymentRequest {
  const req = getRequest(ctx, invoiceId, requestId);
  requireActive(req, 'cancel');
  return requests(ctx).put({ ...req, status: 'canceled', canceled_at: ctx.now(), cancellation_reason: 'requested' });
}

/** Cancels the invoice's active request, if any (the invoice was paid in full another way). */
export function cancelActiveRequest(ctx: ApiContext, invoiceId: string, reason: PaymentRequest['cancellation_reason']): PaymentRequest | undefined {
  if (!ctx.account.has(PAYMENT_REQUESTS)) return undefined;
  const active = requests(ctx)
    .page({ limit: 1000, where: { field: 'invoice', value: invoiceId } })
    .data.find((r) => r.status === 'active');
  if (!active) return undefined;
  return requests(ctx).put({ ...active, status: 'canceled', canceled_at: ctx.now(), cancellation_reason: reason });
}

export function markRequestPaid(ctx: ApiContext, req: PaymentRequest, paymentIntentId: string): PaymentRequest {
  return requests(ctx).put({ ...req, status: 'paid', paid_at: ctx.now(), payment_intent: paymentIntentId });
}

/** Finds the request behind a link, in whichever account holds it. */
export function findByToken(store: Store, token: string): { accountKey: string; request: PaymentRequest } | undefined {
  if (!/^[A-Za-z0-9]{32,128}$/.test(token)) return undefined;
  for (const accountKey of store.accountKeys()) {
    const acct = store.account(accountKey);
    if (!acct.has(PAYMENT_REQUESTS)) continue;
    const found = acct.collection<PaymentRequest>(PAYMENT_REQUESTS).page({ limit: 1, where: { field: 'token', value: token } }).data[0];
    if (found) return { accountKey, request: found };
  }
  return undefined;
}

/**
 * The page behind a payment request link (`/pay/<token>`): the invoice's
 * balance due (read-only), the requested amount, what remains after it, and
 * paying the requested amount with a test card.
 */
import { Money } from '../components.js';
import { formatMoney } from '../format.js';
import { CustomerPage, Notice } from '../layout.js';
import type { InvoiceView } from '../read.js';
import type { PaymentRequest } from '../payment-requests/service.js';
import { TestCardSelect } from './test-cards.js';

export function PayRequestPage({ req, inv, notice, card }: { req: PaymentRequest; inv: InvoiceView; notice?: { kind: 'ok' | 'error' | 'info'; text: string }; card?: string }) {
  const cur = req.currency;
  const after = inv.amount_remaining - req.amount;
  const tooLarge = req.status === 'active' && after < 0;
  return (
    <CustomerPage title={`Payment request — ${inv.account_name ?? 'Test account'}`}>
      <div class="card">
        <div class="muted">{inv.account_name ?? 'Test account'} · Invoice {inv.number ?? ''}</div>
        <h1>Payment request</h1>
        {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
        <p class="muted" style="margin-bottom:0">Requested amount</p>
        <div class="big" id="requested-amount">{formatMoney(req.amount, cur)}</div>
        {req.note ? <p id="request-note">“{req.note}”</p> : null}
        <dl class="kv" style="margin-top:12px">
          <dt>Invoice total</dt><dd id="invoice-total"><Money amount={inv.amount_due} currency={cur} /></dd>
          <dt>Paid so far</dt><dd><Money amount={inv.amount_paid} currency={cur} /></dd>
          <dt>Total due</dt><dd id="total-due"><b><Money amount={inv.amount_remaining} currency={cur} /></b></dd>
          {req.status === 'active' && !tooLarge ? (
            <><dt>Remaining after this payment</dt><dd id="remaining-after"><Money amount={after} currency={cur} /></dd></>
          ) : null}
        </dl>
      </div>
      {req.status === 'paid' ? (
        <Notice kind="ok">Paid {formatMoney(req.amount, cur)}. Thank you!{inv.amount_remaining > 0 ? ` ${formatMoney(inv.amount_remaining, cur)} remains on the invoice.` : ''}</Notice>
      ) : tooLarge ? (
        <Notice kind="error">The requested amount is more than what remains on the invoice. Ask the seller for a new link.</Notice>
      ) : (
        <form method="post" class="card" id="pay-form">
          <TestCardSelect selected={card} />
          <div class="actions">
            <button type="submit" id="pay-button">Pay {formatMoney(req.amount, cur)}</button>
          </div>
        </form>
      )}
    </CustomerPage>
  );
}

export function LinkGonePage({ reason }: { reason: 'unknown' | 'canceled' }) {
  return (
    <CustomerPage title="Payment link no longer valid">
      <div class="card" id="link-invalid">
        <h1>{reason === 'canceled' ? 'This payment link is no longer valid' : 'Payment link not found'}</h1>
        <p class="muted">
          {reason === 'canceled'
            ? 'The seller canceled this payment request, or the invoice no longer accepts payments. Nothing was charged. Contact the seller for a new link.'
            : 'Check that you copied the whole link.'}
        </p>
      </div>
    </CustomerPage>
  );
}

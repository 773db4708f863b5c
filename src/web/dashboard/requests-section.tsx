/** The invoice page's "Payment requests" section (an emulator extension). */
import { Money, When } from '../components.js';
import { formatMoney, statusBadge } from '../format.js';
import { BadgeView, Notice } from '../layout.js';
import type { InvoiceView } from '../read.js';
import type { PaymentRequest } from '../payment-requests/service.js';

export interface RequestsState {
  sent: boolean;
  list: PaymentRequest[];
  error?: string;
  form?: { amount: string; note: string };
}

export function PaymentRequestsSection({ inv, state }: { inv: InvoiceView; state: RequestsState }) {
  const active = state.list.find((r) => r.status === 'active');
  const base = `/dashboard/invoices/${inv.id}/payment-requests`;
  const open = inv.status === 'open' && inv.amount_remaining > 0;
  return (
    <section id="payment-requests">
      <h2>Payment requests</h2>
      <p class="muted">Ask the customer for a specific amount through a secure link (an emulator extension). One active request per invoice.</p>
      {state.error ? <Notice kind="error">{state.error}</Notice> : null}
      {active ? (
        <div class="card" id="active-request">
          <div class="row" style="justify-content:space-between">
            <div>
              <b><Money amount={active.amount} currency={active.currency} /></b> requested <BadgeView badge={statusBadge(active.status)} />
              <div class="muted">
                Sent {active.sent_count} time{active.sent_count === 1 ? '' : 's'}, last <When ts={active.last_sent_at} />
              </div>
            </div>
            <div class="row">
              <form method="post" action={`${base}/${active.id}/resend`} class="inline">
                <button type="submit" class="secondary">Resend</button>
              </form>
              <form method="post" action={`${base}/${active.id}/cancel`} class="inline">
                <button type="submit" class="danger">Cancel request</button>
              </form>
            </div>
          </div>
          {active.note ? <p>“{active.note}”</p> : null}
          <label>Link</label>
          <div class="link-box" id="request-link"><a href={active.url}>{active.url}</a></div>
        </div>
      ) : open && state.sent ? (
        <form method="post" action={base} class="card" id="request-form">
          <p class="muted" style="margin:0">
            Remaining balance: <b>{formatMoney(inv.amount_remaining, inv.currency)}</b>
          </p>
          <label for="request-amount">Amount to request ({inv.currency.toUpperCase()})</label>
          <input id="request-amount" name="amount" inputmode="decimal" autocomplete="off" required value={state.form?.amount ?? ''} placeholder="e.g. 100.00" />
          <label for="request-note">Note for the customer (optional)</label>
          <textarea id="request-note" name="note" maxlength={500}>{state.form?.note ?? ''}</textarea>
          <div class="actions">
            <button type="submit">Request payment</button>
          </div>
        </form>
      ) : open ? (
        <Notice kind="info">Send the invoice to the customer first (POST /v1/invoices/{inv.id}/send) to request a payment.</Notice>
      ) : null}
      {state.list.length > 0 ? (
        <table id="payment-request-history">
          <thead><tr><th class="num">Amount</th><th>Status</th><th>Note</th><th>Payment</th><th>Created</th></tr></thead>
          <tbody>
            {state.list.map((r) => (
              <tr>
                <td class="num"><Money amount={r.amount} currency={r.currency} /></td>
                <td>
                  <BadgeView badge={statusBadge(r.status)} />
                  {r.cancellation_reason && r.cancellation_reason !== 'requested' ? <span class="muted">{r.cancellation_reason.replace(/_/g, ' ')}</span> : null}
                </td>
                <td>{r.note ?? <span class="muted">—</span>}</td>
                <td>{r.payment_intent ? <a class="mono" href={`/dashboard/payments/${r.payment_intent}`}>{r.payment_intent}</a> : <span class="muted">—</span>}</td>
                <td><When ts={r.created} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

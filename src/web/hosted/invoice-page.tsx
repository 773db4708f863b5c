/**
 * The hosted invoice page (the customer's view): amount due, paid and
 * remaining, a "Partially paid" / "Overdue" status, the payments so far, and
 * paying the whole remaining amount with a test card (as in Stripe, no
 * partial amount from this page).
 */
import { Money } from '../components.js';
import { formatDate, formatMoney, invoiceBadges } from '../format.js';
import { Badges, CustomerPage, Notice } from '../layout.js';
import type { InvoicePaymentView, InvoiceView } from '../read.js';
import { TestCardSelect } from './test-cards.js';

export interface HostedInvoiceProps {
  inv: InvoiceView;
  now: number;
  payments: InvoicePaymentView[];
  action: string;
  pdf: string;
  notice?: { kind: 'ok' | 'error' | 'info'; text: string };
  card?: string;
}

export function HostedInvoicePage({ inv, now, payments, action, pdf, notice, card }: HostedInvoiceProps) {
  const cur = inv.currency;
  const paid = payments.filter((p) => p.status === 'paid');
  const payable = inv.status === 'open' && inv.amount_remaining > 0;
  return (
    <CustomerPage title={`Invoice ${inv.number ?? ''} — ${inv.account_name ?? 'Test account'}`}>
      <div class="card">
        <div class="hosted-head">
          <div>
            <div class="muted">{inv.account_name ?? 'Test account'}</div>
            <h1>Invoice {inv.number ?? ''}</h1>
          </div>
          <div id="invoice-status"><Badges badges={invoiceBadges(inv, now)} /></div>
        </div>
        {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
        <p class="muted" style="margin-bottom:0">{inv.status === 'paid' ? 'Paid' : 'Amount remaining'}</p>
        <div class="big" id="amount-remaining">{formatMoney(inv.status === 'paid' ? inv.amount_paid : inv.amount_remaining, cur)}</div>
        {inv.due_date && inv.status === 'open' ? <p class="muted">Due {formatDate(inv.due_date, false)}</p> : null}
        <div class="totals" style="margin-top:16px">
          <div><span>Amount due</span><b id="amount-due"><Money amount={inv.amount_due} currency={cur} /></b></div>
          <div><span>Paid</span><b id="amount-paid"><Money amount={inv.amount_paid} currency={cur} /></b></div>
          <div class="due"><span>Remaining</span><b><Money amount={inv.amount_remaining} currency={cur} /></b></div>
        </div>
        {inv.customer_name || inv.customer_email ? (
          <p class="muted">Billed to {inv.customer_name ?? ''} {inv.customer_email ? `<${inv.customer_email}>` : ''}</p>
        ) : null}
        <p style="margin-bottom:0"><a href={pdf} id="download-pdf">Download invoice (PDF)</a></p>
      </div>

      {inv.lines && inv.lines.data.length > 0 ? (
        <div class="card">
          <table>
            <tbody>
              {inv.lines.data.map((l) => (
                <tr><td>{l.description ?? 'Item'}{l.quantity && l.quantity !== 1 ? ` × ${l.quantity}` : ''}</td><td class="num"><Money amount={l.amount} currency={l.currency ?? cur} /></td></tr>
              ))}
              <tr><td><b>Total</b></td><td class="num"><b><Money amount={inv.total} currency={cur} /></b></td></tr>
            </tbody>
          </table>
        </div>
      ) : null}

      {paid.length > 0 ? (
        <div class="card">
          <h2 style="margin-top:0">Payments</h2>
          <table id="payments">
            <tbody>
              {paid.map((p) => (
                <tr><td>{formatDate(p.status_transitions?.paid_at ?? p.created)}</td><td class="num"><Money amount={p.amount_paid ?? p.amount_requested} currency={p.currency} /></td></tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {payable ? (
        <form method="post" action={action} class="card" id="pay-form">
          <h2 style="margin-top:0">Pay {formatMoney(inv.amount_remaining, cur)}</h2>
          <p class="muted">This pays the whole remaining amount of the invoice.</p>
          <TestCardSelect selected={card} />
          <div class="actions">
            <button type="submit" id="pay-button">Pay {formatMoney(inv.amount_remaining, cur)}</button>
          </div>
        </form>
      ) : inv.status === 'paid' ? (
        <Notice kind="ok">This invoice has been paid. Thank you!</Notice>
      ) : inv.status === 'void' ? (
        <Notice kind="info">This invoice has been voided; nothing is owed on it.</Notice>
      ) : inv.status === 'uncollectible' ? (
        <Notice kind="info">This invoice is marked uncollectible. Contact the seller to pay it.</Notice>
      ) : null}
    </CustomerPage>
  );
}

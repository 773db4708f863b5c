/**
 * Invoice detail: lines, totals, amount paid and remaining, invoice payments,
 * payment requests, credit notes, the invoice's events, and the "Charge
 * customer" dialog (a partial payment from a saved payment method).
 */
import { raw } from 'hono/html';
import { Empty, Money, ObjLink, PageHead, When } from '../components.js';
import { amountInput, formatMoney, invoiceBadges, statusBadge } from '../format.js';
import { BadgeView, Badges, DashboardPage, Notice } from '../layout.js';
import {
  creditNotesOf, describePaymentMethod, eventsOfInvoice, invoicePaymentsOf, nowFor, type InvoiceView, type PaymentMethodView,
} from '../read.js';
import type { Dash } from './data.js';
import { EventsTable } from './events.js';
import { CreditNotesTable } from './payments.js';
import { PaymentRequestsSection, type RequestsState } from './requests-section.js';

export interface InvoicePageProps {
  d: Dash;
  inv: InvoiceView;
  paymentMethods: PaymentMethodView[];
  requests: RequestsState;
  notice?: { kind: 'ok' | 'error' | 'info'; text: string };
  /** The charge dialog reopened with an error and the values typed. */
  charge?: { error: string; amount: string; payment_method: string };
}

export function InvoicePage(p: InvoicePageProps) {
  const { d, inv } = p;
  const cur = inv.currency;
  const payments = invoicePaymentsOf(d.acct, inv.id);
  const notes = creditNotesOf(d.acct, inv.id);
  const events = eventsOfInvoice(d.acct, inv.id);
  const chargeable = inv.status === 'open' && inv.amount_remaining > 0;
  return (
    <DashboardPage title={inv.number ?? inv.id} section="invoices" account={d.account}>
      <PageHead
        title={<>Invoice {inv.number ?? ''} <Badges badges={invoiceBadges(inv, nowFor(d.acct, inv, d.now))} /></>}
        sub={<><span class="mono">{inv.id}</span> · customer <ObjLink id={inv.customer} />{inv.customer_name ? ` (${inv.customer_name})` : ''}</>}
      />
      {p.notice ? <Notice kind={p.notice.kind}>{p.notice.text}</Notice> : null}
      <div class="card">
        <div class="totals">
          <div><span>Total</span><b><Money amount={inv.total} currency={cur} /></b></div>
          <div><span>Amount due</span><b><Money amount={inv.amount_due} currency={cur} /></b></div>
          <div><span>Amount paid</span><b data-testid="amount-paid"><Money amount={inv.amount_paid} currency={cur} /></b></div>
          <div class="due"><span>Amount remaining</span><b data-testid="amount-remaining"><Money amount={inv.amount_remaining} currency={cur} /></b></div>
          {inv.amount_overpaid ? <div><span>Overpaid</span><b><Money amount={inv.amount_overpaid} currency={cur} /></b></div> : null}
        </div>
        <dl class="kv" style="margin-top:16px">
          <dt>Created</dt><dd><When ts={inv.created} /></dd>
          <dt>Due</dt><dd>{inv.due_date ? <When ts={inv.due_date} /> : '—'}</dd>
          <dt>Collection</dt><dd>{inv.collection_method === 'send_invoice' ? 'Send invoice' : 'Charge automatically'}</dd>
          {inv.pre_payment_credit_notes_amount || inv.post_payment_credit_notes_amount ? (
            <><dt>Credit notes</dt><dd>{formatMoney(inv.pre_payment_credit_notes_amount ?? 0, cur)} before payment · {formatMoney(inv.post_payment_credit_notes_amount ?? 0, cur)} after payment</dd></>
          ) : null}
          {inv.hosted_invoice_url ? <><dt>Hosted invoice page</dt><dd><a href={inv.hosted_invoice_url} target="_blank" rel="noopener">{inv.hosted_invoice_url}</a></dd></> : null}
          {inv.invoice_pdf ? <><dt>PDF</dt><dd><a href={inv.invoice_pdf} target="_blank" rel="noopener">Download</a></dd></> : null}
        </dl>
        {chargeable ? (
          <div class="actions">
            <button type="button" id="charge-open" onclick="document.getElementById('charge-dialog').showModal()">Charge customer</button>
          </div>
        ) : null}
      </div>
      {chargeable ? <ChargeDialog {...p} /> : null}

      <h2>Lines</h2>
      {!inv.lines || inv.lines.data.length === 0 ? <Empty>No lines.</Empty> : (
        <table>
          <thead><tr><th>Description</th><th class="num">Qty</th><th class="num">Amount</th></tr></thead>
          <tbody>
            {inv.lines.data.map((l) => (
              <tr><td>{l.description ?? <span class="muted">{l.id}</span>}</td><td class="num">{l.quantity ?? 1}</td><td class="num"><Money amount={l.amount} currency={l.currency ?? cur} /></td></tr>
            ))}
            {inv.subtotal !== undefined ? <tr><td colspan={2} class="num muted">Subtotal</td><td class="num"><Money amount={inv.subtotal} currency={cur} /></td></tr> : null}
            <tr><td colspan={2} class="num"><b>Total</b></td><td class="num"><b><Money amount={inv.total} currency={cur} /></b></td></tr>
          </tbody>
        </table>
      )}
      {inv.lines?.has_more ? <p class="muted">More lines exist; see GET /v1/invoices/{inv.id}/lines.</p> : null}

      <h2>Payments</h2>
      {payments.length === 0 ? <Empty>No payments on this invoice.</Empty> : (
        <table id="invoice-payments">
          <thead><tr><th class="num">Requested</th><th class="num">Paid</th><th>Status</th><th>Payment</th><th>ID</th><th>Created</th></tr></thead>
          <tbody>
            {payments.map((ip) => (
              <tr>
                <td class="num"><Money amount={ip.amount_requested} currency={ip.currency} /></td>
                <td class="num">{ip.amount_paid === null ? <span class="muted">—</span> : <Money amount={ip.amount_paid} currency={ip.currency} />}</td>
                <td><BadgeView badge={statusBadge(ip.status)} />{ip.is_default ? <span class="badge">Default</span> : null}</td>
                <td><ObjLink id={ip.payment.payment_intent ?? ip.payment.charge ?? ip.payment.payment_record} /></td>
                <td class="mono">{ip.id}</td>
                <td><When ts={ip.created} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <PaymentRequestsSection inv={inv} state={p.requests} />

      <h2>Credit notes</h2>
      {notes.length === 0 ? <Empty>No credit notes.</Empty> : <CreditNotesTable notes={notes} />}

      <h2>Events</h2>
      {events.length === 0 ? <Empty>No events.</Empty> : <EventsTable events={events} />}
    </DashboardPage>
  );
}

function ChargeDialog({ inv, paymentMethods, charge }: InvoicePageProps) {
  const cur = inv.currency;
  return (
    <>
      <dialog id="charge-dialog" data-autoshow={charge ? 'true' : undefined} aria-labelledby="charge-title">
        <form method="post" action={`/dashboard/invoices/${inv.id}/charge`}>
          <h2 id="charge-title">Charge customer</h2>
          <p class="muted">
            Charge the customer's saved payment method any amount up to the remaining balance of{' '}
            <b>{formatMoney(inv.amount_remaining, cur)}</b>. The payment is attached to this invoice as a partial payment.
          </p>
          {charge ? <Notice kind="error">{charge.error}</Notice> : null}
          {paymentMethods.length === 0 ? (
            <Notice kind="error">
              This customer has no saved payment method. Attach one to the customer (e.g. POST /v1/payment_methods/pm_card_visa/attach) to charge them here.
            </Notice>
          ) : (
            <>
              <label for="charge-amount">Amount ({cur.toUpperCase()})</label>
              <input id="charge-amount" name="amount" inputmode="decimal" autocomplete="off" required value={charge?.amount ?? amountInput(inv.amount_remaining, cur)} />
              <label for="charge-pm">Payment method</label>
              <select id="charge-pm" name="payment_method">
                {paymentMethods.map((pm) => (
                  <option value={pm.id} selected={charge?.payment_method === pm.id}>{describePaymentMethod(pm)}</option>
                ))}
              </select>
            </>
          )}
          <div class="actions">
            <button type="button" class="secondary" onclick="this.closest('dialog').close()">Cancel</button>
            <button type="submit" id="charge-submit" disabled={paymentMethods.length === 0}>Charge</button>
          </div>
        </form>
      </dialog>
      <script>{raw("(function(){var d=document.getElementById('charge-dialog');if(d&&d.dataset.autoshow)d.showModal();})();")}</script>
    </>
  );
}

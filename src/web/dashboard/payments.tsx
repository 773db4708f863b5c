/** Payments (PaymentIntents) and credit notes. */
import { Empty, Money, ObjLink, PageHead, Pager, When } from '../components.js';
import { statusBadge } from '../format.js';
import { BadgeView, DashboardPage } from '../layout.js';
import {
  allWhere, describePaymentMethod, findIn, pageOf, type CreditNoteView, type EventView, type InvoicePaymentView, type PaymentIntentView, type PaymentMethodView,
} from '../read.js';
import type { Dash } from './data.js';
import { EventsTable } from './events.js';

/** The invoice a PaymentIntent pays (through its invoice payment), if any. */
function invoiceOf(d: Dash, piId: string): string | null {
  return allWhere<InvoicePaymentView>(d.acct, 'invoice_payment', 'payment.payment_intent', piId, 5)[0]?.invoice ?? null;
}

export function PaymentsTable({ d, pis }: { d: Dash; pis: PaymentIntentView[] }) {
  return (
    <table>
      <thead>
        <tr><th class="num">Amount</th><th>Status</th><th>Payment method</th><th>Customer</th><th>Invoice</th><th>ID</th><th>Created</th></tr>
      </thead>
      <tbody>
        {pis.map((pi) => (
          <tr>
            <td class="num"><Money amount={pi.amount} currency={pi.currency} /></td>
            <td>
              <BadgeView badge={statusBadge(pi.status)} />
              {pi.last_payment_error?.message ? <div class="muted">{pi.last_payment_error.message}</div> : null}
            </td>
            <td>{pi.payment_method ? describePaymentMethod(findIn<PaymentMethodView>(d.acct, 'payment_method', pi.payment_method)) : <span class="muted">—</span>}</td>
            <td><ObjLink id={pi.customer} /></td>
            <td><ObjLink id={invoiceOf(d, pi.id)} /></td>
            <td><ObjLink id={pi.id} /></td>
            <td><When ts={pi.created} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PaymentsPage({ d }: { d: Dash }) {
  const page = pageOf<PaymentIntentView>(d.acct, 'payment_intent', { after: d.query.after });
  return (
    <DashboardPage title="Payments" section="payments" account={d.account}>
      <PageHead title="Payments" sub="PaymentIntents, newest first." />
      {page.data.length === 0 ? <Empty>No payments yet.</Empty> : <PaymentsTable d={d} pis={page.data} />}
      <Pager base="/dashboard/payments" after={d.query.after} next={page.hasMore ? page.data[page.data.length - 1].id : null} />
    </DashboardPage>
  );
}

export function PaymentPage({ d, pi }: { d: Dash; pi: PaymentIntentView }) {
  const pm = findIn<PaymentMethodView>(d.acct, 'payment_method', pi.payment_method);
  const events = allWhere<EventView>(d.acct, 'event', 'data.object.id', pi.id, 100);
  return (
    <DashboardPage title={pi.id} section="payments" account={d.account}>
      <PageHead title={<><Money amount={pi.amount} currency={pi.currency} /> <BadgeView badge={statusBadge(pi.status)} /></>} sub={<span class="mono">{pi.id}</span>} />
      <div class="card">
        <dl class="kv">
          <dt>Amount received</dt><dd><Money amount={pi.amount_received} currency={pi.currency} /></dd>
          <dt>Customer</dt><dd><ObjLink id={pi.customer} /></dd>
          <dt>Invoice</dt><dd><ObjLink id={invoiceOf(d, pi.id)} /></dd>
          <dt>Payment method</dt><dd>{describePaymentMethod(pm)}</dd>
          <dt>Description</dt><dd>{pi.description ?? '—'}</dd>
          <dt>Latest charge</dt><dd class="mono">{pi.latest_charge ?? '—'}</dd>
          {pi.last_payment_error?.message ? <><dt>Last error</dt><dd>{pi.last_payment_error.message}</dd></> : null}
          <dt>Created</dt><dd><When ts={pi.created} /></dd>
        </dl>
      </div>
      <h2>Events</h2>
      {events.length === 0 ? <Empty>No events.</Empty> : <EventsTable events={events} />}
    </DashboardPage>
  );
}

export function CreditNotesTable({ notes }: { notes: CreditNoteView[] }) {
  return (
    <table>
      <thead>
        <tr><th>Number</th><th class="num">Amount</th><th>Type</th><th>Status</th><th>Reason</th><th>Invoice</th><th>Created</th></tr>
      </thead>
      <tbody>
        {notes.map((cn) => (
          <tr>
            <td><a href={`/dashboard/credit-notes/${cn.id}`}>{cn.number ?? cn.id}</a></td>
            <td class="num"><Money amount={cn.amount} currency={cn.currency} /></td>
            <td>{String(cn.type ?? '').replace(/_/g, ' ')}</td>
            <td><BadgeView badge={statusBadge(cn.status)} /></td>
            <td>{cn.reason ? cn.reason.replace(/_/g, ' ') : <span class="muted">—</span>}</td>
            <td><ObjLink id={cn.invoice} /></td>
            <td><When ts={cn.created} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CreditNotesPage({ d }: { d: Dash }) {
  const page = pageOf<CreditNoteView>(d.acct, 'credit_note', { after: d.query.after });
  return (
    <DashboardPage title="Credit notes" section="credit-notes" account={d.account}>
      <PageHead title="Credit notes" />
      {page.data.length === 0 ? <Empty>No credit notes yet.</Empty> : <CreditNotesTable notes={page.data} />}
      <Pager base="/dashboard/credit-notes" after={d.query.after} next={page.hasMore ? page.data[page.data.length - 1].id : null} />
    </DashboardPage>
  );
}

export function CreditNotePage({ d, cn }: { d: Dash; cn: CreditNoteView }) {
  return (
    <DashboardPage title={cn.number ?? cn.id} section="credit-notes" account={d.account}>
      <PageHead title={<>Credit note {cn.number} <BadgeView badge={statusBadge(cn.status)} /></>} sub={<span class="mono">{cn.id}</span>} />
      <div class="card">
        <dl class="kv">
          <dt>Amount</dt><dd><Money amount={cn.amount} currency={cn.currency} /></dd>
          <dt>Pre-payment amount</dt><dd><Money amount={cn.pre_payment_amount ?? 0} currency={cn.currency} /></dd>
          <dt>Post-payment amount</dt><dd><Money amount={cn.post_payment_amount ?? 0} currency={cn.currency} /></dd>
          <dt>Type</dt><dd>{cn.type}</dd>
          <dt>Reason</dt><dd>{cn.reason ?? '—'}</dd>
          <dt>Memo</dt><dd>{cn.memo ?? '—'}</dd>
          <dt>Invoice</dt><dd><ObjLink id={cn.invoice} /></dd>
          <dt>Customer</dt><dd><ObjLink id={cn.customer} /></dd>
          <dt>Created</dt><dd><When ts={cn.created} /></dd>
        </dl>
      </div>
    </DashboardPage>
  );
}

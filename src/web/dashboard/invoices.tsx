/** The invoice list, with the Dashboard's status badges and an "Amount remaining" column. */
import { Empty, Money, ObjLink, PageHead, Pager, When } from '../components.js';
import { invoiceBadges, type BadgeKind } from '../format.js';
import { Badges, DashboardPage } from '../layout.js';
import { nowFor, pageOf, type InvoiceView } from '../read.js';
import type { Dash } from './data.js';

const FILTERS: Array<[string, string]> = [
  ['', 'All'],
  ['draft', 'Draft'],
  ['open', 'Open'],
  ['partially_paid', 'Partially paid'],
  ['overdue', 'Overdue'],
  ['paid', 'Paid'],
  ['void', 'Void'],
  ['uncollectible', 'Uncollectible'],
];

export function InvoicesPage({ d }: { d: Dash }) {
  const status = FILTERS.some(([k]) => k === d.query.status) ? d.query.status ?? '' : '';
  const badgesOf = (inv: InvoiceView) => invoiceBadges(inv, nowFor(d.acct, inv, d.now));
  const filter = status === '' ? undefined
    : status === 'open' ? (inv: InvoiceView) => inv.status === 'open'
    : ['draft', 'paid', 'void', 'uncollectible'].includes(status) ? (inv: InvoiceView) => inv.status === status
    : (inv: InvoiceView) => badgesOf(inv).some((b) => b.kind === (status as BadgeKind));
  const page = pageOf<InvoiceView>(d.acct, 'invoice', { after: d.query.after, filter });
  return (
    <DashboardPage title="Invoices" section="invoices" account={d.account}>
      <PageHead title="Invoices" />
      <nav class="chips" aria-label="Filter by status">
        {FILTERS.map(([key, label]) => (
          <a href={key ? `/dashboard/invoices?status=${key}` : '/dashboard/invoices'} class={key === status ? 'active' : ''}>
            {label}
          </a>
        ))}
      </nav>
      {page.data.length === 0 ? (
        <Empty>No invoices{status ? ' with this status' : ''}.</Empty>
      ) : (
        <table id="invoices">
          <thead>
            <tr>
              <th>Invoice</th><th>Customer</th><th>Status</th><th class="num">Total</th><th class="num">Amount paid</th>
              <th class="num">Amount remaining</th><th>Due</th><th>Created</th>
            </tr>
          </thead>
          <tbody>
            {page.data.map((inv) => (
              <tr data-invoice={inv.id}>
                <td>
                  <a href={`/dashboard/invoices/${inv.id}`}>{inv.number ?? inv.id}</a>
                  {inv.number ? <div class="mono muted">{inv.id}</div> : null}
                </td>
                <td>{inv.customer_name ?? inv.customer_email ?? <ObjLink id={inv.customer} />}</td>
                <td><Badges badges={badgesOf(inv)} /></td>
                <td class="num"><Money amount={inv.total} currency={inv.currency} /></td>
                <td class="num"><Money amount={inv.amount_paid} currency={inv.currency} /></td>
                <td class="num"><Money amount={inv.amount_remaining} currency={inv.currency} /></td>
                <td>{inv.due_date ? <When ts={inv.due_date} dateOnly /> : <span class="muted">—</span>}</td>
                <td><When ts={inv.created} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager base="/dashboard/invoices" after={d.query.after} query={{ status: status || undefined }} next={page.hasMore ? page.data[page.data.length - 1].id : null} />
    </DashboardPage>
  );
}

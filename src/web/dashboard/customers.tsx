/** Customers: list and detail (invoices, saved payment methods, payments). */
import { Empty, Money, ObjLink, PageHead, Pager, When } from '../components.js';
import { formatMoney, invoiceBadges } from '../format.js';
import { Badges, DashboardPage } from '../layout.js';
import { allWhere, describePaymentMethod, nowFor, pageOf, savedPaymentMethods, type CustomerView, type InvoiceView, type PaymentIntentView } from '../read.js';
import type { Dash } from './data.js';
import { PaymentsTable } from './payments.js';

export function CustomersPage({ d }: { d: Dash }) {
  const page = pageOf<CustomerView>(d.acct, 'customer', { after: d.query.after, filter: (c) => !c.deleted });
  return (
    <DashboardPage title="Customers" section="customers" account={d.account}>
      <PageHead title="Customers" />
      {page.data.length === 0 ? (
        <Empty>No customers yet. Create one with POST /v1/customers.</Empty>
      ) : (
        <table>
          <thead>
            <tr><th>Name</th><th>Email</th><th>ID</th><th class="num">Balance</th><th>Created</th></tr>
          </thead>
          <tbody>
            {page.data.map((c) => (
              <tr>
                <td><a href={`/dashboard/customers/${c.id}`}>{c.name ?? <span class="muted">(no name)</span>}</a></td>
                <td>{c.email ?? <span class="muted">—</span>}</td>
                <td><ObjLink id={c.id} /></td>
                <td class="num"><Money amount={c.balance} currency={c.currency} /></td>
                <td><When ts={c.created} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager base="/dashboard/customers" after={d.query.after} next={page.hasMore ? page.data[page.data.length - 1].id : null} />
    </DashboardPage>
  );
}

export function CustomerPage({ d, customer }: { d: Dash; customer: CustomerView }) {
  const invs = allWhere<InvoiceView>(d.acct, 'invoice', 'customer', customer.id, 100);
  const pms = savedPaymentMethods(d.acct, customer.id);
  const pis = allWhere<PaymentIntentView>(d.acct, 'payment_intent', 'customer', customer.id, 100);
  const defaultPm = customer.invoice_settings?.default_payment_method ?? null;
  return (
    <DashboardPage title={customer.name ?? customer.id} section="customers" account={d.account}>
      <PageHead title={customer.name ?? customer.id} sub={<span class="mono">{customer.id}</span>} />
      <div class="card">
        <dl class="kv">
          <dt>Email</dt><dd>{customer.email ?? '—'}</dd>
          <dt>Balance</dt>
          <dd>
            {formatMoney(customer.balance, customer.currency)}{' '}
            <span class="muted">{customer.balance < 0 ? '(credit the customer has)' : customer.balance > 0 ? '(owed, added to the next invoice)' : ''}</span>
          </dd>
          <dt>Created</dt><dd><When ts={customer.created} /></dd>
        </dl>
      </div>
      <h2>Invoices</h2>
      {invs.length === 0 ? <Empty>No invoices.</Empty> : (
        <table>
          <thead><tr><th>Invoice</th><th>Status</th><th class="num">Total</th><th class="num">Amount remaining</th><th>Created</th></tr></thead>
          <tbody>
            {invs.map((inv) => (
              <tr>
                <td><a href={`/dashboard/invoices/${inv.id}`}>{inv.number ?? inv.id}</a></td>
                <td><Badges badges={invoiceBadges(inv, nowFor(d.acct, inv, d.now))} /></td>
                <td class="num"><Money amount={inv.total} currency={inv.currency} /></td>
                <td class="num"><Money amount={inv.amount_remaining} currency={inv.currency} /></td>
                <td><When ts={inv.created} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Saved payment methods</h2>
      {pms.length === 0 ? <Empty>No saved payment methods.</Empty> : (
        <table>
          <thead><tr><th>Payment method</th><th>ID</th><th></th></tr></thead>
          <tbody>
            {pms.map((pm) => (
              <tr>
                <td>{describePaymentMethod(pm)}</td>
                <td class="mono">{pm.id}</td>
                <td>{pm.id === defaultPm ? <span class="badge good">Default</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Payments</h2>
      {pis.length === 0 ? <Empty>No payments.</Empty> : <PaymentsTable d={d} pis={pis} />}
    </DashboardPage>
  );
}

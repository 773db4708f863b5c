/** Events: list (filter by type) and detail (the JSON payload). */
import { Empty, ObjLink, PageHead, Pager, When } from '../components.js';
import { DashboardPage } from '../layout.js';
import { pageOf, type EventView } from '../read.js';
import type { Dash } from './data.js';

export function EventsTable({ events }: { events: EventView[] }) {
  return (
    <table>
      <thead>
        <tr><th>Event</th><th>Object</th><th>ID</th><th>Created</th></tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr>
            <td><a href={`/dashboard/events/${e.id}`}>{e.type}</a></td>
            <td><ObjLink id={e.data?.object?.id} /></td>
            <td class="mono">{e.id}</td>
            <td><When ts={e.created} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function EventsPage({ d }: { d: Dash }) {
  const type = d.query.type?.trim() || undefined;
  const page = pageOf<EventView>(d.acct, 'event', {
    after: d.query.after,
    where: type && !type.includes('*') ? { field: 'type', value: type } : undefined,
    filter: type?.includes('*') ? (e) => e.type.startsWith(type.replace(/\*.*$/, '')) : undefined,
  });
  return (
    <DashboardPage title="Events" section="events" account={d.account}>
      <PageHead title="Events" sub="Everything that happened in this account, newest first." />
      <form method="get" action="/dashboard/events" class="row" style="margin-bottom:12px">
        <input name="type" value={type ?? ''} placeholder="Filter by type, e.g. invoice.paid or invoice.*" style="max-width:360px" />
        <button type="submit" class="secondary">Filter</button>
      </form>
      {page.data.length === 0 ? <Empty>No events{type ? ` of type ${type}` : ''}.</Empty> : <EventsTable events={page.data} />}
      <Pager base="/dashboard/events" after={d.query.after} query={{ type }} next={page.hasMore ? page.data[page.data.length - 1].id : null} />
    </DashboardPage>
  );
}

export function EventPage({ d, event }: { d: Dash; event: EventView }) {
  return (
    <DashboardPage title={event.type} section="events" account={d.account}>
      <PageHead title={event.type} sub={<><span class="mono">{event.id}</span> · <When ts={event.created} /></>} />
      <div class="card">
        <dl class="kv">
          <dt>Object</dt><dd><ObjLink id={event.data?.object?.id} /></dd>
          <dt>Request</dt><dd class="mono">{event.request?.id ?? '— (automatic)'}</dd>
        </dl>
      </div>
      <h2>Event data</h2>
      <pre>{JSON.stringify(event, null, 2)}</pre>
    </DashboardPage>
  );
}

/**
 * Webhook endpoints and deliveries. The delivery log and resend come from the
 * webhook dispatcher when it offers them (../deliveries.ts).
 */
import { Empty, PageHead, When } from '../components.js';
import { statusBadge } from '../format.js';
import { BadgeView, DashboardPage, Notice } from '../layout.js';
import { pageOf } from '../read.js';
import type { StoredObject } from '../../store/collection.js';
import type { DeliveryView } from '../deliveries.js';
import type { Dash } from './data.js';

interface EndpointView extends StoredObject {
  url: string;
  status: string;
  enabled_events: string[];
  api_version: string | null;
  created: number;
}

export function WebhooksPage({ d, deliveries, notice }: { d: Dash; deliveries: DeliveryView[] | null; notice?: { kind: 'ok' | 'error' | 'info'; text: string } }) {
  const endpoints = pageOf<EndpointView>(d.acct, 'webhook_endpoint', { limit: 100 }).data;
  return (
    <DashboardPage title="Webhooks" section="webhooks" account={d.account}>
      <PageHead title="Webhooks" />
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      <h2>Endpoints</h2>
      {endpoints.length === 0 ? <Empty>No webhook endpoints. Create one with POST /v1/webhook_endpoints.</Empty> : (
        <table>
          <thead><tr><th>URL</th><th>Status</th><th>Events</th><th>API version</th><th>Created</th></tr></thead>
          <tbody>
            {endpoints.map((e) => (
              <tr>
                <td class="mono">{e.url}<div class="muted">{e.id}</div></td>
                <td><BadgeView badge={statusBadge(e.status)} /></td>
                <td>{(e.enabled_events ?? []).join(', ')}</td>
                <td class="mono">{e.api_version ?? 'account default'}</td>
                <td><When ts={e.created} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Deliveries</h2>
      {deliveries === null ? (
        <Empty>This build of the emulator keeps no webhook delivery log.</Empty>
      ) : deliveries.length === 0 ? (
        <Empty>No deliveries yet.</Empty>
      ) : (
        <table id="deliveries">
          <thead><tr><th>Event</th><th>Endpoint</th><th>Status</th><th>Attempts</th><th></th></tr></thead>
          <tbody>
            {deliveries.map((dl) => (
              <tr>
                <td>
                  <a href={`/dashboard/events/${dl.event}`}>{dl.eventType ?? dl.event}</a>
                  <div class="mono muted">{dl.event}{dl.kind === 'resend' ? ' · resend' : ''}</div>
                </td>
                <td class="mono">{dl.url ?? dl.endpoint}</td>
                <td><BadgeView badge={statusBadge(dl.status)} />{dl.nextAttemptAt ? <div class="muted">next attempt <When ts={dl.nextAttemptAt} /></div> : null}</td>
                <td>
                  {dl.attempts.length === 0 ? <span class="muted">none yet</span> : (
                    <ol style="margin:0;padding-left:18px">
                      {dl.attempts.map((a) => (
                        <li>
                          <When ts={a.at} /> · {a.status ? `HTTP ${a.status}` : 'no response'}
                          {a.error && a.status ? <span class="muted"> ({a.error})</span> : !a.status && a.error ? <span class="muted"> — {a.error}</span> : null}
                          {a.durationMs !== undefined ? <span class="muted"> · {a.durationMs} ms</span> : null}
                        </li>
                      ))}
                    </ol>
                  )}
                </td>
                <td class="num">
                  {dl.canResend ? (
                    <form method="post" action={`/dashboard/webhooks/deliveries/${encodeURIComponent(dl.id)}/resend`} class="inline">
                      <button type="submit" class="secondary">Resend</button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </DashboardPage>
  );
}

/** The dashboard's 404 page. */
import type { Context } from 'hono';
import { DashboardPage } from '../layout.js';
import type { Dash } from './data.js';
import { param } from '../http.js';

export function notFound(c: Context, d: Dash, what: string): Response | Promise<Response> {
  return c.html(
    <DashboardPage title="Not found" account={d.account}>
      <h1>No such {what}</h1>
      <p class="sub">
        Nothing with the id <span class="mono">{param(c, 'id')}</span> in this account. <a href="/dashboard">Back to the dashboard</a>
      </p>
    </DashboardPage>,
    404,
  );
}

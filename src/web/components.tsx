/** Small building blocks of the dashboard pages. */
import type { Child, FC } from 'hono/jsx';
import { formatDate, formatMoney } from './format.js';

export const Money: FC<{ amount: number | null | undefined; currency: string | null | undefined }> = ({ amount, currency }) => (
  <>{formatMoney(amount, currency)}</>
);

export const When: FC<{ ts: number | null | undefined; dateOnly?: boolean }> = ({ ts, dateOnly }) => (
  <span class="muted nowrap">{formatDate(ts, !dateOnly)}</span>
);

/** A link to the dashboard page of an object, by its id prefix. */
export const ObjLink: FC<{ id: string | null | undefined }> = ({ id }) => {
  if (!id) return <span class="muted">—</span>;
  const href = dashboardHref(id);
  return href ? (
    <a class="mono" href={href}>
      {id}
    </a>
  ) : (
    <span class="mono">{id}</span>
  );
};

export function dashboardHref(id: string): string | null {
  const routes: Array<[string, string]> = [
    ['in_', 'invoices'],
    ['cus_', 'customers'],
    ['pi_', 'payments'],
    ['cn_', 'credit-notes'],
    ['evt_', 'events'],
  ];
  for (const [prefix, section] of routes) if (id.startsWith(prefix)) return `/dashboard/${section}/${encodeURIComponent(id)}`;
  return null;
}

export const Pager: FC<{ base: string; after?: string; next?: string | null; query?: Record<string, string | undefined> }> = ({ base, after, next, query }) => {
  const qs = (extra: Record<string, string>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...(query ?? {}), ...extra })) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  if (!after && !next) return null;
  return (
    <div class="pager">
      {after ? <a href={qs({})}>← First page</a> : null}
      {next ? <a href={qs({ after: next })}>Next page →</a> : null}
    </div>
  );
};

export const Empty: FC<{ children?: Child }> = ({ children }) => <div class="empty">{children}</div>;

export const PageHead: FC<{ title: Child; sub?: Child }> = ({ title, sub }) => (
  <>
    <h1>{title}</h1>
    {sub ? <p class="sub">{sub}</p> : null}
  </>
);

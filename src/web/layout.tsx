/**
 * The page frame shared by the dashboard and the customer-facing pages: one
 * inline stylesheet, no external assets, no client-side build.
 */
import type { Child, FC } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Badge } from './format.js';

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1a1f36;background:#f6f8fa}
a{color:#533afd;text-decoration:none}a:hover{text-decoration:underline}
header.top{background:#fff;border-bottom:1px solid #e3e8ee;padding:0 24px;display:flex;align-items:center;gap:24px;height:56px}
header.top .brand{font-weight:700;font-size:16px;color:#1a1f36}
header.top .brand small{font-weight:500;color:#697386;margin-left:6px;font-size:12px;border:1px solid #e3e8ee;border-radius:4px;padding:1px 5px}
nav.main{display:flex;gap:4px;flex-wrap:wrap}
nav.main a{padding:6px 10px;border-radius:6px;color:#3c4257;font-weight:500}
nav.main a.active,nav.main a:hover{background:#f0eeff;color:#533afd;text-decoration:none}
header.top .account{margin-left:auto;color:#697386;font-size:12px;font-family:ui-monospace,Menlo,monospace}
main{max-width:1120px;margin:0 auto;padding:24px}
main.narrow{max-width:560px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 10px}
.sub{color:#697386;margin:0 0 16px}
.card{background:#fff;border:1px solid #e3e8ee;border-radius:8px;padding:20px;margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.03)}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #e3e8ee;border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:9px 12px;border-bottom:1px solid #eef1f5;vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#697386;background:#fafbfc;font-weight:600}
tr:last-child td{border-bottom:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.mono{font-family:ui-monospace,Menlo,monospace;font-size:12px}
.muted{color:#697386}.nowrap{white-space:nowrap}
.chips{display:flex;gap:6px;flex-wrap:wrap;margin-bottom:12px}.chips a{padding:4px 12px;border-radius:14px;border:1px solid #d5dbe1;background:#fff;color:#3c4257;font-weight:500;font-size:13px}.chips a.active{background:#533afd;border-color:#533afd;color:#fff}.chips a:hover{text-decoration:none;border-color:#533afd}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;margin-right:4px;white-space:nowrap;background:#ebeef1;color:#3c4257}
.badge.draft{background:#ebeef1;color:#545969}.badge.open{background:#e0ebff;color:#0055bc}
.badge.partially_paid{background:#fff1d6;color:#a04100}.badge.overdue{background:#ffe3e6;color:#c0123c}
.badge.paid,.badge.good{background:#d7f7c2;color:#05690d}.badge.void{background:#ebeef1;color:#545969;text-decoration:line-through}
.badge.uncollectible,.badge.bad{background:#ffe3e6;color:#c0123c}.badge.warn{background:#fff1d6;color:#a04100}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(120px,1fr));gap:12px}
.totals div{background:#fafbfc;border:1px solid #eef1f5;border-radius:6px;padding:10px 12px}
.totals span{display:block;font-size:12px;color:#697386}.totals b{font-size:18px;font-variant-numeric:tabular-nums}
.totals .due b{color:#533afd}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:7px 14px;border-radius:6px;border:1px solid #533afd;background:#533afd;color:#fff;cursor:pointer;text-decoration:none}
button:hover,.button:hover{background:#4330e0;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:#3c4257;border-color:#d5dbe1}
button.secondary:hover{background:#f6f8fa}
button.danger{background:#fff;color:#c0123c;border-color:#f5b8c2}
button:disabled{opacity:.5;cursor:not-allowed}
form.inline{display:inline}
label{display:block;font-weight:600;margin:12px 0 4px}
input,select,textarea{font:inherit;padding:7px 10px;border:1px solid #d5dbe1;border-radius:6px;width:100%;background:#fff}
textarea{min-height:60px}
.row{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.actions{display:flex;gap:8px;margin-top:16px;flex-wrap:wrap}
.notice{padding:10px 14px;border-radius:6px;margin-bottom:16px;border:1px solid}
.notice.ok{background:#effbe8;border-color:#b5e8a0;color:#05690d}
.notice.error{background:#fff0f2;border-color:#f5b8c2;color:#a3102f}
.notice.info{background:#f0f4ff;border-color:#c7d6ff;color:#1d3f9c}
dialog{border:1px solid #e3e8ee;border-radius:10px;padding:24px;width:440px;max-width:92vw;box-shadow:0 10px 40px rgba(0,0,0,.18)}
dialog::backdrop{background:rgba(26,31,54,.35)}
dialog h2{margin-top:0}
dl.kv{display:grid;grid-template-columns:180px 1fr;gap:6px 16px;margin:0}dl.kv dt{color:#697386}dl.kv dd{margin:0}
.pager{display:flex;gap:12px;justify-content:flex-end;margin-top:10px}
.empty{padding:24px;text-align:center;color:#697386;background:#fff;border:1px dashed #d5dbe1;border-radius:8px}
pre{background:#1a1f36;color:#e3e8ee;padding:12px;border-radius:6px;overflow:auto;font-size:12px;max-height:420px}
.hosted-head{display:flex;justify-content:space-between;align-items:flex-start;gap:16px}
.big{font-size:32px;font-weight:700;font-variant-numeric:tabular-nums;margin:4px 0}
.link-box{font-family:ui-monospace,Menlo,monospace;font-size:12px;background:#fafbfc;border:1px solid #e3e8ee;border-radius:6px;padding:8px;word-break:break-all}
footer.foot{text-align:center;color:#8792a2;font-size:12px;padding:24px}
`;

export const BadgeView: FC<{ badge: Badge }> = ({ badge }) => <span class={`badge ${badge.kind}`}>{badge.label}</span>;

export const Badges: FC<{ badges: Badge[] }> = ({ badges }) => (
  <>
    {badges.map((b) => (
      <BadgeView badge={b} />
    ))}
  </>
);

export const Notice: FC<{ kind: 'ok' | 'error' | 'info'; children?: Child }> = ({ kind, children }) => (
  <div class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
    {children}
  </div>
);

const NAV: Array<[string, string]> = [
  ['customers', 'Customers'],
  ['invoices', 'Invoices'],
  ['payments', 'Payments'],
  ['credit-notes', 'Credit notes'],
  ['events', 'Events'],
  ['webhooks', 'Webhooks'],
];

export const DashboardPage: FC<{ title: string; section?: string; account?: string; children?: Child }> = ({ title, section, account, children }) => (
  <>
  {raw('<!DOCTYPE html>')}
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · Emulator Dashboard`}</title>
      <style>{raw(CSS)}</style>
    </head>
    <body>
      <header class="top">
        <a class="brand" href="/dashboard">
          Dashboard<small>TEST MODE · emulator</small>
        </a>
        {account ? (
          <nav class="main">
            {NAV.map(([path, label]) => (
              <a href={`/dashboard/${path}`} class={section === path ? 'active' : ''}>
                {label}
              </a>
            ))}
          </nav>
        ) : null}
        {account ? (
          <a class="account" href="/dashboard/account" title="Switch account">
            {maskKey(account)} ⇄
          </a>
        ) : null}
      </header>
      <main>{children}</main>
    </body>
  </html>
  </>
);

/** The frame of the customer-facing pages (hosted invoice page, payment links). */
export const CustomerPage: FC<{ title: string; children?: Child }> = ({ title, children }) => (
  <>
  {raw('<!DOCTYPE html>')}
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{title}</title>
      <style>{raw(CSS)}</style>
    </head>
    <body>
      <main class="narrow">{children}</main>
      <footer class="foot">Test mode · served by the Stripe emulator · no real money moves</footer>
    </body>
  </html>
  </>
);

export function maskKey(key: string): string {
  return key.length <= 16 ? key : `${key.slice(0, 12)}…${key.slice(-4)}`;
}

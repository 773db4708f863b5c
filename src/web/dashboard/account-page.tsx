/** Choosing the account (API key) the dashboard shows. */
import type { FC } from 'hono/jsx';
import { DashboardPage, Notice, maskKey } from '../layout.js';

export const AccountPage: FC<{ accounts: string[]; current: string | null; error?: string }> = ({ accounts, current, error }) => (
  <DashboardPage title="Choose an account" account={current ?? undefined}>
    <h1>Choose an account</h1>
    <p class="sub">Each secret key is its own account in the emulator. Pick one the emulator has seen, or enter a key (sk_test_…).</p>
    {error ? <Notice kind="error">{error}</Notice> : null}
    <div class="card">
      {accounts.length === 0 ? (
        <p class="muted">No account has made a request yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Known accounts</th>
              <th class="num"></th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((key) => (
              <tr>
                <td class="mono" title={key}>
                  {maskKey(key)} {key === current ? <span class="badge good">current</span> : null}
                </td>
                <td class="num">
                  <form method="post" action="/dashboard/account" class="inline">
                    <input type="hidden" name="key" value={key} />
                    <button type="submit" class="secondary">
                      Open
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/dashboard/account">
        <label for="key">Secret key</label>
        <div class="row">
          <input id="key" name="key" placeholder="sk_test_…" autocomplete="off" style="flex:1" />
          <button type="submit">Open dashboard</button>
        </div>
      </form>
    </div>
  </DashboardPage>
);

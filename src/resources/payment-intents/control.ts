/**
 * Control-plane actions for payments (emulator extensions, never under /v1):
 *   POST /_emulator/payment_intents/{id}/authenticate   outcome=succeed|fail  (3D Secure of a requires_action intent)
 *   POST /_emulator/setup_intents/{id}/authenticate     outcome=succeed|fail
 *   POST /_emulator/payment_intents/{id}/settle         outcome=succeed|fail  (a processing bank debit, now)
 * Authenticated with the account's API key; the body may be form-encoded or JSON.
 * A clock tick also settles processing debits whose time has come.
 */
import type { Context } from 'hono';
import { createContext, runUnit, type ApiContext } from '../../context.js';
import { controlParam, inAccount } from '../../control/request.js';
import type { ControlRouter } from '../../control/router.js';
import type { Emulator } from '../../emulator.js';
import { parameterInvalid } from '../../errors.js';
import { completeSetupAuthentication } from '../setup-intents/service.js';
import { completeAuthentication, settleIntent } from './confirm.js';
import { PENDING_SETTLEMENT, type PendingSettlement } from './model.js';

type Outcome = 'succeed' | 'fail';

async function readOutcome(c: Context): Promise<Outcome> {
  const value = await controlParam(c, 'outcome');
  if (value === undefined || value === '') return 'succeed';
  if (value !== 'succeed' && value !== 'fail') throw parameterInvalid('outcome', 'Invalid outcome: must be one of succeed, fail');
  return value;
}

export function paymentControlRoutes(r: ControlRouter, emulator: Emulator): void {
  const run = <T>(c: Context, fn: (ctx: ApiContext) => T): T =>
    inAccount(emulator, c, 'Send the API key of the account the intent belongs to (Authorization: Bearer sk_test_…).', fn);
  r.add({
    method: 'POST', path: '/_emulator/payment_intents/{intent}/authenticate',
    summary: 'Complete (outcome=succeed, default) or fail (outcome=fail) the 3D Secure step of a requires_action PaymentIntent',
    handler: async (c) => {
      const outcome = await readOutcome(c);
      return c.json(run(c, (ctx) => completeAuthentication(ctx, c.req.param('intent') ?? '', outcome).intent));
    },
  });
  r.add({
    method: 'POST', path: '/_emulator/setup_intents/{intent}/authenticate',
    summary: 'Complete (outcome=succeed, default) or fail (outcome=fail) the 3D Secure step of a requires_action SetupIntent',
    handler: async (c) => {
      const outcome = await readOutcome(c);
      return c.json(run(c, (ctx) => completeSetupAuthentication(ctx, c.req.param('intent') ?? '', outcome).intent));
    },
  });
  r.add({
    method: 'POST', path: '/_emulator/payment_intents/{intent}/settle',
    summary: 'Settle a processing PaymentIntent (bank debit) now: outcome=succeed (default) or fail',
    handler: async (c) => {
      const outcome = await readOutcome(c);
      return c.json(run(c, (ctx) => settleIntent(ctx, c.req.param('intent') ?? '', outcome)));
    },
  });
  emulator.onTick(() => settleDue(emulator));
}

/** Settles processing debits whose settlement time has passed, in every account. */
export function settleDue(emulator: Emulator): void {
  const now = emulator.clock.now();
  for (const key of emulator.store.accountKeys()) {
    const account = emulator.store.account(key);
    if (!account.has(PENDING_SETTLEMENT)) continue;
    const due = [...account.collection<PendingSettlement>(PENDING_SETTLEMENT).values()].filter((p) => p.settle_at <= now);
    for (const pending of due) {
      const ctx = createContext(emulator.services, key);
      runUnit(ctx, () => settleIntent(ctx, pending.id));
    }
  }
}

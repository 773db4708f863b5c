/**
 * GET /_emulator/snapshot: the caller's account (with an API key) or every
 * account (without), in the `--data` file format.
 * POST /_emulator/snapshot: restores such a body. The body is checked whole
 * before anything changes; the restored accounts also lose their idempotency
 * keys and queued webhook deliveries, as with a reset.
 */
import type { Context } from 'hono';
import type { Emulator } from '../emulator.js';
import { accountsToRestore, countObjects, parseSnapshot, SnapshotError, takeSnapshot } from '../store/snapshot.js';
import { cutState, stateChunks } from '../store/state-json.js';
import { StripeError } from '../errors.js';
import { readBodyText } from '../http/body.js';
import { controlAccount } from './routes.js';
import type { ControlRouter } from './router.js';

/** Snapshots larger than this are refused (413). */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

function refuse(c: Context, status: 400 | 413, message: string): Response {
  return c.json({ error: { type: 'invalid_request_error', message } }, status);
}

export function snapshotRoutes(r: ControlRouter, emulator: Emulator): void {
  r.add({
    method: 'GET', path: '/_emulator/snapshot', summary: "The caller's account (with an API key) or every account (without), as JSON in the --data file format",
    handler: (c) => {
      const account = controlAccount(c.req.header('authorization'));
      // the state as of now, serialized a chunk at a time as the client reads it: other requests go on meanwhile
      const chunks = stateChunks(cutState(takeSnapshot(emulator.store, account)));
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        },
      });
      return c.body(body, 200, { 'Content-Type': 'application/json' });
    },
  });
  r.add({
    method: 'POST', path: '/_emulator/snapshot', summary: "Restore a snapshot: into the caller's account (with an API key) or every account (without)",
    handler: async (c) => {
      const account = controlAccount(c.req.header('authorization'));
      if (Number(c.req.header('content-length') ?? 0) > MAX_SNAPSHOT_BYTES) {
        return refuse(c, 413, `The snapshot is too large: at most ${MAX_SNAPSHOT_BYTES} bytes are accepted.`);
      }
      let text: string;
      try {
        text = await readBodyText(c, MAX_SNAPSHOT_BYTES);
      } catch (error) {
        if (error instanceof StripeError) return refuse(c, 413, `The snapshot is too large: at most ${MAX_SNAPSHOT_BYTES} bytes are accepted.`);
        throw error;
      }
      let accounts;
      try {
        accounts = accountsToRestore(parseSnapshot(text), account);
      } catch (error) {
        if (error instanceof SnapshotError) return refuse(c, 400, `${error.message} Nothing was changed.`);
        throw error;
      }
      // synchronous from here: no request runs between the replace and the resets
      emulator.store.replace(accounts, account);
      emulator.idempotency.reset(account);
      emulator.webhooks.reset(account);
      await emulator.persist();
      return c.json({
        restored: account ? 'account' : 'all',
        accounts: Object.keys(accounts).length,
        objects: countObjects(accounts),
      });
    },
  });
}

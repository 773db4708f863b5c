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
import { controlAccount } from './routes.js';
import type { ControlRouter } from './router.js';

/** Snapshots larger than this are refused (413). */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

/** The body as text, or null once it exceeds `limit` bytes (the rest is not buffered). */
async function readText(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<string | null> {
  if (stream === null) return '';
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function refuse(c: Context, status: 400 | 413, message: string): Response {
  return c.json({ error: { type: 'invalid_request_error', message } }, status);
}

export function snapshotRoutes(r: ControlRouter, emulator: Emulator): void {
  r.add({
    method: 'GET', path: '/_emulator/snapshot', summary: "The caller's account (with an API key) or every account (without), as JSON in the --data file format",
    handler: (c) => {
      const account = controlAccount(c.req.header('authorization'));
      return c.json(takeSnapshot(emulator.store, account));
    },
  });
  r.add({
    method: 'POST', path: '/_emulator/snapshot', summary: "Restore a snapshot: into the caller's account (with an API key) or every account (without)",
    handler: async (c) => {
      const account = controlAccount(c.req.header('authorization'));
      if (Number(c.req.header('content-length') ?? 0) > MAX_SNAPSHOT_BYTES) {
        return refuse(c, 413, `The snapshot is too large: at most ${MAX_SNAPSHOT_BYTES} bytes are accepted.`);
      }
      const text = await readText(c.req.raw.body, MAX_SNAPSHOT_BYTES);
      if (text === null) return refuse(c, 413, `The snapshot is too large: at most ${MAX_SNAPSHOT_BYTES} bytes are accepted.`);
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

/**
 * What the emulator needs from webhook delivery. The real implementation
 * lives in webhooks.ts; `NoWebhooks` is the stand-in used until endpoints exist.
 */
import type { EventRecord } from '../context.js';
import type { StoredObject } from '../store/collection.js';

export interface WebhookDispatcher {
  /** Committed events of an account, in creation order. */
  enqueue(accountKey: string, events: EventRecord[]): void;
  /** How many enabled endpoints of the account an event type will go to. */
  matchingEndpoints(accountKey: string, type: string): number;
  /** Resolves when nothing is pending or in flight (retries scheduled later excluded unless `includeRetries`). */
  drain(opts?: { includeRetries?: boolean }): Promise<void>;
  /** Sends a stored event again (one attempt per endpoint); returns the new delivery records. */
  resend(accountKey: string, eventId: string, endpointId?: string): StoredObject[];
  reset(accountKey?: string): void;
  close(): Promise<void>;
}

export class NoWebhooks implements WebhookDispatcher {
  enqueue(): void {}
  matchingEndpoints(): number {
    return 0;
  }
  async drain(): Promise<void> {}
  resend(): StoredObject[] {
    return [];
  }
  reset(): void {}
  async close(): Promise<void> {}
}

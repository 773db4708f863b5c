/**
 * What the emulator needs from webhook delivery. The real implementation
 * lives in webhooks.ts; `NoWebhooks` is the stand-in used until endpoints exist.
 */
import type { EventRecord } from '../context.js';

export interface WebhookDispatcher {
  /** Committed events of an account, in creation order. */
  enqueue(accountKey: string, events: EventRecord[]): void;
  /** How many enabled endpoints of the account an event type will go to. */
  matchingEndpoints(accountKey: string, type: string): number;
  /** Resolves when nothing is pending or in flight (retries scheduled later excluded unless `includeRetries`). */
  drain(opts?: { includeRetries?: boolean }): Promise<void>;
  reset(accountKey?: string): void;
  close(): Promise<void>;
}

export class NoWebhooks implements WebhookDispatcher {
  enqueue(): void {}
  matchingEndpoints(): number {
    return 0;
  }
  async drain(): Promise<void> {}
  reset(): void {}
  async close(): Promise<void> {}
}

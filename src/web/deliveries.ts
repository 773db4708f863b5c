/**
 * The webhook delivery log as the dashboard shows it, adapted from what the
 * webhook dispatcher offers. Returns null when the dispatcher keeps no log.
 */
import type { Emulator } from '../emulator.js';

export interface DeliveryView {
  id: string;
  event: string;
  eventType?: string;
  endpoint: string;
  url?: string;
  status: string;
  attempts: Array<{ at: number; status?: number | null; error?: string | null }>;
  nextAttemptAt?: number | null;
  canResend: boolean;
}

export function deliveriesOf(_emulator: Emulator, _account: string): DeliveryView[] | null {
  return null;
}

/** Resends one delivery; returns a message for the page. */
export function resendDelivery(_emulator: Emulator, _account: string, _id: string): { ok: boolean; text: string } {
  return { ok: false, text: 'This build of the emulator cannot resend webhook deliveries.' };
}

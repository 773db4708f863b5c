/**
 * Webhook retry settings. A schedule is the list of waits (milliseconds)
 * before each retry: attempts = waits + 1. The default suits local work:
 * three attempts within 15 seconds (0 s, 2 s, 12 s), then backing off to
 * 8 attempts in all (about 8.6 hours after the first).
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  2_000, 10_000, 60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000,
];

export const DEFAULT_TIMEOUT_MS = 10_000;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `250ms`, `2s`, `5m`, `1h`; a bare number is seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`Invalid duration: ${JSON.stringify(text)} (use e.g. 500ms, 2s, 5m, 1h)`);
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 's']);
}

/** `2s,10s,1m` → [2000, 10000, 60000]; `none` (or empty) → no retries. */
export function parseRetrySchedule(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'none') return [];
  return trimmed.split(',').map(parseDuration);
}

export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Webhook settings: retry schedule and timeout from flags, environment and options. */
import { describe, expect, it } from 'vitest';
import { parseCli, type CliConfig } from '../../src/cli-config.js';
import { DEFAULT_RETRY_SCHEDULE_MS, DEFAULT_TIMEOUT_MS, parseDuration, parseRetrySchedule } from '../../src/events/retry-schedule.js';
import { WebhookDeliveries } from '../../src/events/webhooks.js';
import { createHarness } from '../support/harness.js';

const parse = (argv: string[], env: Record<string, string> = {}) => parseCli(argv, env) as CliConfig;

describe('retry schedule', () => {
  it('defaults to three attempts within 15 seconds, eight in all', () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS).toHaveLength(7);
    const at = DEFAULT_RETRY_SCHEDULE_MS.reduce<number[]>((acc, wait) => [...acc, acc[acc.length - 1] + wait], [0]);
    expect(at).toHaveLength(8);
    expect(at[2]).toBeLessThanOrEqual(15_000);
    for (let i = 1; i < DEFAULT_RETRY_SCHEDULE_MS.length; i++) expect(DEFAULT_RETRY_SCHEDULE_MS[i]).toBeGreaterThan(DEFAULT_RETRY_SCHEDULE_MS[i - 1]);
    expect(DEFAULT_TIMEOUT_MS).toBe(10_000);
  });

  it('parses durations and lists', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('3')).toBe(3000);
    expect(() => parseDuration('soon')).toThrow(/Invalid duration/);
    expect(parseRetrySchedule('1s, 5s,30s')).toEqual([1000, 5000, 30_000]);
    expect(parseRetrySchedule('none')).toEqual([]);
    expect(() => parseRetrySchedule('1s,,2s')).toThrow();
  });

  it('reads --webhook-retries / --webhook-timeout and their environment variables', () => {
    const unset = (c: CliConfig) => [c.webhookRetrySchedule, c.webhookTimeout];
    expect(unset(parse([]))).toEqual([undefined, undefined]);
    expect(parse(['--webhook-retries', '100ms,1s', '--webhook-timeout', '3s'])).toMatchObject({ webhookRetrySchedule: [100, 1000], webhookTimeout: 3000 });
    expect(parse([], { STRIPE_EMULATOR_WEBHOOK_RETRIES: 'none', STRIPE_EMULATOR_WEBHOOK_TIMEOUT: '500ms' })).toMatchObject({ webhookRetrySchedule: [], webhookTimeout: 500 });
    expect(parse(['--webhook-retries', '1s'], { STRIPE_EMULATOR_WEBHOOK_RETRIES: '9s' }).webhookRetrySchedule).toEqual([1000]);
    expect(unset(parse([], { STRIPE_EMULATOR_WEBHOOK_RETRIES: '', STRIPE_EMULATOR_WEBHOOK_TIMEOUT: '' }))).toEqual([undefined, undefined]);
    expect(() => parse(['--webhook-timeout', '0'])).toThrow(/timeout/);
    expect(() => parse(['--webhook-retries', 'often'])).toThrow(/Invalid duration/);
  });

  it('hands the settings to the emulator’s dispatcher', async () => {
    const h = await createHarness({ webhookRetrySchedule: [5, 10], webhookTimeout: 1234 });
    try {
      const dispatcher = h.emulator.webhooks as WebhookDeliveries;
      expect(dispatcher).toBeInstanceOf(WebhookDeliveries);
      expect(dispatcher.retrySchedule).toEqual([5, 10]);
      expect(dispatcher.timeout).toBe(1234);
    } finally {
      await h.close();
    }
  });
});

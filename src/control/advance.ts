/**
 * POST /_emulator/advance — moves the emulator's clock forward by `seconds`
 * (form, JSON body or query string) and runs the clock's jobs at once
 * (automatic invoice advancement, bank debits settling, …). The clock is
 * shared by every account; it never moves backwards.
 */
import type { Emulator } from '../emulator.js';
import { parameterInvalid, parameterMissing } from '../errors.js';
import { controlParam } from './request.js';
import type { ControlRouter } from './router.js';

/** At most ten years in one step. */
const MAX_SECONDS = 10 * 366 * 86400;

export function clockControlRoutes(r: ControlRouter, emulator: Emulator): void {
  r.add({
    method: 'POST', path: '/_emulator/advance',
    summary: 'Move the clock forward by `seconds`, then run the clock jobs (auto-advancing invoices, settling debits)',
    handler: async (c) => {
      const value = await controlParam(c, 'seconds');
      if (value === undefined || value === '') throw parameterMissing('seconds');
      const seconds = typeof value === 'number' ? value : Number(value);
      if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_SECONDS) {
        throw parameterInvalid('seconds', `Invalid seconds: must be a whole number from 0 to ${MAX_SECONDS}.`);
      }
      emulator.clock.advance(seconds);
      emulator.tick();
      await emulator.persist(); // with --data, the new time (and what the jobs wrote) is on disk before the answer
      return c.json({ object: 'clock', time: emulator.clock.now(), advanced_by: seconds, offset_seconds: emulator.clock.offsetSeconds() });
    },
  });
}

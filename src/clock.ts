/** The emulator's clock: real time plus an offset that `/_emulator/advance` can move forward. */
export interface Clock {
  /** Unix seconds. */
  now(): number;
  /** Milliseconds, for latency measurements and scheduling. */
  nowMs(): number;
  advance(seconds: number): void;
  offsetSeconds(): number;
}

export function systemClock(start?: { offsetSeconds?: number; fixedNow?: number }): Clock {
  let offset = start?.offsetSeconds ?? 0;
  const fixed = start?.fixedNow;
  const base = () => (fixed !== undefined ? fixed * 1000 : Date.now());
  return {
    now: () => Math.floor((base() + offset * 1000) / 1000),
    nowMs: () => base() + offset * 1000,
    advance(seconds) {
      if (!(seconds >= 0)) throw new RangeError('the clock only moves forward');
      offset += seconds;
    },
    offsetSeconds: () => offset,
  };
}

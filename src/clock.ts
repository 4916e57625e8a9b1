/**
 * The product's clock, injected everywhere time matters (checks, schedules, alerts). Imports nothing of ours.
 * Azure mode uses real time; local mode follows the simulator's clock (an offset kept current by src/local).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at `start` unless moved: for tests. */
export function manualClock(start: Date | string): Clock & { set(to: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (to) => {
      t = new Date(to).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Real time shifted by an offset that can be changed (local mode: the simulator's clock minus ours). */
export function offsetClock(base: Clock = systemClock): Clock & { setOffsetMs(ms: number): void; offsetMs(): number } {
  let offset = 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    setOffsetMs: (ms) => {
      offset = ms;
    },
    offsetMs: () => offset,
  };
}

/**
 * Simulator clocks. The running simulator follows real time plus an offset (so tokens expire and buckets refill
 * naturally) and can be moved by the control API; tests inject a manual clock that only moves when told.
 */
import type { Clock } from "./types";

/** Real time plus an adjustable offset. */
export function createSystemClock(start?: Date): Clock {
  let offset = start ? start.getTime() - Date.now() : 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms: number) => {
      offset += ms;
    },
    set: (date: Date) => {
      offset = date.getTime() - Date.now();
    },
  };
}

/** A clock that stands still until advanced or set. */
export function createManualClock(start: Date = new Date("2025-01-15T09:00:00Z")): Clock {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
    set: (date: Date) => {
      t = date.getTime();
    },
  };
}

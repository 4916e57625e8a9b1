/**
 * Local mode's clock follows the simulator's: an offsetClock whose offset (simulator now − our now) is read from the
 * control API `GET /clock` at start, then every few seconds, and on demand (`refresh()`: a `check` refreshes first,
 * so moving the simulator clock moves the dates the checks judge at once). Azure mode uses real time.
 */
import { Agent, request } from "undici";
import { z } from "zod/v4";
import { offsetClock, systemClock, type Clock } from "../clock";
import type { Logger } from "../log/logger";

export const CLOCK_REFRESH_MS = 5_000;

const ClockBody = z.object({ now: z.iso.datetime({ offset: true }) });

/** Pure: the offset to add to our clock, from the simulator's `now` read between `sentAt` and `receivedAt` (ours). */
export function clockOffsetMs(simNow: Date, sentAt: number, receivedAt: number): number {
  return simNow.getTime() - Math.round((sentAt + receivedAt) / 2);
}

export interface SimClock {
  clock: Clock;
  /** Reads the simulator's clock now and moves ours to it. Rejects when the simulator does not answer. */
  refresh: () => Promise<void>;
  /** Stops the periodic refresh and closes the connection. */
  stop: () => Promise<void>;
}

/** `GET {controlUrl}/clock` over HTTPS, trusting only the simulator's CA. */
export function controlClockReader(controlUrl: string, caPem: string): { read: () => Promise<Date>; close: () => Promise<void> } {
  const dispatcher = new Agent({ connect: { ca: caPem } });
  return {
    read: async () => {
      const res = await request(`${controlUrl.replace(/\/+$/, "")}/clock`, { dispatcher, headersTimeout: 5_000, bodyTimeout: 5_000 });
      const body: unknown = await res.body.json();
      if (res.statusCode !== 200) throw new Error(`the simulator's GET /clock answered ${res.statusCode}`);
      return new Date(ClockBody.parse(body).now);
    },
    close: () => dispatcher.close(),
  };
}

export async function startSimClock(opts: {
  read: () => Promise<Date>;
  logger: Logger;
  base?: Clock;
  intervalMs?: number;
  close?: () => Promise<void>;
}): Promise<SimClock> {
  const base = opts.base ?? systemClock;
  const clock = offsetClock(base);
  let failing = false;
  const refresh = async (): Promise<void> => {
    const sentAt = base.now().getTime();
    const simNow = await opts.read();
    const offset = clockOffsetMs(simNow, sentAt, base.now().getTime());
    if (Math.abs(offset - clock.offsetMs()) > 1000) opts.logger.info("clock follows the simulator", { simulatorNow: simNow.toISOString(), offsetMs: offset });
    clock.setOffsetMs(offset);
    failing = false;
  };
  await refresh();
  const timer = setInterval(() => {
    refresh().catch((error: unknown) => {
      if (!failing) opts.logger.warn("could not read the simulator's clock; keeping the last offset", { error });
      failing = true;
    });
  }, opts.intervalMs ?? CLOCK_REFRESH_MS);
  timer.unref();
  return {
    clock,
    refresh,
    stop: async () => {
      clearInterval(timer);
      await opts.close?.();
    },
  };
}

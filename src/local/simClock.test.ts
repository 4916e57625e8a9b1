import path from "node:path";
import { createManualClock } from "../../sim/core/clock";
import { startSimulator, type Simulator } from "../../sim/server";
import { manualClock } from "../clock";
import { createLogger } from "../log/logger";
import { clockOffsetMs, controlClockReader, startSimClock } from "./simClock";

const quiet = createLogger({ level: "error", sink: () => undefined });

describe("clockOffsetMs", () => {
  test.each<[string, string, number, number, number]>([
    ["same time", "2025-01-01T00:00:00.000Z", Date.parse("2025-01-01T00:00:00.000Z"), Date.parse("2025-01-01T00:00:00.000Z"), 0],
    ["simulator a day ahead", "2025-01-02T00:00:00.000Z", Date.parse("2025-01-01T00:00:00.000Z"), Date.parse("2025-01-01T00:00:00.000Z"), 86_400_000],
    ["simulator behind", "2024-12-31T23:59:00.000Z", Date.parse("2025-01-01T00:00:00.000Z"), Date.parse("2025-01-01T00:00:00.000Z"), -60_000],
    ["round trip: the midpoint counts", "2025-01-01T00:00:01.000Z", Date.parse("2025-01-01T00:00:00.000Z"), Date.parse("2025-01-01T00:00:02.000Z"), 0],
  ])("%s", (_n, sim, sent, received, expected) => {
    expect(clockOffsetMs(new Date(sim), sent, received)).toBe(expected);
  });
});

describe("startSimClock", () => {
  it("follows the reader at start and on refresh(); keeps the last offset when the reader fails", async () => {
    const base = manualClock("2025-01-01T00:00:00Z");
    let sim = new Date("2026-06-01T12:00:00Z");
    let fail = false;
    const s = await startSimClock({ read: () => (fail ? Promise.reject(new Error("down")) : Promise.resolve(sim)), base, logger: quiet, intervalMs: 60_000 });
    try {
      expect(s.clock.now().toISOString()).toBe("2026-06-01T12:00:00.000Z");
      base.advance(1000); // our time runs on
      expect(s.clock.now().toISOString()).toBe("2026-06-01T12:00:01.000Z");
      sim = new Date("2026-07-01T00:00:00Z");
      await s.refresh();
      expect(s.clock.now().toISOString()).toBe("2026-07-01T00:00:00.000Z");
      fail = true;
      await expect(s.refresh()).rejects.toThrow("down");
      expect(s.clock.now().toISOString()).toBe("2026-07-01T00:00:00.000Z");
    } finally {
      await s.stop();
    }
  });
});

describe("against the simulator's control API", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ scenario: path.join(__dirname, "../../sim/scenarios/demo.json"), port: 0, clock: createManualClock(new Date("2030-03-01T08:00:00Z")) });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it("reads GET /clock over HTTPS (the simulator's CA only) and follows a clock advance", async () => {
    const reader = controlClockReader(sim.urls.control, sim.caPem);
    const base = manualClock("2025-01-01T00:00:00Z");
    const s = await startSimClock({ read: reader.read, close: reader.close, base, logger: quiet, intervalMs: 60_000 });
    try {
      expect(s.clock.now().toISOString()).toBe("2030-03-01T08:00:00.000Z");
      sim.control.advanceClock(3 * 86_400_000);
      await s.refresh();
      expect(s.clock.now().toISOString()).toBe("2030-03-04T08:00:00.000Z");
    } finally {
      await s.stop();
    }
  });
});

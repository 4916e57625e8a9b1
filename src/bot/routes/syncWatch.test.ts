/**
 * The watcher over a scripted status source and a recording CardSender, with the interval driven by hand: every
 * watched card is replaced on each tick with the run's card, live counts on top, then the summary once, then nothing.
 */
import type { ConversationReference } from "botbuilder";
import type { AdaptiveCardJson } from "../../cards/render";
import { createLogger } from "../../log/logger";
import type { SyncProgress, SyncStatus } from "../../sync/service";
import { status as statusOf, RUN } from "../../dialogs/sync/testing/statuses";
import type { CardSender } from "../proactive";
import { createSyncWatch, withLiveCounts, type IntervalTimers } from "./syncWatch";

const logger = createLogger({ level: "error", sink: () => undefined });
const ref = (conv: string): Partial<ConversationReference> => ({ conversation: { id: conv, isGroup: false, conversationType: "personal", name: "" } });

function manualTimers(): IntervalTimers & { intervals: number[]; active: number } {
  const t = {
    intervals: [] as number[],
    active: 0,
    setInterval: (_fn: () => void, ms: number) => {
      t.intervals.push(ms);
      t.active++;
      return t.intervals.length;
    },
    clearInterval: () => {
      t.active--;
    },
  };
  return t;
}

function recordingCards(failFor?: string): CardSender & { updates: { conv: string; id: string; card: AdaptiveCardJson }[] } {
  const updates: { conv: string; id: string; card: AdaptiveCardJson }[] = [];
  return {
    updates,
    updateCard: (r, id, card) => {
      if (r.conversation?.id === failFor) return Promise.reject(new Error("gone"));
      updates.push({ conv: r.conversation?.id ?? "", id, card });
      return Promise.resolve();
    },
    sendCard: () => Promise.resolve(undefined),
  };
}

const render = (s: SyncStatus, v: { joined: boolean }): AdaptiveCardJson => ({ type: "AdaptiveCard", version: "1.5", status: s.status, devices: s.progress.devices, joined: v.joined });

describe("sync watch", () => {
  it("updates every viewer each tick, ends with the summary, stops its timer", async () => {
    let current = statusOf({ running: 2, devices: 10 });
    const listeners = new Set<(p: SyncProgress) => void>();
    const timers = manualTimers();
    const cards = recordingCards();
    const w = createSyncWatch({
      status: () => Promise.resolve(current),
      onProgress: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      cards,
      render,
      logger,
      everyMs: 3000,
      timers,
    });
    w.watch(RUN, { ref: ref("a"), activityId: "1" });
    w.watch(RUN, { ref: ref("b"), activityId: "2", joined: true });
    w.watch(RUN, { ref: ref("b"), activityId: "2", joined: true });
    expect(w.watching(RUN)).toBe(2);
    expect(timers.intervals).toEqual([3000]);
    expect(listeners.size).toBe(1);

    await w.tick();
    expect(cards.updates.map((u) => [u.conv, u.id, u.card.devices, u.card.joined])).toEqual([
      ["a", "1", 10, false],
      ["b", "2", 10, true],
    ]);
    // This instance's in-flight tenants count on top of the stored checkpoints.
    for (const l of listeners) l({ ...current.progress, devices: 25 });
    await w.tick();
    expect(cards.updates.slice(2).map((u) => u.card.devices)).toEqual([25, 25]);

    current = statusOf({ done: 2, finished: true, devices: 30 });
    await w.tick();
    expect(cards.updates.slice(4).map((u) => [u.card.status, u.card.devices])).toEqual([
      ["finished", 30],
      ["finished", 30],
    ]);
    expect(w.watching()).toBe(0);
    expect(timers.active).toBe(0);
    expect(listeners.size).toBe(0);
    await w.tick();
    expect(cards.updates).toHaveLength(6);
  });

  it("a card that cannot be updated three times in a row is dropped; a vanished run is forgotten", async () => {
    const timers = manualTimers();
    const cards = recordingCards("gone");
    let current: SyncStatus | undefined = statusOf({ running: 1 });
    const w = createSyncWatch({ status: () => Promise.resolve(current), cards, render, logger, timers });
    w.watch(RUN, { ref: ref("gone"), activityId: "1" });
    w.watch(RUN, { ref: ref("ok"), activityId: "2" });
    for (let i = 0; i < 3; i++) await w.tick();
    expect(w.watching(RUN)).toBe(1);
    current = undefined;
    await w.tick();
    expect(w.watching()).toBe(0);
    expect(timers.active).toBe(0);
  });

  it("a status read that fails keeps the cards for the next tick", async () => {
    const cards = recordingCards();
    let fail = true;
    const w = createSyncWatch({
      status: () => (fail ? Promise.reject(new Error("cosmos down")) : Promise.resolve(statusOf({ running: 1 }))),
      cards,
      render,
      logger,
      timers: manualTimers(),
    });
    w.watch(RUN, { ref: ref("a"), activityId: "1" });
    await w.tick();
    expect(cards.updates).toHaveLength(0);
    fail = false;
    await w.tick();
    expect(cards.updates).toHaveLength(1);
    w.stop();
    expect(w.watching()).toBe(0);
  });

  it("concurrent ticks share one pass", async () => {
    const cards = recordingCards();
    const w = createSyncWatch({ status: () => Promise.resolve(statusOf({ running: 1 })), cards, render, logger, timers: manualTimers() });
    w.watch(RUN, { ref: ref("a"), activityId: "1" });
    await Promise.all([w.tick(), w.tick(), w.tick()]);
    expect(cards.updates).toHaveLength(1);
  });

  test.each([
    ["running, live ahead", "running", RUN, 50, 50],
    ["running, stored ahead", "running", RUN, 5, 10],
    ["finished: stored only", "finished", RUN, 50, 10],
    ["another run's progress", "running", "other", 50, 10],
  ])("withLiveCounts: %s", (_n, state, liveRun, liveDevices, expected) => {
    const s = statusOf({ running: 1, devices: 10, finished: state === "finished" });
    const live: SyncProgress = { ...s.progress, runId: liveRun, devices: liveDevices };
    expect(withLiveCounts(s, live).progress.devices).toBe(expected);
  });
});

import { manualClock } from "../clock";
import { createWelcomeGate, PAGE_OPEN_WINDOW_MS } from "./welcomeGate";

type Step = ["open"] | ["wait", number] | ["install", boolean, boolean];

describe("createWelcomeGate", () => {
  test.each<[string, boolean, Step[]]>([
    ["first install welcomes, its duplicate event does not", true, [["install", true, true], ["install", false, false]]],
    ["a known conversation without a page open: no welcome", true, [["install", false, false]]],
    ["page reload: one welcome for the pair of install events", true, [["open"], ["install", false, true], ["install", false, false]]],
    ["first page open: the new reference welcomes once, the duplicate not", true, [["open"], ["install", true, true], ["install", false, false]]],
    ["a page open long ago does not welcome", true, [["open"], ["wait", PAGE_OPEN_WINDOW_MS + 1], ["install", false, false]]],
    ["within the window it does", true, [["open"], ["wait", PAGE_OPEN_WINDOW_MS], ["install", false, true]]],
    ["disabled (azure mode): page opens change nothing", false, [["open"], ["install", false, false], ["install", true, true]]],
  ])("%s", (_name, enabled, steps) => {
    const clock = manualClock("2025-01-01T00:00:00Z");
    const gate = createWelcomeGate({ enabled, clock });
    for (const s of steps) {
      if (s[0] === "open") gate.pageOpened();
      else if (s[0] === "wait") clock.advance(s[1]);
      else expect(gate.shouldWelcome(s[1])).toBe(s[2]);
    }
  });
});

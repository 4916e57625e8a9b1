import { manualClock } from "../../clock";
import { createMembershipCache, MEMBERSHIP_TTL_MS } from "./membershipCache";

it("keeps answers for the TTL, then forgets them; bounded in size", () => {
  const clock = manualClock("2026-12-02T08:00:00Z");
  const cache = createMembershipCache(clock, MEMBERSHIP_TTL_MS, 2);
  expect(cache.get("a")).toBeUndefined();
  cache.set("a", true);
  cache.set("b", false);
  expect([cache.get("a"), cache.get("b")]).toEqual([true, false]);
  clock.advance(MEMBERSHIP_TTL_MS - 1);
  expect(cache.get("a")).toBe(true);
  clock.advance(1);
  expect([cache.get("a"), cache.get("b")]).toEqual([undefined, undefined]);
  cache.set("a", true);
  cache.set("b", true);
  cache.set("c", true);
  expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, true, true]);
});

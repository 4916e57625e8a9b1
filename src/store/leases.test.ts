/** Leases on the embedded Cosmos: claim, expiry and takeover with a growing fence, renewal, release. */
import type { Container } from "@azure/cosmos";
import { startTestCosmos, type TestCosmos } from "../../test/helpers/cosmos";
import { createLeaseRepo } from "./leases";

describe("leases (embedded Cosmos)", () => {
  let cosmos: TestCosmos;
  let container: Container;
  let now = 1_000_000;
  beforeAll(async () => {
    cosmos = await startTestCosmos();
    container = cosmos.store.containers.leases;
  });
  afterAll(async () => {
    await cosmos.close();
  });

  test("one holder at a time; a takeover after expiry bumps the fence; the old holder can neither renew nor release", async () => {
    const repo = createLeaseRepo(container, { now: () => now });
    const a = await repo.claim("sync.t1", "A", 1000);
    expect(a).toMatchObject({ owner: "A", fence: 1 });
    expect(await repo.claim("sync.t1", "B", 1000)).toBeUndefined();
    if (!a) throw new Error("no lease");
    const renewed = await repo.renew(a, 1000);
    expect(renewed?.expiresAt).toBe(now + 1000);
    now += 2000;
    const b = await repo.claim("sync.t1", "B", 1000);
    expect(b).toMatchObject({ owner: "B", fence: 2 });
    expect(await repo.renew(renewed ?? a, 1000)).toBeUndefined();
    expect(await repo.release(renewed ?? a)).toBe(false);
    if (!b) throw new Error("no lease");
    expect(await repo.stillHeld(b)).toBe(true);
    expect(await repo.release(b)).toBe(true);
    expect(await repo.stillHeld(b)).toBe(false);
    // Released: free at once, and the fence keeps growing.
    expect(await repo.claim("sync.t1", "C", 1000)).toMatchObject({ owner: "C", fence: 3 });
  });

  test("two claims racing for a free lease: exactly one wins", async () => {
    const repo = createLeaseRepo(container, { now: () => now });
    const results = await Promise.all(["A", "B", "C", "D"].map((o) => repo.claim("sync.race", o, 10_000)));
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
  });
});

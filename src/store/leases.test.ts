/** Leases on the embedded Cosmos: claim, expiry and takeover with a growing fence, renewal, release. */
import { Item, type Container } from "@azure/cosmos";
import { useTestCosmos } from "../../test/helpers/cosmos";
import { createLeaseRepo } from "./leases";

// Called with the spied instance as `this`.
const readOriginal = Item.prototype.read;
const replaceOriginal = Item.prototype.replace;

describe("leases (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();
  let container: Container;
  let now = 1_000_000;
  beforeAll(() => {
    container = cosmos.store.containers.leases;
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

  test("a claim is one request when this repository knows the lease's last version; otherwise it reads and decides", async () => {
    // Each claim's requests, by kind.
    const requests: string[] = [];
    const counted = (): string[] => requests.splice(0);
    const create = container.items.create.bind(container.items);
    const createSpy = jest.spyOn(container.items, "create").mockImplementation((body, o) => (requests.push("create"), create(body, o)));
    const readSpy = jest.spyOn(Item.prototype, "read").mockImplementation(function (this: Item, o) {
      requests.push("read");
      return readOriginal.call(this, o);
    });
    const replaceSpy = jest.spyOn(Item.prototype, "replace").mockImplementation(function (this: Item, body, o) {
      requests.push("replace");
      return replaceOriginal.call(this, body, o);
    });
    try {
      const a = createLeaseRepo(container, { now: () => now });
      const first = await a.claim("sync.one", "A", 1000);
      expect([first?.fence, counted()]).toEqual([1, ["create"]]);
      if (!first) throw new Error("no lease");
      await a.release(first);
      counted();
      // Released by this repository: taken back by replacing the version it wrote.
      const again = await a.claim("sync.one", "A", 1000);
      expect([again?.fence, counted()]).toEqual([2, ["replace"]]);
      if (!again) throw new Error("no lease");
      await a.release(again);
      // Another instance (a repository that never saw it) takes it: its create finds it, it reads and takes over.
      const b = createLeaseRepo(container, { now: () => now });
      counted();
      const byB = await b.claim("sync.one", "B", 1000);
      expect([byB?.fence, counted()]).toEqual([3, ["create", "read", "replace"]]);
      // A's remembered version is stale now: its replace is refused (412), it reads, and B holds it.
      expect(await a.claim("sync.one", "A", 1000)).toBeUndefined();
      expect(counted()).toEqual(["replace", "read"]);
      // Once B's lease expired, A takes it over with a higher fence.
      now += 5000;
      expect(await a.claim("sync.one", "A", 1000)).toMatchObject({ owner: "A", fence: 4 });
    } finally {
      createSpy.mockRestore();
      readSpy.mockRestore();
      replaceSpy.mockRestore();
    }
  });

  test("two claims racing for a free lease: exactly one wins", async () => {
    const repo = createLeaseRepo(container, { now: () => now });
    const results = await Promise.all(["A", "B", "C", "D"].map((o) => repo.claim("sync.race", o, 10_000)));
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
  });
});

/** The outbox against the embedded Cosmos: idempotent enqueue, shards, claim by etag, outcomes, skip. */
import { useTestCosmos } from "../../test/helpers/cosmos";
import type { OutgoingMessage } from "../alerts/outboxTypes";
import { ALL_SHARDS, createOutboxRepo, OutboxMessageInvalidError, outboxShard, type OutboxRepo } from "./outboxRepo";

const msg = (id: string, conversationKey = "conv-1", createdAt = "2026-12-02T07:00:00.000Z"): OutgoingMessage => ({
  id,
  conversationKey,
  kind: "alert",
  card: { type: "AdaptiveCard", version: "1.5", body: [] },
  createdAt,
});

describe("outbox repository", () => {
  const cosmos = useTestCosmos();
  let repo: OutboxRepo;
  const now = 1_000;
  beforeAll(() => {
    repo = createOutboxRepo(cosmos.store.containers.outbox, { now: () => now });
  });

  test("enqueue is idempotent by message id, pending and due now, in the conversation's shard", async () => {
    const first = await repo.enqueue([msg("alert:a/b?c#d:conv-1"), msg("alert:x:conv-1")]);
    expect(first).toHaveLength(2);
    expect(await repo.enqueue([msg("alert:a/b?c#d:conv-1")])).toEqual([]);
    const open = await repo.listOpen(outboxShard("conv-1"));
    expect(open.map((d) => d.message.id).sort()).toEqual(["alert:a/b?c#d:conv-1", "alert:x:conv-1"]);
    expect(open.every((d) => d.state === "pending" && d.dueAt === 1_000 && d.attempts === 0)).toBe(true);
  });

  test("shards: a fixed set, each conversation always in the same one", () => {
    expect(ALL_SHARDS).toHaveLength(8);
    expect(outboxShard("conv-1")).toBe(outboxShard("conv-1"));
    const seen = new Set(Array.from({ length: 200 }, (_, i) => outboxShard(`c${i}`)));
    expect(seen.size).toBe(8);
  });

  test("an invalid message is refused with its paths", async () => {
    const bad = { ...msg("x"), card: { type: "Nope" } } as unknown as OutgoingMessage;
    await expect(repo.enqueue([bad])).rejects.toBeInstanceOf(OutboxMessageInvalidError);
  });

  test("claim by etag: of two claims on the same version exactly one wins", async () => {
    const [doc] = await repo.enqueue([msg("race", "conv-2")]);
    if (!doc) throw new Error("not created");
    const [a, b] = await Promise.all([repo.claim(doc, "A", 61_000), repo.claim(doc, "B", 61_000)]);
    expect([a, b].filter((x) => x !== undefined)).toHaveLength(1);
    const won = (a ?? b)!;
    expect(won).toMatchObject({ state: "claimed", attempts: 1 });
    expect(await repo.claim(doc, "C", 61_000)).toBeUndefined(); // stale version
    const sent = await repo.finish(won, { state: "sent", activityId: "171", at: 2_000 });
    expect(sent).toMatchObject({ state: "sent", activityId: "171", sentAt: new Date(2_000).toISOString() });
    expect(sent?.claim).toBeUndefined();
    expect(await repo.finish(won, { state: "sent", at: 3_000 })).toBeUndefined(); // our claim version is gone
    expect((await repo.listOpen(outboxShard("conv-2"))).map((d) => d.message.id)).not.toContain("race");
  });

  test("retry goes back to pending with a later dueAt; failed is terminal; a claimed one stays listed (takeover)", async () => {
    const [d1, d2] = await repo.enqueue([msg("r1", "conv-3"), msg("r2", "conv-3")]);
    const c1 = await repo.claim(d1, "A", 61_000);
    const back = await repo.finish(c1!, { state: "pending", dueAt: 9_000, error: "429" });
    expect(back).toMatchObject({ state: "pending", dueAt: 9_000, lastError: "429", attempts: 1 });
    const c2 = await repo.claim(d2, "A", 61_000);
    const open = await repo.listOpen(outboxShard("conv-3"));
    expect(open.find((d) => d.message.id === "r2")).toMatchObject({ state: "claimed", claim: { owner: "A", until: 61_000 } });
    expect(await repo.finish(c2!, { state: "failed", error: "400" })).toMatchObject({ state: "failed" });
    expect((await repo.get("r2", "conv-3"))?.state).toBe("failed");
    expect(await repo.get("nope", "conv-3")).toBeUndefined();
  });

  test("skipConversation marks every open message of that conversation only", async () => {
    await repo.enqueue([msg("s1", "conv-4"), msg("s2", "conv-4"), msg("s3", "conv-5")]);
    expect(await repo.skipConversation("conv-4", "403 MessageWritesBlocked")).toBe(2);
    expect((await repo.get("s1", "conv-4"))?.state).toBe("skipped");
    expect((await repo.get("s3", "conv-5"))?.state).toBe("pending");
  });
});

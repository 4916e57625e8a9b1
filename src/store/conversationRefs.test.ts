import { useTestCosmos } from "../../test/helpers/cosmos";
import { createConversationRefRepository, conversationDocId, type StoredConversationRef } from "./conversationRefs";

function ref(i: number, serviceUrl = "https://smba.trafficmanager.net/emea/"): StoredConversationRef {
  return {
    channelId: "msteams",
    serviceUrl,
    conversation: { id: `19:conv-${i}@thread.tacv2;messageid=${i}`, conversationType: "channel", tenantId: "t1", isGroup: true },
    bot: { id: "28:bot", name: "Tenant Pilot" },
    user: { id: `29:user-${i}`, aadObjectId: "00000000-0000-0000-0000-000000000001" },
  };
}

describe("conversation reference repository (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();

  it("upsert reports a new install once, get returns the latest reference, remove deletes it", async () => {
    let t = 0;
    const repo = createConversationRefRepository(cosmos.store.containers.conversations, () => new Date(Date.UTC(2025, 0, 1, 0, 0, t++)));
    expect(await repo.upsert(ref(1))).toEqual({ created: true });
    expect(await repo.upsert(ref(1, "https://smba.trafficmanager.net/amer/"))).toEqual({ created: false });
    expect((await repo.get("msteams", ref(1).conversation.id))?.serviceUrl).toBe("https://smba.trafficmanager.net/amer/");
    const id = conversationDocId("msteams", ref(1).conversation.id);
    const { resource } = await cosmos.store.containers.conversations.item(id, id).read<{ installedAt: string }>();
    expect(resource?.installedAt).toBe("2025-01-01T00:00:00.000Z");
    expect(await repo.remove("msteams", ref(1).conversation.id)).toBe(true);
    expect(await repo.remove("msteams", ref(1).conversation.id)).toBe(false);
    expect(await repo.get("msteams", ref(1).conversation.id)).toBeUndefined();
    expect(await repo.upsert(ref(1))).toEqual({ created: true });
  });

  it("doc ids are valid Cosmos ids whatever the conversation id holds", () => {
    const id = conversationDocId("msteams", "a/b\\c?d#e".repeat(50));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lists every reference in pages", async () => {
    const repo = createConversationRefRepository(cosmos.store.containers.conversations);
    for (let i = 10; i < 17; i++) await repo.upsert(ref(i));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await repo.list({ pageSize: 3, ...(token !== undefined ? { continuationToken: token } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((r) => r.conversation.id));
      token = page.continuationToken;
      pages++;
    } while (token !== undefined && pages < 20);
    for (let i = 10; i < 17; i++) expect(seen).toContain(ref(i).conversation.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBeGreaterThanOrEqual(3);
  });
});

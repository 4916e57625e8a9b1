import { TurnContext, type Activity } from "botbuilder";
import { fromStoredRef, toStoredRef } from "./conversationRef";
import { installActivity } from "../../test/helpers/activities";

describe("conversation reference conversion", () => {
  it("keeps what proactive messages need and round-trips", () => {
    const activity = installActivity("add", { conversationId: "19:abc@thread.tacv2" }) as unknown as Activity;
    const ref = TurnContext.getConversationReference(activity);
    const stored = toStoredRef(ref);
    expect(stored).toEqual({
      channelId: "msteams",
      serviceUrl: "https://service.example.test/",
      conversation: { id: "19:abc@thread.tacv2", conversationType: "personal", tenantId: "00000000-0000-0000-0000-00000000000t" },
      bot: { id: "28:tenant-pilot-bot", name: "Tenant Pilot" },
      user: { id: "29:user-1", name: "Ada Admin", aadObjectId: "00000000-0000-0000-0000-0000000000a1" },
      activityId: activity.id,
      locale: "en-US",
    });
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    const back = fromStoredRef(stored);
    expect(back).toMatchObject({ channelId: "msteams", serviceUrl: stored.serviceUrl, conversation: { id: "19:abc@thread.tacv2" }, bot: { id: "28:tenant-pilot-bot" } });
  });

  it("refuses a reference without conversation or serviceUrl", () => {
    expect(() => toStoredRef({ channelId: "msteams", bot: { id: "b", name: "" } })).toThrow(/lacks/);
  });
});

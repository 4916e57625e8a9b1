/** Minimal Teams-like activities for tests. */
let seq = 0;

export interface ActivityOpts {
  conversationId?: string;
  serviceUrl?: string;
  deliveryMode?: "expectReplies";
  channelId?: string;
}

function base(opts: ActivityOpts) {
  seq++;
  return {
    id: `act-${seq}`,
    channelId: opts.channelId ?? "msteams",
    serviceUrl: opts.serviceUrl ?? "https://service.example.test/",
    timestamp: new Date(Date.UTC(2025, 0, 1)).toISOString(),
    from: { id: "29:user-1", name: "Ada Admin", aadObjectId: "00000000-0000-0000-0000-0000000000a1" },
    recipient: { id: "28:tenant-pilot-bot", name: "Tenant Pilot" },
    conversation: { id: opts.conversationId ?? "a:personal-1", conversationType: "personal", tenantId: "00000000-0000-0000-0000-00000000000t" },
    channelData: { tenant: { id: "00000000-0000-0000-0000-00000000000t" } },
    locale: "en-US",
    ...(opts.deliveryMode ? { deliveryMode: opts.deliveryMode } : {}),
  };
}

export function messageActivity(text: string, opts: ActivityOpts = {}) {
  return { ...base(opts), type: "message", text, textFormat: "plain" };
}

export function submitActivity(value: Record<string, unknown>, opts: ActivityOpts = {}) {
  return { ...base(opts), type: "message", value };
}

export function executeActivity(verb: string, data: Record<string, unknown> = {}, opts: ActivityOpts = {}) {
  return { ...base(opts), type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" } };
}

export function installActivity(action: "add" | "add-upgrade" | "remove" | "remove-upgrade", opts: ActivityOpts = {}) {
  return { ...base(opts), type: "installationUpdate", action };
}

export function membersAddedActivity(memberIds: string[], opts: ActivityOpts = {}) {
  return { ...base(opts), type: "conversationUpdate", membersAdded: memberIds.map((id) => ({ id })) };
}

export const BOT_ID = "28:tenant-pilot-bot";

/** Converts botbuilder conversation references to the store's plain type and back. */
import type { ConversationReference } from "botbuilder";
import type { StoredChannelAccount, StoredConversationAccount, StoredConversationRef } from "../store/conversationRefs";

function account<T extends StoredChannelAccount>(a: T | undefined, extra: (keyof T)[] = []): T | undefined {
  if (!a || typeof a.id !== "string") return undefined;
  const out: Record<string, unknown> = { id: a.id };
  for (const k of ["name", "aadObjectId", "role", ...extra] as (keyof T)[]) {
    const v = a[k];
    if (v !== undefined && v !== null) out[k as string] = v;
  }
  return out as T;
}

export function toStoredRef(ref: Partial<ConversationReference>): StoredConversationRef {
  const conversation = account<StoredConversationAccount>(ref.conversation, [
    "isGroup",
    "conversationType",
    "tenantId",
  ]);
  const bot = account(ref.bot);
  if (!ref.channelId || !ref.serviceUrl || !conversation || !bot) {
    throw new Error("conversation reference lacks channelId, serviceUrl, conversation or bot");
  }
  const out: StoredConversationRef = { channelId: ref.channelId, serviceUrl: ref.serviceUrl, conversation, bot };
  const user = account(ref.user);
  if (user) out.user = user;
  if (ref.activityId) out.activityId = ref.activityId;
  if (ref.locale) out.locale = ref.locale;
  return out;
}

/** Back to botbuilder's shape for proactive sends (`role` is not needed there and is dropped). */
export function fromStoredRef(ref: StoredConversationRef): Partial<ConversationReference> {
  const { role: _cr, ...conversation } = ref.conversation;
  const { role: _br, ...bot } = ref.bot;
  const user = ref.user ? (({ role: _ur, ...u }) => u)(ref.user) : undefined;
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    conversation: { isGroup: false, conversationType: "", name: "", ...conversation },
    bot: { name: "", ...bot },
    ...(user ? { user: { name: "", ...user } } : {}),
    ...(ref.activityId ? { activityId: ref.activityId } : {}),
    ...(ref.locale ? { locale: ref.locale } : {}),
  };
}

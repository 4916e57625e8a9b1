/**
 * TEST-ONLY (dispatcher integration tests and bench:alerts): the simulator's Teams connector on free ports, an embedded
 * Cosmos with every container, a local-mode adapter (no app id: the simulator accepts anonymous connector calls) and
 * the delivery port trusting the simulator's CA; helpers to store conversation references the way installs do.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import { startSimulator, type Simulator } from "../../../../sim/server";
import { createDeliveryPort } from "../../../bot/delivery";
import { conversationDocId, createConversationRefRepository, type ConversationDeliveryRefs, type ConversationRefRepository, type StoredConversationRef } from "../../../store/conversationRefs";
import { startTestCosmos, type TestCosmos } from "../../../../test/helpers/cosmos";
import type { DeliveryPort } from "../port";

export const PARTNER = "b0000000-0000-4000-8000-000000000000";
export const BOT_ID = "28:tenant-pilot-test-bot";

export function deliveryScenario(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "delivery test",
    seed: 9,
    partner: { tenantId: PARTNER, displayName: "Delivery Partner", domain: "deliverypartner.onmicrosoft.com" },
    customers: [],
    throttling: { profile: "microsoft" },
    latency: { fixedMs: 0, jitterMs: 0 },
    ...extra,
  };
}

export interface DeliveryHarness {
  sim: Simulator;
  cosmos: TestCosmos;
  refs: ConversationRefRepository & ConversationDeliveryRefs;
  port: DeliveryPort & { close(): void };
  /** Stores a conversation reference (personal chat `a:<name>`, or channel `19:<name>@thread.tacv2`); returns its key. */
  addConversation(name: string, opts?: { channel?: boolean; tenantId?: string }): Promise<{ key: string; ref: StoredConversationRef }>;
  deliveries(): { operation: string; conversationId: string; activityId: string; attachments: { title?: string }[] }[];
  stop(): Promise<void>;
}

export async function startDeliveryHarness(scenario: Record<string, unknown> = deliveryScenario()): Promise<DeliveryHarness> {
  const sim = await startSimulator({ scenario, port: 0 });
  const cosmos = await startTestCosmos();
  const refs = createConversationRefRepository(cosmos.store.containers.conversations, () => new Date());
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const port = createDeliveryPort(adapter, undefined, { caPem: sim.caPem });
  return {
    sim,
    cosmos,
    refs,
    port,
    async addConversation(name, opts = {}) {
      const id = opts.channel ? `19:${name}@thread.tacv2` : `a:${name}`;
      const ref: StoredConversationRef = {
        channelId: "msteams",
        serviceUrl: `${sim.urls.teams}/`,
        conversation: { id, tenantId: opts.tenantId ?? PARTNER, conversationType: opts.channel ? "channel" : "personal", ...(opts.channel ? { isGroup: true } : {}) },
        bot: { id: BOT_ID, name: "Tenant Pilot" },
        user: { id: `29:${name}`, aadObjectId: "00000000-0000-4000-8000-000000000001" },
      };
      await refs.upsert(ref);
      return { key: conversationDocId(ref.channelId, id), ref };
    },
    deliveries: () => sim.control.teamsDeliveries() as ReturnType<DeliveryHarness["deliveries"]>,
    async stop() {
      port.close();
      await sim.stop();
      await cosmos.close();
    },
  };
}

/** What the simulator serves, read the way the sync reads it: for comparing with what the sync stored. */
import type { MicrosoftHosts } from "../../src/config";
import { createGraphClient } from "../../src/graph/client";
import { appTokenProvider, type AppCredentials, type TokenBroker } from "../../src/graph/tokens";
import type { Logger } from "../../src/log/logger";
import type { InventoryKind } from "../../src/store/inventoryRepo";
import { INTUNE_RESOURCES, toItem } from "../../src/sync/items";
import { readAllPages } from "../../src/sync/pager";

/** What the simulator serves for a tenant's resource, as the sync stores it (itemId → hash). */
export async function served(h: { hosts: MicrosoftHosts; tokens: TokenBroker; logger: Logger }, app: AppCredentials, tenantId: string, kind: InventoryKind): Promise<Map<string, string>> {
  const spec = INTUNE_RESOURCES.find((r) => r.kind === kind);
  if (!spec) throw new Error(kind);
  const graph = createGraphClient(h.hosts, appTokenProvider(h.tokens, app, tenantId, "graph"), { logger: h.logger });
  const out = new Map<string, string>();
  await readAllPages((u) => graph.get(u), spec.path, (items) => {
    for (const raw of items) {
      const item = toItem(spec, raw);
      if (item) out.set(item.itemId, item.hash);
    }
    return Promise.resolve();
  });
  return out;
}

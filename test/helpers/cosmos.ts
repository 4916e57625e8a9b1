import { randomUUID } from "node:crypto";
import type { CosmosClient } from "@azure/cosmos";
import { startEmbeddedCosmos, type EmbeddedCosmos } from "../../src/store/embeddedCosmos";
import { createCosmosClient, disposeCosmosClient, ensureStore, type CosmosConnection, type Store } from "../../src/store/cosmos";

export interface TestCosmos {
  server: EmbeddedCosmos;
  /** What startBot needs to reach this server (endpoint, key, the CA only our client trusts). */
  connection: Required<CosmosConnection>;
  client: CosmosClient;
  store: Store;
  databaseId: string;
  close(): Promise<void>;
}

/** Embedded Cosmos + a client + a fresh database with every container. Call close() in afterAll. */
export async function startTestCosmos(): Promise<TestCosmos> {
  const server = await startEmbeddedCosmos();
  const connection = { endpoint: server.endpoint, key: server.key, ca: server.ca };
  const client = createCosmosClient(connection);
  const databaseId = `test-${randomUUID().slice(0, 8)}`;
  const store = await ensureStore(client, databaseId);
  return {
    server,
    connection,
    client,
    store,
    databaseId,
    close: async () => {
      disposeCosmosClient(client);
      await server.stop();
    },
  };
}

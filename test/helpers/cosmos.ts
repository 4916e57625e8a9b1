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

/**
 * A fresh embedded Cosmos (startTestCosmos) started in a beforeAll of the enclosing describe (or file) and closed in
 * its afterAll, for tests that share one server and never stop it themselves. Its properties may be read once that
 * beforeAll has run (inside tests and later hooks); earlier they throw.
 */
export function useTestCosmos(): TestCosmos {
  let cosmos: TestCosmos | undefined;
  beforeAll(async () => {
    cosmos = await startTestCosmos();
  });
  afterAll(async () => {
    await cosmos?.close();
  });
  const started = (what: keyof TestCosmos): TestCosmos => {
    if (cosmos === undefined) throw new Error(`the test Cosmos's ${what} is read before its beforeAll ran`);
    return cosmos;
  };
  return {
    get server() {
      return started("server").server;
    },
    get connection() {
      return started("connection").connection;
    },
    get client() {
      return started("client").client;
    },
    get store() {
      return started("store").store;
    },
    get databaseId() {
      return started("databaseId").databaseId;
    },
    get close() {
      const c = started("close");
      return () => c.close();
    },
  };
}

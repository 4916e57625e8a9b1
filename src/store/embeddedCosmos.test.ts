import https from "node:https";
import { startEmbeddedCosmos } from "./embeddedCosmos";
import { createCosmosClient, disposeCosmosClient, ensureStore, pingCosmos } from "./cosmos";
import { CONTAINERS, CONTAINER_NAMES } from "./containers";

function httpsGet(url: string, ca?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ...(ca ? { ca } : {}), agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
  });
}

describe("embedded Cosmos", () => {
  it("serves HTTPS on 127.0.0.1 with a certificate only its CA trusts; the store creates every container", async () => {
    const cosmos = await startEmbeddedCosmos();
    const client = createCosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, ca: cosmos.ca });
    try {
      expect(cosmos.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      await expect(httpsGet(cosmos.endpoint)).rejects.toThrow(/self[- ]signed|certificate/i);
      const store = await ensureStore(client, "tp-embedded");
      await ensureStore(client, "tp-embedded"); // idempotent
      for (const name of CONTAINER_NAMES) {
        const { resource } = await store.containers[name].read();
        expect(resource?.partitionKey?.paths).toEqual([CONTAINERS[name].partitionKeyPath]);
      }
      expect(await pingCosmos(store.database)).toBe(true);
      await cosmos.stop();
      expect(await pingCosmos(store.database, 1500)).toBe(false);
    } finally {
      disposeCosmosClient(client);
      await cosmos.stop();
    }
  });

  it("refuses a port that is taken", async () => {
    const a = await startEmbeddedCosmos();
    try {
      const port = Number(new URL(a.endpoint).port);
      await expect(startEmbeddedCosmos({ port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await a.stop();
    }
  });
});

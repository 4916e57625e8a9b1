import https from "node:https";
import type { OperationInput } from "@azure/cosmos";
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

  it("answers a batch or bulk request as the service does: without the written documents when asked for return=minimal", async () => {
    const seen: string[] = [];
    const cosmos = await startEmbeddedCosmos({ onRequest: (req) => seen.push(`${req.method ?? ""} ${String(req.headers.prefer ?? "-")}`) });
    const client = createCosmosClient({ endpoint: cosmos.endpoint, key: cosmos.key, ca: cosmos.ca });
    try {
      const { containers } = await ensureStore(client, "tp-minimal");
      const inv = containers.inventory;
      const ops = (n: number): OperationInput[] => [{ operationType: "Upsert", partitionKey: "t1", resourceBody: { id: `d${n}`, tenantId: "t1", n } }];
      const minimal = await inv.items.batch(ops(1), "t1", { contentResponseOnWriteEnabled: false });
      expect(minimal.result?.[0]).toMatchObject({ statusCode: 201 });
      expect(minimal.result?.[0]?.eTag).toEqual(expect.any(String));
      expect(minimal.result?.[0]?.resourceBody).toBeUndefined();
      const full = await inv.items.batch(ops(2), "t1");
      expect(full.result?.[0]?.resourceBody).toMatchObject({ id: "d2", n: 2 });
      // A read in the same request still answers with its document.
      const bulk = await inv.items.bulk([...ops(3), { operationType: "Read", id: "d2", partitionKey: "t1" }], { continueOnError: true }, { contentResponseOnWriteEnabled: false });
      expect(bulk[0]).toMatchObject({ statusCode: 201 });
      expect(bulk[0]?.resourceBody).toBeUndefined();
      expect(bulk[1]).toMatchObject({ statusCode: 200, resourceBody: { id: "d2", n: 2 } });
      // A written document that holds the word "Read" is still a write (the request is then parsed to tell).
      const word = await inv.items.batch([{ operationType: "Upsert", partitionKey: "t1", resourceBody: { id: "d4", tenantId: "t1", verb: "Read" } }], "t1", { contentResponseOnWriteEnabled: false });
      expect(word.result?.[0]).toMatchObject({ statusCode: 201 });
      expect(word.result?.[0]?.resourceBody).toBeUndefined();
      // Written all the same.
      const { resource } = await inv.item("d1", "t1").read<{ n: number }>();
      expect(resource?.n).toBe(1);
      expect(seen).toContain("POST return=minimal");
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

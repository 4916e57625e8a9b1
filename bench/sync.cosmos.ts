/**
 * The embedded Cosmos in its own process for `npm run bench:sync` (so the measured process is only the sync):
 * `node bench/sync.cosmos.ts <ready-file>` (compiled by the bench) writes {endpoint, key, ca} to the ready file (atomically)
 * once listening, then serves until SIGTERM / SIGINT (exits at once). It counts the requests it serves by container and operation
 * (read, replace, delete, create/upsert, query, batch, bulk): SIGUSR2 writes them to `<ready-file>.counts` and starts over.
 */
import type { IncomingMessage } from "node:http";
import { renameSync, writeFileSync } from "node:fs";
import { startEmbeddedCosmos } from "../src/store/embeddedCosmos";

function operation(req: IncomingMessage): string {
  const parts = (req.url ?? "").split("?")[0]?.split("/").filter(Boolean) ?? [];
  const coll = parts[2] === "colls" ? (parts[3] ?? "?") : "-";
  const onItem = parts[4] === "docs" && parts.length >= 6;
  const h = (name: string): string => String(req.headers[name] ?? "").toLowerCase();
  let op: string;
  if (req.method === "GET") op = onItem ? "read" : "list";
  else if (req.method === "PUT") op = "replace";
  else if (req.method === "DELETE") op = "delete";
  else if (h("x-ms-documentdb-isquery") === "true" || h("content-type").includes("query")) op = "query";
  else if (h("x-ms-cosmos-is-batch-request") === "true") op = h("x-ms-cosmos-batch-atomic") === "true" ? "batch" : "bulk";
  else op = h("x-ms-documentdb-is-upsert") === "true" ? "upsert" : "create";
  return `${coll}.${op}`;
}

async function main(): Promise<void> {
  const readyFile = process.argv[2];
  if (!readyFile) throw new Error("usage: sync.cosmos.ts <ready-file>");
  let counts: Record<string, number> = {};
  // The embedded Cosmos of local mode and the tests, with its fidelity to the service (return=minimal batches).
  const cosmos = await startEmbeddedCosmos({
    onRequest: (req) => {
      const k = operation(req);
      counts[k] = (counts[k] ?? 0) + 1;
    },
  });
  writeFileSync(`${readyFile}.tmp`, JSON.stringify({ endpoint: cosmos.endpoint, key: cosmos.key, ca: cosmos.ca }));
  renameSync(`${readyFile}.tmp`, readyFile);
  process.on("SIGUSR2", () => {
    writeFileSync(`${readyFile}.counts.tmp`, JSON.stringify(counts));
    renameSync(`${readyFile}.counts.tmp`, `${readyFile}.counts`);
    counts = {};
  });
  // Everything is in memory and thrown away: exit at once (a long query must not hold the stop up).
  const stop = (): void => process.exit(0);
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : "cosmos failed");
  process.exit(1);
});

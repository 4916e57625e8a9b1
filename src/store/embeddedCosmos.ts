/**
 * An embedded Cosmos DB-compatible server (@vercel/cosmosdb-server) for local mode and tests.
 * HTTPS on 127.0.0.1 with a fresh self-signed certificate per start; only our Cosmos client trusts it (pass `ca`).
 * Data lives in memory only and is gone when it stops.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createHttpsServer } from "@vercel/cosmosdb-server";
import selfsigned from "selfsigned";

export interface EmbeddedCosmos {
  /** e.g. https://127.0.0.1:12345/ */
  endpoint: string;
  /** The emulator accepts any key; this is the well-known emulator key. */
  key: string;
  /** PEM certificate of the server: trust it in the Cosmos client only. */
  ca: string;
  stop(): Promise<void>;
}

/** The well-known public key of the Cosmos DB emulator (not a secret). */
export const EMULATOR_KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

/** Generates the self-signed certificate startEmbeddedCosmos uses (tests may make it first, to trust it up front). */
export async function embeddedCosmosCertificate(): Promise<{ cert: string; key: string }> {
  const pems = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

const isTrue = (v: string | string[] | undefined): boolean => (Array.isArray(v) ? v : [v ?? ""]).some((h) => h.toLowerCase() === "true");

/**
 * What Cosmos DB does with `Prefer: return=minimal` on a batch or bulk request (the SDKs' contentResponseOnWrite
 * off), which the emulator ignores: each operation's result comes back with its status and etag but without the
 * written document — "This removes the resource from the response"
 * (https://learn.microsoft.com/dotnet/api/microsoft.azure.cosmos.transactionalbatchitemrequestoptions.enablecontentresponseonwrite,
 * https://learn.microsoft.com/rest/api/cosmos-db/common-cosmosdb-rest-request-headers). Wraps the server's handler.
 */
export function answerBatchesMinimally(server: Server): void {
  const handlers = server.listeners("request") as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const prefer = String(req.headers.prefer ?? "").toLowerCase();
    if (req.method === "POST" && isTrue(req.headers["x-ms-cosmos-is-batch-request"]) && prefer.includes("return=minimal")) {
      // Which operations wrote (a Read still answers with its document).
      const body: Buffer[] = [];
      req.on("data", (chunk: Buffer) => body.push(chunk));
      const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (typeof chunk !== "string" || !chunk.startsWith("[")) return end(chunk, ...rest);
        let minimal: string;
        try {
          // Most batches only write: without the string "Read" anywhere in the request no operation is a Read, and the
          // request need not be parsed again (the server parsed it already).
          const raw = Buffer.concat(body).toString("utf8");
          const ops = raw.includes('"Read"') ? (JSON.parse(raw) as Array<{ operationType?: unknown }>) : [];
          const results = JSON.parse(chunk) as Array<Record<string, unknown>>;
          results.forEach((r, i) => {
            if (ops[i]?.operationType !== "Read") delete r.resourceBody;
          });
          minimal = JSON.stringify(results);
        } catch {
          // Not a batch this wrapper understands: answered as the emulator answered it.
          minimal = chunk;
        }
        return end(minimal, ...rest);
      }) as ServerResponse["end"];
    }
    for (const h of handlers) h(req, res);
  });
}

/**
 * `tls`: serve this certificate instead of a fresh one (e.g. one a test wrote to COSMOS_CA_FILE before starting).
 * `onRequest`: sees each request first (the sync benchmark counts them).
 */
export async function startEmbeddedCosmos(opts: { port?: number; tls?: { cert: string; key: string }; onRequest?: (req: IncomingMessage) => void } = {}): Promise<EmbeddedCosmos> {
  const pems = opts.tls ?? (await embeddedCosmosCertificate());
  // keepAlive makes the server answer "connection: keep-alive" (4-5x faster with a keep-alive client agent).
  const server = createHttpsServer({ cert: pems.cert, key: pems.key, keepAlive: true });
  answerBatchesMinimally(server);
  const { onRequest } = opts;
  if (onRequest) server.prependListener("request", (req: IncomingMessage) => onRequest(req));
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once("error", onError);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `https://127.0.0.1:${port}/`,
    key: EMULATOR_KEY,
    ca: pems.cert,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

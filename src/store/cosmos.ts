/**
 * Cosmos DB client factory and store bootstrap.
 * TLS verification stays on: a test/local CA is trusted only by this client's own https.Agent.
 */
import { readFileSync } from "node:fs";
import https from "node:https";
import { createSecureContext } from "node:tls";
import { CosmosClient, type Container, type Database } from "@azure/cosmos";
import type { TokenCredential } from "@azure/identity";
import { CONTAINERS, CONTAINER_NAMES, type ContainerName } from "./containers";

export interface CosmosConnection {
  endpoint: string;
  /** Account key; without it, managed identity (DefaultAzureCredential) is used. */
  key?: string;
  /** PEM certificate to trust for this endpoint only (embedded server). */
  ca?: string;
}

export interface Store {
  database: Database;
  containers: Record<ContainerName, Container>;
}

/** Azure mode's connection from the configuration: COSMOS_CA_FILE's PEM is read here (once, at start). */
export function cosmosConnectionFrom(c: { endpoint: string; key?: string; caFile?: string }): CosmosConnection {
  return {
    endpoint: c.endpoint,
    ...(c.key !== undefined ? { key: c.key } : {}),
    ...(c.caFile !== undefined ? { ca: readFileSync(c.caFile, "utf8") } : {}),
  };
}

const agents = new WeakMap<CosmosClient, https.Agent>();

/** Sockets to Cosmos DB per client (gateway mode, HTTP/1.1: one request in flight on each). */
export const COSMOS_SOCKETS = 128;

/**
 * Managed identity, loaded only when there is no account key: @azure/identity brings its own MSAL (another version than
 * the product's) and its dependencies, megabytes of code and source text that a process with a key never uses.
 */
function managedIdentity(): TokenCredential {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DefaultAzureCredential } = require("@azure/identity") as typeof import("@azure/identity");
  return new DefaultAzureCredential();
}

export function createCosmosClient(opts: CosmosConnection): CosmosClient {
  // A bounded pool of kept-alive sockets: a burst of requests (a sync's hundreds in flight) queues for a socket
  // instead of opening — and handshaking — new ones that are then dropped as surplus; one TLS context for all of them
  // (given `ca` alone, every connection would build its own).
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: COSMOS_SOCKETS,
    maxFreeSockets: COSMOS_SOCKETS,
    ...(opts.ca !== undefined ? { secureContext: createSecureContext({ ca: opts.ca }) } : {}),
  });
  const client = new CosmosClient({
    endpoint: opts.endpoint,
    ...(opts.key !== undefined ? { key: opts.key } : { aadCredentials: managedIdentity() }),
    agent,
    // The embedded server advertises no regional endpoints: talk to the given endpoint only.
    connectionPolicy: opts.ca !== undefined ? { enableEndpointDiscovery: false } : {},
    userAgentSuffix: "tenant-pilot",
  });
  agents.set(client, agent);
  return client;
}

/** Releases the client and closes its keep-alive sockets (so processes and jest exit cleanly). */
export function disposeCosmosClient(client: CosmosClient): void {
  client.dispose();
  agents.get(client)?.destroy();
  agents.delete(client);
}

/** Creates (if missing) the database and every container of CONTAINERS. Idempotent. */
export async function ensureStore(client: CosmosClient, databaseId: string): Promise<Store> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  const entries = await Promise.all(
    CONTAINER_NAMES.map(async (name) => {
      const def = CONTAINERS[name];
      const { container } = await database.containers.createIfNotExists({
        id: def.id,
        partitionKey: { paths: [def.partitionKeyPath] },
      });
      return [name, container] as const;
    }),
  );
  return { database, containers: Object.fromEntries(entries) as Record<ContainerName, Container> };
}

/** Cheap reachability probe for /healthz: reads the database; resolves false instead of throwing. */
export async function pingCosmos(database: Database, timeoutMs = 2000): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    await database.read({ abortSignal: controller.signal });
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Status code of a Cosmos error (412, 404, 409...), or undefined. */
export function cosmosStatus(err: unknown): number | undefined {
  if (typeof err === "object" && err !== null) {
    const code = (err as { code?: unknown; statusCode?: unknown }).code ?? (err as { statusCode?: unknown }).statusCode;
    if (typeof code === "number") return code;
  }
  return undefined;
}

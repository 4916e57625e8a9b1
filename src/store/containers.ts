/**
 * Every Cosmos DB container of Tenant Pilot, in one place, with what it holds and why it is partitioned so.
 *
 * Partitioning: the product's own documents are partitioned by the *customer* tenant id (`/tenantId`), the Entra
 * tenant of one of the MSP's customers, so that everything about one customer (its integration setup, inventory,
 * sync runs, alerts) is read and written within one logical partition, and one noisy customer cannot make
 * cross-partition fan-out necessary for the others.
 *
 * Facts of the local emulator (@vercel/cosmosdb-server) the design respects, so local mode and tests behave like Azure:
 * - TTL is stored but never expires anything: expire by query (e.g. `WHERE c.tenantId = @t AND c.expiresAt < @now`),
 *   never rely on TTL alone.
 * - No DISTINCT, GROUP BY or OFFSET/LIMIT: page with continuation tokens (`maxItemCount`), aggregate in code.
 * - A query scoped only by the `partitionKey` option returns all partitions: always put the partition key in WHERE.
 * - Change feed and transactional batch are not faithful: make multi-document updates idempotent (outbox pattern).
 */

export interface ContainerDef {
  id: string;
  partitionKeyPath: string;
  /** What lives here, for the reader. */
  description: string;
}

export const CONTAINERS = {
  /**
   * botbuilder conversation/user state (teams-ai TurnState scopes). One document per storage key;
   * id = sha256 of the botbuilder key (keys hold '/' and can exceed 255 characters), `key` keeps the original.
   * Optimistic concurrency by `_etag`.
   */
  botstate: { id: "botstate", partitionKeyPath: "/id", description: "botbuilder conversation and user state" },
  /**
   * Conversation references of every conversation the bot is installed in (personal, group chat, team channel),
   * written on install, removed on uninstall; read by proactive senders (alerts, sync reports).
   * id = sha256(channelId + conversation id). A deployment serves one MSP (SingleTenant bot), so the number of
   * conversations is small and listing them is a cheap cross-partition query.
   */
  conversations: { id: "conversations", partitionKeyPath: "/id", description: "conversation references for proactive messages" },
  /** One document per customer tenant of the MSP: display name, GDAP relationship, integration setup status. */
  customers: { id: "customers", partitionKeyPath: "/tenantId", description: "customer tenants and integration setup" },
  /** Synced inventory (devices, users, licenses, software) of a customer tenant, one document per item. */
  inventory: { id: "inventory", partitionKeyPath: "/tenantId", description: "synced inventory per customer tenant" },
  /** History of sync runs per customer tenant (started, finished, counts, errors), expired by query. */
  syncRuns: { id: "syncRuns", partitionKeyPath: "/tenantId", description: "sync run history per customer tenant" },
  /** Alerts raised by checks and syncs (expiring credentials, failed syncs, lost GDAP access). */
  alerts: { id: "alerts", partitionKeyPath: "/tenantId", description: "alerts per customer tenant" },
  /**
   * Leases so that only one instance runs a given job at a time (e.g. id `sync:<tenantId>`):
   * conditional replace by `_etag` with an `expiresAt` checked in code (TTL does not expire locally).
   */
  leases: { id: "leases", partitionKeyPath: "/id", description: "job leases across instances" },
  /**
   * Outbox of messages to send (alerts and digests to Teams, src/store/outboxRepo.ts): written together with the state
   * change that caused them, claimed by etag and sent by the dispatcher (src/alerts/dispatch), so a crash never loses
   * a notification. Partitioned by `/shard`: a small fixed set of shard partitions (hash of the conversation), so the
   * dispatcher lists open messages with a few single-partition queries (`WHERE c.shard = @s AND c.state IN open`),
   * never a scan of every partition, and one conversation's messages stay in one partition (ordered, point writes).
   */
  outbox: { id: "outbox", partitionKeyPath: "/shard", description: "outgoing notifications (outbox pattern), by shard" },
  /**
   * Secrets (app client secrets, the service account's refresh token), AES-256-GCM encrypted by src/secrets.
   * id = the secret name (e.g. `lifecycleApp.clientSecret`), partitioned by `/id`: a deployment holds a handful of
   * secrets, each only ever read or written by its exact name (point reads, 1 RU), never queried together, so one
   * logical partition per secret is the cheapest and keeps nothing else in a secret's partition.
   */
  secrets: { id: "secrets", partitionKeyPath: "/id", description: "encrypted secrets and refresh tokens" },
  /**
   * Per-MSP setup choices and wizard progress, partitioned by `/partnerTenantId` (the MSP's own Entra tenant):
   * every setup document of one MSP (id `choices`, the wizards' progress documents, ...) lives in one small logical
   * partition, read by point reads (id + partner tenant id), written conditionally by `_etag` (two admins pressing
   * the same button), and could be updated together by a transactional batch. A deployment serves one MSP, so there
   * is one partition in practice; keying by the partner tenant keeps a second MSP's setup apart should that change.
   */
  settings: { id: "settings", partitionKeyPath: "/partnerTenantId", description: "per-MSP setup choices and progress" },
  /**
   * Latest check results (src/store/checkResultsRepo.ts): one document per customer (id = tenantId) with its verdict,
   * findings and the time of the check, plus one partner document (id `latest` in the reserved partition `_partner`)
   * with the partner-side findings, counts and an index of every customer (name, domain, verdict), so `tenant <name>`
   * matches names and alerts read the latest state with point reads, never a cross-partition scan.
   */
  checks: { id: "checks", partitionKeyPath: "/tenantId", description: "latest check results per customer and partner" },
  /**
   * The audit trail (src/store/auditRepo.ts): one document per mutating action (who, what, when, outcome, correlation
   * id; never a secret), partitioned by `/month` ("2026-12", UTC): `audit` reads the most recent entries, which live
   * in the current month's partition (then the previous one), as single-partition queries ordered by time; no
   * partition grows without bound, and old months are expired by query.
   */
  audit: { id: "audit", partitionKeyPath: "/month", description: "audit trail of mutating actions" },
} as const satisfies Record<string, ContainerDef>;

export type ContainerName = keyof typeof CONTAINERS;
export const CONTAINER_NAMES = Object.keys(CONTAINERS) as ContainerName[];

/**
 * Test helper (tests only): the product's real Microsoft clients (src/graph tokens / client / partnerCenter) pointed at
 * a running simulator, as the composition root would build them. The simulator's CA goes to a temp file (MS_CA_FILE).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MicrosoftHosts } from "../../../config";
import { createLogger, type Logger } from "../../../log/logger";
import { createGraphClient, type GraphClient } from "../../client";
import { createPartnerCenterClient, type PartnerCenterClient } from "../../partnerCenter";
import { appTokenProvider, createTokenBroker, type AppCredentials, type TokenBroker, type TokenProvider } from "../../tokens";
import type { SnapshotDeps } from "../snapshot";

export interface SimUrls {
  login: string;
  graph: string;
  partnerCenter: string;
  defender: string;
}

export interface SimDeps {
  hosts: MicrosoftHosts;
  logger: Logger;
  /** Lines the logger wrote (to prove no token or secret is logged). */
  lines: string[];
  tokens: TokenBroker;
  graphFor(token: TokenProvider): GraphClient;
  /** SnapshotDeps with the partner-tenant Graph client on `app`'s client-credentials token. */
  snapshotDeps(app: AppCredentials, partnerTenantId: string, o?: { partnerCenterApp?: AppCredentials; concurrency?: number }): SnapshotDeps;
  cleanup(): void;
}

export function simDeps(urls: SimUrls, caPem: string): SimDeps {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tp-readers-"));
  const caFile = path.join(dir, "ca.pem");
  writeFileSync(caFile, caPem);
  const hosts: MicrosoftHosts = { loginUrl: urls.login, graphUrl: urls.graph, partnerCenterUrl: urls.partnerCenter, defenderUrl: urls.defender, caFile };
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", sink: (_level, line) => lines.push(line) });
  const tokens = createTokenBroker(hosts, { logger });
  const graphFor = (token: TokenProvider): GraphClient => createGraphClient(hosts, token, { logger });
  return {
    hosts,
    logger,
    lines,
    tokens,
    graphFor,
    snapshotDeps: (app, partnerTenantId, o = {}) => {
      const partnerCenter: PartnerCenterClient | undefined = o.partnerCenterApp
        ? createPartnerCenterClient(hosts, appTokenProvider(tokens, o.partnerCenterApp, partnerTenantId, "partnerCenter"), { logger })
        : undefined;
      return {
        graph: graphFor(appTokenProvider(tokens, app, partnerTenantId, "graph")),
        tokens,
        customerGraph: graphFor,
        ...(partnerCenter ? { partnerCenter } : {}),
        partnerTenantId,
        logger,
        ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
      };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

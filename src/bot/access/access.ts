/**
 * Access as the composition root wires it: the admin policy from the configuration (azure mode ADMIN_GROUP_ID, else
 * nobody; local mode ADMIN_GROUP_ID or the scenario's rehearsal.adminGroupId, else the Playground user), the
 * membership asked of Graph as the signed-in user, and the guard over the audit trail.
 */
import type { Clock } from "../../clock";
import type { AppMode, MicrosoftHosts } from "../../config";
import { createGraphClient } from "../../graph/client";
import type { Logger } from "../../log/logger";
import type { AuditRepo } from "../../store/auditRepo";
import type { ActionGuard } from "../guard";
import type { Turn } from "../router";
import { turnIdentity, type SsoApplication, type UserGraphTokenSource } from "../sso/userGraphToken";
import { createAccessGuard, type AdminPolicy } from "./guard";
import { graphAdminMembership } from "./membership";

export interface AccessDeps {
  mode: AppMode;
  /** ADMIN_GROUP_ID, else (local mode) the rehearsal's adminGroupId. */
  adminGroupId?: string;
  hosts: MicrosoftHosts;
  graphToken: UserGraphTokenSource;
  audit: AuditRepo;
  clock: Clock;
  logger: Logger;
  cacheMs?: number;
}

export interface Access {
  readonly audit: AuditRepo;
  /** How admins are decided, for the start-up log. */
  readonly policy: AdminPolicy["kind"];
  /** The guard; `ssoApp` when the Application has Teams SSO (azure mode). Call once: the membership cache lives in it. */
  guardFor(ssoApp?: SsoApplication): ActionGuard;
}

export function createAccess(deps: AccessDeps): Access {
  const kind: AdminPolicy["kind"] = deps.adminGroupId !== undefined ? "group" : deps.mode === "azure" ? "nobody" : "everyone";
  if (kind === "nobody") deps.logger.warn("ADMIN_GROUP_ID is not set: nobody may change anything (setup, sync, alerts); reading still works");
  else deps.logger.info("access", kind === "group" ? { adminGroupId: deps.adminGroupId } : { admins: "the local user" });
  return {
    audit: deps.audit,
    policy: kind,
    guardFor(ssoApp) {
      const graphFor = (turn: Turn) =>
        createGraphClient(deps.hosts, ({ forceRefresh }) => deps.graphToken.getGraphToken(turnIdentity(turn.ctx, turn.state, ssoApp), { forceRefresh }), { logger: turn.log });
      const policy: AdminPolicy =
        deps.adminGroupId !== undefined ? { kind: "group", membership: graphAdminMembership(deps.adminGroupId, graphFor) } : kind === "nobody" ? { kind: "nobody" } : { kind: "everyone" };
      return createAccessGuard({ policy, audit: deps.audit, clock: deps.clock, ...(deps.cacheMs !== undefined ? { cacheMs: deps.cacheMs } : {}) });
    },
  };
}

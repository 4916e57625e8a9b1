/**
 * Pure: the facts the alert detectors need, taken from the check's partner snapshot (dates of both apps' client
 * secrets, GDAP end dates and auto-extend, consent and the lifecycle group per customer, the service account's Global
 * Administrator role), merged with the facts saved before so that "was working once" survives (access lost) and the
 * first time Microsoft 365 was seen connected is kept.
 */
import { autoExtendOff } from "../checks/gdapDates";
import { secretLabel } from "../checks/clientSecrets";
import { ROLE, hasRole } from "../checks/roles";
import type { AppSnapshot, CustomerSnapshot, PartnerSnapshot } from "../domain/snapshot";
import type { AccessFact, AlertFacts, GdapFact, SecretFact } from "./types";

function secretsOf(app: AppSnapshot | null, which: SecretFact["app"]): SecretFact[] {
  if (!app) return [];
  return app.passwordCredentials.map((p) => ({
    app: which,
    appId: app.appId,
    appName: app.displayName,
    keyId: p.keyId,
    label: secretLabel(p),
    startDateTime: p.startDateTime,
    endDateTime: p.endDateTime,
  }));
}

function uniqueSecrets(secrets: readonly SecretFact[]): SecretFact[] {
  const seen = new Set<string>();
  return secrets.filter((x) => {
    const k = `${x.appId.toLowerCase()}:${x.keyId.toLowerCase()}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function gdapOf(c: CustomerSnapshot): GdapFact[] {
  return c.relationships
    .filter((r) => r.status === "active" && r.endDateTime !== null)
    .map((r) => ({
      tenantId: c.tenantId,
      tenantName: c.displayName,
      relationshipId: r.id,
      relationshipName: r.displayName,
      endDateTime: r.endDateTime as string,
      autoExtendOff: autoExtendOff(r.autoExtendDuration),
      globalAdmin: hasRole(r.roles, ROLE.globalAdministrator),
    }));
}

function groupInGdap(c: CustomerSnapshot, s: PartnerSnapshot): boolean | null {
  if (!s.lifecycleGroup) return false;
  if (!s.lifecycleGroupContainedIn.ok) return null;
  const containers = new Set([s.lifecycleGroup.id, ...s.lifecycleGroupContainedIn.value]);
  let unreadable = false;
  for (const r of c.relationships) {
    if (r.status !== "active") continue;
    if (!r.accessAssignments.ok) {
      unreadable = true;
      continue;
    }
    if (r.accessAssignments.value.some((a) => a.status === "active" && containers.has(a.groupId))) return true;
  }
  return unreadable ? null : false;
}

function consentOf(c: CustomerSnapshot): boolean | null {
  const t = c.lifecycleApp?.token;
  if (!t) return null;
  if (t.ok) return true;
  return t.error.code === "notConsented" ? false : null;
}

export function factsFromSnapshot(s: PartnerSnapshot, previous?: AlertFacts): AlertFacts {
  const before = new Map((previous?.access ?? []).map((a) => [a.tenantId, a]));
  const access: AccessFact[] = s.customers.map((c) => {
    const consent = consentOf(c);
    const group = groupInGdap(c, s);
    const was = before.get(c.tenantId);
    const newlyReachable = previous !== undefined && consent === true && !(was?.consentSeen ?? false);
    return {
      tenantId: c.tenantId,
      tenantName: c.displayName,
      consent,
      lifecycleGroupInGdap: group,
      consentSeen: consent === true || (was?.consentSeen ?? false),
      groupSeen: group === true || (was?.groupSeen ?? false),
      ...(newlyReachable ? { newlyReachable } : {}),
    };
  });
  const sa = s.serviceAccount;
  const facts: AlertFacts = {
    takenAt: s.takenAt,
    partnerTenantId: s.partner.tenantId,
    // One registration may be both apps (the guides allow it): each of its secrets once, as the lifecycle app's.
    secrets: uniqueSecrets([...secretsOf(s.lifecycleApp, "lifecycle"), ...secretsOf(s.partnerCenterApp, "partnerCenter")]),
    gdap: s.customers.flatMap(gdapOf),
    access,
    serviceAccountGlobalAdmin: sa && sa.directoryRoles.ok ? hasRole(sa.directoryRoles.value, ROLE.globalAdministrator) : null,
  };
  if (sa) {
    facts.serviceAccountUpn = sa.user.userPrincipalName;
    facts.serviceAccountId = sa.user.id;
  }
  const since = s.m365Connected ? (previous?.m365ConnectedSince ?? s.takenAt) : undefined;
  if (since !== undefined) facts.m365ConnectedSince = since;
  return facts;
}

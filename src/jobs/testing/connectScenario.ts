/**
 * Test helper (tests only): the demo scenario as Connect needs it, until sim/scenarios/demo.json carries it:
 * Tenant Pilot's app lists the bot's Connect redirect URI and holds the Connect scopes (M365_DELEGATED_SCOPES)
 * among its delegated permissions, and is consented in every customer (as the partner's app must be for GDAP
 * delegated access). `rehearsal`: keep the block, drop only its service account (no connect at start), or drop it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { M365_DELEGATED_SCOPES } from "../../graph/delegated";

export const DEMO_FILE = path.join(__dirname, "../../../sim/scenarios/demo.json");
export const TENANT_PILOT_APP_ID = "ab000000-0000-4000-8000-000000000002";

interface App {
  appId: string;
  redirectUris?: string[];
  requiredDelegatedPermissions?: Record<string, string[]>;
  grantedDelegatedPermissions?: Record<string, string[]>;
}
interface Demo {
  partner: { applications: App[] };
  customers: Array<{ consentedApps?: Array<{ appId: string }> }>;
  rehearsal?: Record<string, unknown>;
  [k: string]: unknown;
}

export function connectScenario(o: { redirectUris: string[]; rehearsal: "keep" | "withoutServiceAccount" | "drop" }): Record<string, unknown> {
  const s = JSON.parse(readFileSync(DEMO_FILE, "utf8")) as Demo;
  for (const a of s.partner.applications) {
    if (a.appId !== TENANT_PILOT_APP_ID) continue;
    a.redirectUris = o.redirectUris;
    for (const k of ["requiredDelegatedPermissions", "grantedDelegatedPermissions"] as const) {
      const graph = (a[k] ??= {}).graph ?? [];
      a[k].graph = [...graph, ...M365_DELEGATED_SCOPES.filter((p) => !graph.includes(p))];
    }
  }
  for (const c of s.customers) if (!(c.consentedApps ?? []).some((x) => x.appId === TENANT_PILOT_APP_ID)) (c.consentedApps ??= []).push({ appId: TENANT_PILOT_APP_ID });
  if (o.rehearsal === "withoutServiceAccount" && s.rehearsal) delete s.rehearsal.serviceAccount;
  if (o.rehearsal === "drop") delete s.rehearsal;
  return s;
}

/**
 * `setup mem`'s form, saved: the partner tenant must be the signed-in one, both app ids must be registrations in it,
 * both keys must get a token there (client credentials, never cached: `forceRefresh`), and the lifecycle app's key is
 * tried in one customer (the first few with an active GDAP relationship, until one answers). Only when all of that
 * holds are the keys written to the secret store and the app ids to the settings; a failure of the settings write
 * puts the previous keys back. Keys are never logged, returned or echoed.
 */
import { FIELD_PROBLEMS, type FieldProblems, type MemFormValues } from "../dialogs/wizards/memForm";
import type { GraphClient } from "../graph/client";
import { MicrosoftError } from "../graph/errors";
import { mapAll, toRelationship } from "../graph/readers/gdapMapping";
import type { Resource, TokenBroker } from "../graph/tokens";
import type { Logger } from "../log/logger";
import { SECRET_NAMES, type SecretStore } from "../secrets/secretStore";
import type { SettingsRepo } from "../store/settingsRepo";
import { partnerTenantOf } from "./checkJob";
import { z } from "zod/v4";

export interface MemSetupDeps {
  tokens: TokenBroker;
  settings: SettingsRepo;
  secrets: SecretStore;
  logger: Logger;
}

export interface AppRef {
  appId: string;
  displayName: string;
}

export type MemSaveOutcome =
  | { ok: true; partnerTenantId: string; partnerCenterApp: AppRef; lifecycleApp: AppRef; customerCheck: string }
  /** Nothing was stored. `notice`: a problem that is no field's (Microsoft unavailable, throttled …). */
  | { ok: false; problems: FieldProblems; notice?: string };

export type SaveMemSetup = (partnerGraph: GraphClient, values: MemFormValues, opts?: { by?: string }) => Promise<MemSaveOutcome>;

/** Customers tried for the lifecycle app's key at most. */
export const MAX_CUSTOMERS_TRIED = 3;

const AppList = z.object({ value: z.array(z.object({ appId: z.string(), displayName: z.string().nullish() })) });
const RelationshipPage = z.object({ value: z.array(z.unknown()) });

type KeyVerdict = { ok: true } | { ok: false; field: string } | { ok: false; notice: string };

/** Pure: what a token failure says about the key (a field problem), or a notice when it says nothing about it. */
export function keyVerdict(err: unknown): KeyVerdict {
  if (err instanceof MicrosoftError) {
    if (err.code === "secretInvalid") return { ok: false, field: FIELD_PROBLEMS.keyWrong };
    if (err.code === "secretExpired") return { ok: false, field: FIELD_PROBLEMS.keyExpired };
    if (err.code === "notConsented") return { ok: false, field: FIELD_PROBLEMS.appNotFound };
    return { ok: false, notice: `The keys could not be checked: ${err.adminMessage} Nothing was stored.` };
  }
  return { ok: false, notice: "The keys could not be checked because of an unexpected error. Nothing was stored; try again." };
}

export function createMemSetup(deps: MemSetupDeps): SaveMemSetup {
  const log = deps.logger.child({ component: "setupMem" });

  const findApp = async (graph: GraphClient, appId: string): Promise<AppRef | undefined> => {
    const raw = await graph.get<unknown>(`/applications?$filter=appId eq '${appId}'&$select=appId,displayName`);
    const page = AppList.safeParse(raw);
    const app = page.success ? page.data.value.find((a) => a.appId.toLowerCase() === appId) : undefined;
    return app ? { appId, displayName: app.displayName ?? appId } : undefined;
  };

  const tryKey = async (clientId: string, clientSecret: string, tenantId: string, resource: Resource): Promise<KeyVerdict> => {
    try {
      await deps.tokens.appToken({ clientId, clientSecret }, tenantId, resource, { forceRefresh: true });
      return { ok: true };
    } catch (err) {
      const v = keyVerdict(err);
      log.info("setup key refused", { tenantId, resource, code: err instanceof MicrosoftError ? err.code : "unexpected" });
      return v;
    }
  };

  /** The lifecycle app in a customer: a sentence for the saved card (consent itself is what Verify and `check` judge). */
  const tryInCustomer = async (graph: GraphClient, v: MemFormValues): Promise<{ ok: true; text: string } | { ok: false; problem: KeyVerdict }> => {
    let customers: { tenantId: string; name: string }[];
    try {
      const page = RelationshipPage.parse(await graph.get<unknown>("/tenantRelationships/delegatedAdminRelationships?$top=50"));
      const rows = mapAll(page.value, toRelationship).values.filter((r) => r.relationship.status === "active");
      const seen = new Set<string>();
      customers = rows.flatMap((r) => (seen.has(r.customerTenantId) ? [] : (seen.add(r.customerTenantId), [{ tenantId: r.customerTenantId, name: r.customerName ?? r.customerTenantId }])));
    } catch (err) {
      log.info("setup could not list customers", { code: err instanceof MicrosoftError ? err.code : "unexpected" });
      return { ok: true, text: "Your customers could not be listed, so the lifecycle app's key was tried in your tenant only; type \"check apps\" to try it in every customer." };
    }
    if (customers.length === 0) return { ok: true, text: "No customer has an active GDAP relationship yet, so the lifecycle app's key was tried in your tenant only." };
    const refused: string[] = [];
    for (const c of customers.slice(0, MAX_CUSTOMERS_TRIED)) {
      const r = await tryKey(v.lifecycleAppId, v.lifecycleAppKey, c.tenantId, "graph");
      if (r.ok) return { ok: true, text: `The lifecycle app's key also works in your customer ${c.name}.` };
      if ("field" in r && r.field !== FIELD_PROBLEMS.appNotFound) return { ok: false, problem: { ok: false, field: FIELD_PROBLEMS.keyInCustomer } };
      if ("notice" in r) return { ok: false, problem: r };
      refused.push(c.name);
    }
    return {
      ok: true,
      text: `The lifecycle app is not consented yet in ${refused.join(", ")}; type "check apps" to list every customer that still has to consent.`,
    };
  };

  return async (graph, v, opts = {}) => {
    const problems: FieldProblems = {};
    const partnerTenantId = await partnerTenantOf(graph);
    if (partnerTenantId.toLowerCase() !== v.partnerTenantId) return { ok: false, problems: { partnerTenantId: FIELD_PROBLEMS.notPartnerTenant } };

    const [pcApp, lcApp] = await Promise.all([findApp(graph, v.partnerCenterAppId), findApp(graph, v.lifecycleAppId)]);
    if (!pcApp) problems.partnerCenterAppId = FIELD_PROBLEMS.appNotFound;
    if (!lcApp) problems.lifecycleAppId = FIELD_PROBLEMS.appNotFound;
    if (!pcApp || !lcApp) return { ok: false, problems };

    const [pc, lc] = await Promise.all([
      tryKey(v.partnerCenterAppId, v.partnerCenterAppKey, partnerTenantId, "partnerCenter"),
      tryKey(v.lifecycleAppId, v.lifecycleAppKey, partnerTenantId, "graph"),
    ]);
    for (const [r, field] of [[pc, "partnerCenterAppKey"], [lc, "lifecycleAppKey"]] as const) {
      if (r.ok) continue;
      if ("notice" in r) return { ok: false, problems, notice: r.notice };
      problems[field] = r.field;
    }
    if (Object.keys(problems).length > 0) return { ok: false, problems };

    const customer = await tryInCustomer(graph, v);
    if (!customer.ok) {
      const p = customer.problem;
      if (!p.ok && "notice" in p) return { ok: false, problems, notice: p.notice };
      return { ok: false, problems: { lifecycleAppKey: FIELD_PROBLEMS.keyInCustomer } };
    }

    // Store: keys first, then the choices; put the previous keys back if the choices cannot be written.
    const names = [SECRET_NAMES.partnerCenterAppClientSecret, SECRET_NAMES.lifecycleAppClientSecret] as const;
    const previous = await Promise.all(names.map((n) => deps.secrets.get(n)));
    try {
      await deps.secrets.set(SECRET_NAMES.partnerCenterAppClientSecret, v.partnerCenterAppKey);
      await deps.secrets.set(SECRET_NAMES.lifecycleAppClientSecret, v.lifecycleAppKey);
      await deps.settings.patch(
        partnerTenantId,
        (cur) => {
          const { updatedAt: _a, updatedBy: _b, ...rest } = cur ?? { source: "setup" as const, updatedAt: "" };
          return { ...rest, source: "setup", partnerCenterAppId: v.partnerCenterAppId, lifecycleAppId: v.lifecycleAppId };
        },
        opts.by !== undefined ? { by: opts.by } : {},
      );
    } catch (err) {
      await Promise.all(
        names.map(async (n, i) => {
          const old = previous[i];
          await (old === undefined ? deps.secrets.delete(n) : deps.secrets.set(n, old));
        }),
      ).catch((restoreError: unknown) => log.error("setup could not restore the previous keys", { error: restoreError }));
      throw err;
    }
    log.info("setup mem saved", { partnerTenantId, partnerCenterAppId: v.partnerCenterAppId, lifecycleAppId: v.lifecycleAppId });
    return { ok: true, partnerTenantId, partnerCenterApp: pcApp, lifecycleApp: lcApp, customerCheck: customer.text };
  };
}

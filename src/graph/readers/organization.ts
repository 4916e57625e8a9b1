/** The partner's own organization: display name and default domain (a failure falls back to the tenant id). */
import { z } from "zod/v4";
import type { PartnerSnapshot, ReadFailure } from "../../domain/snapshot";
import { toReadFailure } from "../errors";
import { request, type ReadContext } from "./context";

const Organization = z.object({
  id: z.string(),
  displayName: z.string().nullish(),
  verifiedDomains: z.array(z.object({ name: z.string(), isDefault: z.boolean().nullish(), isInitial: z.boolean().nullish() })).nullish(),
});

/** Pure: the first organization of the answer as the snapshot's partner, or null when it does not parse. */
export function toPartner(items: readonly unknown[], tenantId: string): PartnerSnapshot["partner"] | null {
  const p = Organization.safeParse(items[0]);
  if (!p.success) return null;
  const domains = p.data.verifiedDomains ?? [];
  const domain = domains.find((d) => d.isDefault) ?? domains.find((d) => d.isInitial) ?? domains[0];
  return { tenantId: tenantId.toLowerCase(), displayName: p.data.displayName ?? tenantId, domain: domain?.name ?? null };
}

export async function readOrganization(ctx: ReadContext, tenantId: string): Promise<{ value: PartnerSnapshot["partner"]; failure?: ReadFailure }> {
  const fallback = { tenantId: tenantId.toLowerCase(), displayName: tenantId, domain: null };
  try {
    const items = await request(ctx, (g) => g.all<unknown>("/organization?$select=id,displayName,verifiedDomains"));
    return { value: toPartner(items, tenantId) ?? fallback };
  } catch (e) {
    return { value: fallback, failure: toReadFailure(e) };
  }
}

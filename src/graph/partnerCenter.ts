/**
 * Partner Center `GET /v1/customers?size=n` with its seek-based continuation: the next page is `links.next` — a GET of
 * its `uri` with the headers it lists (`MS-ContinuationToken`), followed as given. Same transport as Graph (token,
 * Retry-After / back-off, one refresh after a stale-token 401); failures are MicrosoftError.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod/v4";
import type { MicrosoftHosts } from "../config";
import type { Logger } from "../log/logger";
import type { RetryPolicy } from "./backoff";
import { MicrosoftError } from "./errors";
import type { TokenProvider } from "./tokens";
import { createTransport, jsonOrThrow, type Transport } from "./transport";

export interface PartnerCenterCustomer {
  tenantId: string;
  companyName: string;
  domain: string | null;
  relationshipToPartner: string | null;
  /** Addition to the contract: set for customers of an indirect reseller (Partner Center shows them as "reseller"). */
  associatedPartnerId?: string;
}
export interface PartnerCenterClient {
  customers(): Promise<PartnerCenterCustomer[]>;
}

export interface PartnerCenterClientOptions {
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Customers per page (Partner Center caps it; default 500). */
  pageSize?: number;
  /** Page cap (default 1000). */
  maxPages?: number;
}

const Link = z.object({
  uri: z.string().min(1),
  method: z.string().optional(),
  headers: z.array(z.object({ key: z.string(), value: z.string() })).nullish(),
});
const CustomerSchema = z.object({
  id: z.string(),
  companyProfile: z.object({ tenantId: z.string().optional(), domain: z.string().nullish(), companyName: z.string().nullish() }).nullish(),
  relationshipToPartner: z.string().nullish(),
  associatedPartnerId: z.string().nullish(),
});
const PageSchema = z.object({
  items: z.array(CustomerSchema),
  links: z.object({ next: Link.nullish() }).nullish(),
});

export type PartnerCenterPage = z.infer<typeof PageSchema>;

/** A customer item as the product sees it (pure). */
export function toCustomer(c: z.infer<typeof CustomerSchema>): PartnerCenterCustomer {
  const out: PartnerCenterCustomer = {
    tenantId: c.companyProfile?.tenantId ?? c.id,
    companyName: c.companyProfile?.companyName ?? c.id,
    domain: c.companyProfile?.domain ?? null,
    relationshipToPartner: c.relationshipToPartner ?? null,
  };
  if (c.associatedPartnerId) out.associatedPartnerId = c.associatedPartnerId;
  return out;
}

/**
 * Where `links.next` points (pure): an absolute uri as it is; a relative one on the Partner Center host, under /v1
 * unless it already says so (Microsoft documents "/customers?…"; the simulator answers "/v1/customers?…").
 */
export function nextUrl(baseUrl: string, uri: string): string {
  if (/^https?:\/\//i.test(uri)) return uri;
  const origin = new URL(baseUrl).origin;
  const rel = uri.startsWith("/") ? uri : `/${uri}`;
  return /^\/v\d+\//i.test(rel) ? `${origin}${rel}` : `${origin}/v1${rel}`;
}

/** Partner Center's stale-token answer: 401 other than its MFA refusal (900421). */
function isStaleToken(status: number, body: unknown): boolean {
  if (status !== 401) return false;
  const code = typeof body === "object" && body !== null ? (body as { code?: unknown }).code : undefined;
  return code !== 900421 && code !== "900421";
}

async function readJson(send: Transport, url: string, headers: Record<string, string>): Promise<unknown> {
  return jsonOrThrow(await send({ url, method: "GET", headers }), "partnerCenter");
}

export function createPartnerCenterClient(hosts: MicrosoftHosts, token: TokenProvider, opts: PartnerCenterClientOptions): PartnerCenterClient {
  const log = opts.logger.child({ component: "partnerCenter" });
  const send = createTransport({
    service: "partnerCenter",
    hosts,
    token,
    logger: log,
    isStaleToken,
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.retry ? { retry: opts.retry } : {}),
  });
  const size = Math.max(1, Math.min(opts.pageSize ?? 500, 500));
  const maxPages = opts.maxPages ?? 1000;
  return {
    customers: async () => {
      const out: PartnerCenterCustomer[] = [];
      const correlationId = randomUUID();
      let url: string | undefined = `${hosts.partnerCenterUrl}/v1/customers?size=${size}`;
      let extra: Record<string, string> = {};
      for (let n = 0; url !== undefined; n++) {
        if (n >= maxPages) throw new MicrosoftError({ code: "unknown", service: "partnerCenter", microsoftCode: "page cap reached" });
        const body = await readJson(send, url, { "MS-CorrelationId": correlationId, "MS-RequestId": randomUUID(), ...extra });
        const page = PageSchema.safeParse(body);
        if (!page.success) throw new MicrosoftError({ code: "unknown", service: "partnerCenter", microsoftCode: "not a customer collection" });
        out.push(...page.data.items.map(toCustomer));
        const next = page.data.links?.next;
        url = next ? nextUrl(hosts.partnerCenterUrl, next.uri) : undefined;
        extra = {};
        for (const h of next?.headers ?? []) extra[h.key] = h.value;
      }
      log.debug("partner center customers read", { customers: out.length });
      return out;
    },
  };
}

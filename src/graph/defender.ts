/**
 * Defender for Endpoint `GET /api/machines` in pages of `$top` (max 10,000) with `$skip`: an `@odata.nextLink` is
 * followed as given; a full page without one continues at the next `$skip` (Defender's documented paging); a short
 * page ends. Same transport as Graph (token, Retry-After — Defender allows 100 calls/min, 1,500/hour — back-off, one
 * refresh after a 401); failures are MicrosoftError.
 */
import { z } from "zod/v4";
import type { MicrosoftHosts } from "../config";
import type { Logger } from "../log/logger";
import type { RetryPolicy } from "./backoff";
import { MicrosoftError } from "./errors";
import type { TokenProvider } from "./tokens";
import { createTransport, jsonOrThrow } from "./transport";

export const DEFENDER_MAX_TOP = 10_000;

export interface DefenderClient {
  machines(opts?: { pageSize?: number }): AsyncGenerator<unknown[]>;
}

export interface DefenderClientOptions {
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  /** Page cap (default 1000). */
  maxPages?: number;
}

const PageSchema = z.object({ value: z.array(z.record(z.string(), z.unknown())), "@odata.nextLink": z.string().nullish() });

/** The URL of the next page (pure): the nextLink when given, else the next $skip after a full page, else none. */
export function nextMachinesUrl(base: string, pageSize: number, skip: number, got: number, nextLink: string | null | undefined): string | undefined {
  if (nextLink) return nextLink;
  if (got < pageSize) return undefined;
  return `${base}/api/machines?$top=${pageSize}&$skip=${skip + got}`;
}

export function createDefenderClient(hosts: MicrosoftHosts, token: TokenProvider, opts: DefenderClientOptions): DefenderClient {
  const log = opts.logger.child({ component: "defender" });
  const send = createTransport({
    service: "defender",
    hosts,
    token,
    logger: log,
    isStaleToken: (status) => status === 401,
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    ...(opts.retry ? { retry: opts.retry } : {}),
  });
  const maxPages = opts.maxPages ?? 1000;

  async function* machines(o: { pageSize?: number } = {}): AsyncGenerator<unknown[]> {
    const pageSize = Math.max(1, Math.min(Math.floor(o.pageSize ?? DEFENDER_MAX_TOP), DEFENDER_MAX_TOP));
    let url: string | undefined = `${hosts.defenderUrl}/api/machines?$top=${pageSize}`;
    let skip = 0;
    for (let n = 0; url !== undefined; n++) {
      if (n >= maxPages) throw new MicrosoftError({ code: "unknown", service: "defender", microsoftCode: "page cap reached" });
      const body = await jsonOrThrow(await send({ url, method: "GET" }), "defender");
      const page = PageSchema.safeParse(body);
      if (!page.success) throw new MicrosoftError({ code: "unknown", service: "defender", microsoftCode: "not a machine collection" });
      const got = page.data.value.length;
      if (got > 0) yield page.data.value;
      url = nextMachinesUrl(hosts.defenderUrl, pageSize, skip, got, page.data["@odata.nextLink"]);
      skip += got;
    }
  }
  return { machines };
}

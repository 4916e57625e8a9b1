/**
 * Reads one Graph collection page by page to its end, handing each page to `onPage` before the next is asked for
 * (constant memory: a page at a time), and says how it ended: complete, or truncated (no nextLink but fewer items
 * than Microsoft's `@odata.count`, see sweep.ts). Failures propagate as thrown (the caller's "failed").
 * Our own loop rather than GraphClient.pages because the sweep needs `@odata.count`, which pages() does not expose.
 */
import { z } from "zod/v4";
import { MicrosoftError } from "../graph/errors";
import { readEnd, type ReadEnd } from "./sweep";

const Page = z.object({
  value: z.array(z.unknown()),
  "@odata.nextLink": z.string().nullish(),
  "@odata.count": z.number().int().min(0).nullish(),
});

export const MAX_PAGES = 10_000;

export async function readAllPages(
  get: (pathOrUrl: string) => Promise<unknown>,
  path: string,
  onPage: (items: unknown[]) => Promise<void>,
  opts: { pageSize?: number; maxPages?: number } = {},
): Promise<ReadEnd> {
  const maxPages = opts.maxPages ?? MAX_PAGES;
  let received = 0;
  let expected: number | undefined;
  let lastPageSize = 0;
  // The next page is asked for while this one is handed over (two pages in memory at most): the chain of a large
  // tenant's pages then costs max(latency, write) per page instead of their sum.
  let inFlight: Promise<unknown> | undefined = get(path);
  for (let n = 0; inFlight !== undefined; n++) {
    if (n >= maxPages) throw new MicrosoftError({ code: "unknown", service: "graph", microsoftCode: "page cap reached" });
    const parsed = Page.safeParse(await inFlight);
    inFlight = undefined;
    if (!parsed.success) throw new MicrosoftError({ code: "unknown", service: "graph", microsoftCode: "not a collection" });
    const page = parsed.data;
    const count = page["@odata.count"];
    if (typeof count === "number") expected = Math.max(expected ?? 0, count);
    received += page.value.length;
    lastPageSize = page.value.length;
    const next = page["@odata.nextLink"] ?? undefined;
    if (next !== undefined && n + 1 < maxPages) {
      inFlight = get(next);
      // Awaited on the next turn; if onPage throws first, its failure must not go unhandled.
      inFlight.catch(() => undefined);
    } else if (next !== undefined) {
      inFlight = Promise.resolve(undefined);
    }
    await onPage(page.value);
  }
  return readEnd({ received, lastPageSize, ...(expected !== undefined ? { expected } : {}), ...(opts.pageSize !== undefined ? { pageSize: opts.pageSize } : {}) });
}

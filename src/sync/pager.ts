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
  let next: string | undefined = path;
  let received = 0;
  let expected: number | undefined;
  let lastPageSize = 0;
  for (let n = 0; next !== undefined; n++) {
    if (n >= maxPages) throw new MicrosoftError({ code: "unknown", service: "graph", microsoftCode: "page cap reached" });
    const parsed = Page.safeParse(await get(next));
    if (!parsed.success) throw new MicrosoftError({ code: "unknown", service: "graph", microsoftCode: "not a collection" });
    const page = parsed.data;
    const count = page["@odata.count"];
    if (typeof count === "number") expected = Math.max(expected ?? 0, count);
    received += page.value.length;
    lastPageSize = page.value.length;
    await onPage(page.value);
    next = page["@odata.nextLink"] ?? undefined;
  }
  return readEnd({ received, lastPageSize, ...(expected !== undefined ? { expected } : {}), ...(opts.pageSize !== undefined ? { pageSize: opts.pageSize } : {}) });
}

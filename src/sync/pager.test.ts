/** readAllPages (pure over a fake `get`): the next page is asked for while this one is handed over; how the read ended. */
import { readAllPages } from "./pager";

const page = (n: number, last: number) => ({ value: [n], "@odata.count": last + 1, ...(n < last ? { "@odata.nextLink": `https://graph.example/p${n + 1}` } : {}) });

describe("readAllPages", () => {
  test("asks for page n+1 before page n is handed over; two pages in memory at most; complete", async () => {
    const events: string[] = [];
    const get = (url: string): Promise<unknown> => {
      events.push(`get ${url}`);
      const n = url === "/first" ? 0 : Number(url.slice(url.lastIndexOf("p") + 1));
      return Promise.resolve(page(n, 3));
    };
    const end = await readAllPages(get, "/first", async (items) => {
      events.push(`page ${String(items[0])}`);
      await Promise.resolve();
    });
    expect(events).toEqual(["get /first", "get https://graph.example/p1", "page 0", "get https://graph.example/p2", "page 1", "get https://graph.example/p3", "page 2", "page 3"]);
    expect(end.kind).toBe("complete");
  });

  test("a handler that fails stops the read; the page asked for meanwhile failing goes unhandled nowhere", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      const get = (url: string): Promise<unknown> => (url === "/first" ? Promise.resolve(page(0, 5)) : Promise.reject(new Error("503")));
      await expect(
        readAllPages(get, "/first", () => Promise.reject(new Error("store down"))),
      ).rejects.toThrow("store down");
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  test("the failure of a page asked for ahead surfaces when its turn comes", async () => {
    const seen: unknown[] = [];
    const get = (url: string): Promise<unknown> => (url === "/first" ? Promise.resolve(page(0, 5)) : Promise.reject(new Error("throttled out")));
    await expect(readAllPages(get, "/first", (items) => Promise.resolve(void seen.push(...items)))).rejects.toThrow("throttled out");
    expect(seen).toEqual([0]);
  });

  test("the page cap still holds", async () => {
    const get = (url: string): Promise<unknown> => Promise.resolve(page(url === "/first" ? 0 : Number(url.slice(url.lastIndexOf("p") + 1)), 100));
    await expect(readAllPages(get, "/first", () => Promise.resolve(), { maxPages: 3 })).rejects.toMatchObject({ microsoftCode: "page cap reached" });
  });
});

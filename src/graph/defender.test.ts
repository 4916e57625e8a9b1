/** Defender paging decision (pure). */
import { nextMachinesUrl } from "./defender";

const base = "https://api.security.microsoft.com";
test.each<[string, number, number, number, string | null | undefined, string | undefined]>([
  ["nextLink given: followed as it is", 100, 0, 100, `${base}/api/machines?$top=100&$skip=100&x=y`, `${base}/api/machines?$top=100&$skip=100&x=y`],
  ["full page without nextLink: next $skip", 100, 0, 100, undefined, `${base}/api/machines?$top=100&$skip=100`],
  ["full later page", 100, 300, 100, null, `${base}/api/machines?$top=100&$skip=400`],
  ["short page ends", 100, 300, 42, undefined, undefined],
  ["empty page ends", 100, 0, 0, undefined, undefined],
])("%s", (_n, pageSize, skip, got, nextLink, expected) => {
  expect(nextMachinesUrl(base, pageSize, skip, got, nextLink)).toBe(expected);
});

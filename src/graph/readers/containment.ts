/**
 * Which access-container groups contain the lifecycle group (directly or nested): ONE pass over the unique container
 * ids of every customer, `POST /groups/{lifecycleGroupId}/checkMemberGroups` with at most 20 ids a call, the calls
 * themselves sent 20 to a $batch. Any call that fails fails the whole answer (a partial set would read as "missing").
 */
import type { Readable } from "../../domain/snapshot";
import type { BatchItem } from "../client";
import { toReadFailure } from "../errors";
import { request, type ReadContext } from "./context";
import { MAX_CHECK_IDS, memberIds } from "./memberGroups";
import { readFailed, readOk } from "./readable";
import { GUID_PATTERN } from "../../domain/guid";

const BATCH_SIZE = 20;

/** Pure: unique, valid, lower-case ids (without the lifecycle group itself), in chunks of at most `size`. */
export function containerChunks(containerIds: Iterable<string>, lifecycleGroupId: string, size = MAX_CHECK_IDS): string[][] {
  const self = lifecycleGroupId.toLowerCase();
  const ids = [...new Set([...containerIds].map((x) => x.toLowerCase()))].filter((x) => GUID_PATTERN.test(x) && x !== self).sort();
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

export async function lifecycleGroupContainedIn(ctx: ReadContext, lifecycleGroupId: string, containerIds: Iterable<string>): Promise<Readable<string[]>> {
  const all = [...containerIds].map((x) => x.toLowerCase());
  // A container that IS the lifecycle group contains it.
  const contained = new Set(all.includes(lifecycleGroupId.toLowerCase()) ? [lifecycleGroupId.toLowerCase()] : []);
  const chunks = containerChunks(all, lifecycleGroupId);
  const path = `/groups/${encodeURIComponent(lifecycleGroupId)}/checkMemberGroups`;
  const calls: Promise<void>[] = [];
  for (let i = 0; i < chunks.length; i += BATCH_SIZE) {
    const items: BatchItem[] = chunks.slice(i, i + BATCH_SIZE).map((groupIds, j) => ({ id: String(j + 1), method: "POST", url: path, body: { groupIds } }));
    calls.push(
      (async () => {
        const results = items.length === 1
          ? [{ status: 200, body: await request(ctx, (g) => g.post<unknown>(path, items[0].body)) }]
          : await request(ctx, (g) => g.batch(items));
        for (const r of results) {
          if (r.status < 200 || r.status > 299) throw ("error" in r && r.error) || new Error(`checkMemberGroups answered ${r.status}`);
          for (const id of memberIds(r.body)) contained.add(id);
        }
      })(),
    );
  }
  try {
    await Promise.all(calls);
  } catch (e) {
    await Promise.allSettled(calls);
    return readFailed(toReadFailure(e));
  }
  return readOk([...contained].sort());
}

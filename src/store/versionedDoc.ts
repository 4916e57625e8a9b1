/**
 * One JSON document read with its `_etag` and written conditionally (IfMatch), for state that two admins or two
 * instances may change at once (setup choices, wizard progress). Never a silent overwrite:
 * - `write` with an etag replaces only that version; without one it only creates. Anything else is a
 *   DocConflictError (Cosmos 412 / 409), for the caller to answer ("someone else changed this").
 * - `update` re-reads and re-applies a pure function on conflict, a bounded number of times.
 *
 * Transient Cosmos failures (503, 408, 449, connection errors) are retried briefly (cosmosRetry.ts); a retried write
 * that had in fact been applied surfaces as a conflict, which `update` resolves by re-reading.
 *
 * The stored shape is `{ id, <partition key field>: value, data }`; `data` is validated by the caller's zod schema
 * both ways (what is read from Cosmos is input like any other).
 */
import type { Container } from "@azure/cosmos";
import type { z } from "zod/v4";
import { sameJson } from "./canonicalJson";
import { cosmosStatus } from "./cosmos";
import { withCosmosRetry } from "./cosmosRetry";

export interface Versioned<T> {
  value: T;
  /** Cosmos `_etag` of the version read or written: pass it back to write over exactly that version. */
  etag: string;
}

export class DocConflictError extends Error {
  constructor(
    readonly docId: string,
    /** 412: changed since read; 409: created meanwhile. */
    readonly status: 409 | 412,
    readonly attempts = 1,
  ) {
    super(`document ${docId} was changed by someone else (${status === 412 ? "newer version" : "already created"})`);
    this.name = "DocConflictError";
  }
}

/** A stored document (or a value to write) does not match its schema. Lists the paths, never the values. */
export class DocInvalidError extends Error {
  constructor(
    readonly docId: string,
    readonly paths: string[],
  ) {
    super(`document ${docId} is not valid at: ${paths.join(", ") || "(root)"}`);
    this.name = "DocInvalidError";
  }
}

export interface VersionedDoc<T> {
  read(): Promise<Versioned<T> | undefined>;
  /** `expected.etag`: replace that version only; `expected.absent`: create only. Throws DocConflictError otherwise. */
  write(value: T, expected: { etag: string } | { absent: true }): Promise<Versioned<T>>;
  /**
   * Applies `fn` to the latest value and writes the result conditionally; on conflict re-reads and re-applies, at most
   * `maxAttempts` times in all (default 5), then throws DocConflictError. `fn` must be pure (it may run several times).
   * When `fn` returns a value equal (as JSON, key order aside) to the current one, nothing is written.
   */
  update(fn: (current: T | undefined) => T, opts?: { maxAttempts?: number }): Promise<Versioned<T>>;
  /** Removes the document; false when there was none. */
  remove(): Promise<boolean>;
}

interface StoredDoc {
  id: string;
  data: unknown;
  _etag?: string;
}

export interface VersionedDocOptions<S extends z.ZodType> {
  id: string;
  /** Name of the partition key field (the container's partition key path without the slash), e.g. "partnerTenantId". */
  partitionKeyField: string;
  partitionKey: string;
  schema: S;
}

function paths(error: z.ZodError): string[] {
  return error.issues.map((i) => i.path.map(String).join(".") || "(root)");
}

export function versionedDoc<S extends z.ZodType>(container: Container, opts: VersionedDocOptions<S>): VersionedDoc<z.infer<S>> {
  type T = z.infer<S>;
  const { id, partitionKey, partitionKeyField, schema } = opts;
  const item = container.item(id, partitionKey);

  const parse = (data: unknown): T => {
    const r = schema.safeParse(data);
    if (!r.success) throw new DocInvalidError(id, paths(r.error));
    return r.data;
  };
  const toVersioned = (doc: StoredDoc | undefined): Versioned<T> => {
    if (doc?._etag === undefined) throw new Error(`Cosmos returned no etag for ${id}`);
    return { value: parse(doc.data), etag: doc._etag };
  };

  const read = async (): Promise<Versioned<T> | undefined> => {
    try {
      const { resource } = await withCosmosRetry(() => item.read<StoredDoc>());
      return resource === undefined ? undefined : toVersioned(resource);
    } catch (err) {
      if (cosmosStatus(err) === 404) return undefined;
      throw err;
    }
  };

  const write = async (value: T, expected: { etag: string } | { absent: true }): Promise<Versioned<T>> => {
    const data = parse(value);
    const doc = { id, [partitionKeyField]: partitionKey, data };
    try {
      if ("etag" in expected) {
        const etag = expected.etag;
        const { resource } = await withCosmosRetry(() => item.replace<StoredDoc>(doc, { accessCondition: { type: "IfMatch", condition: etag } }));
        return toVersioned(resource);
      }
      const { resource } = await withCosmosRetry(() => container.items.create<StoredDoc>(doc));
      return toVersioned(resource);
    } catch (err) {
      const status = cosmosStatus(err);
      if (status === 412 || status === 409) throw new DocConflictError(id, status);
      // Replacing a version that was deleted meanwhile is a conflict too.
      if (status === 404 && "etag" in expected) throw new DocConflictError(id, 412);
      throw err;
    }
  };

  return {
    read,
    write,
    async update(fn, updateOpts = {}) {
      const maxAttempts = Math.max(1, updateOpts.maxAttempts ?? 5);
      let last: DocConflictError | undefined;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const current = await read();
        const next = fn(current?.value);
        if (current !== undefined && sameJson(parse(next), current.value)) return current;
        try {
          return await write(next, current === undefined ? { absent: true } : { etag: current.etag });
        } catch (err) {
          if (!(err instanceof DocConflictError)) throw err;
          last = err;
        }
      }
      throw new DocConflictError(id, last?.status ?? 412, maxAttempts);
    },
    async remove() {
      try {
        await withCosmosRetry(() => item.delete());
        return true;
      } catch (err) {
        if (cosmosStatus(err) === 404) return false;
        throw err;
      }
    },
  };
}

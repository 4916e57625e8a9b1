/**
 * Point reads of one container asked for in the same turn, by partition key, sent together: one bulk of Read
 * operations (one request) instead of one request each — a sync asks for all of a tenant's manifests and its
 * inventory summary at once. A read the bulk did not answer (throttled, failed) is made alone, with the SDK's
 * retries; a single read goes alone at once. Every repository on the same Container shares one reader.
 */
import type { Container, OperationInput, OperationResponse } from "@azure/cosmos";
import { cosmosStatus } from "./cosmos";

export interface PointReader {
  /** The stored document, or undefined when there is none (404). */
  read(id: string, partitionKey: string): Promise<unknown>;
}

type Waiter = (doc: Promise<unknown>) => void;

const readers = new WeakMap<Container, PointReader>();

export function pointReaderFor(container: Container): PointReader {
  let reader = readers.get(container);
  if (reader === undefined) {
    reader = coalescedPointReads(container);
    readers.set(container, reader);
  }
  return reader;
}

function coalescedPointReads(container: Container): PointReader {
  const alone = async (id: string, partitionKey: string): Promise<unknown> => {
    try {
      const { resource } = await container.item(id, partitionKey).read<Record<string, unknown>>();
      return resource;
    } catch (err) {
      if (cosmosStatus(err) === 404) return undefined;
      throw err;
    }
  };
  const pending = new Map<string, Map<string, Waiter[]>>();
  const flush = async (partitionKey: string): Promise<void> => {
    const byId = pending.get(partitionKey) ?? new Map<string, Waiter[]>();
    pending.delete(partitionKey);
    const ids = [...byId.keys()];
    const answer = (id: string, doc: Promise<unknown>): void => {
      for (const resolve of byId.get(id) ?? []) resolve(doc);
    };
    const [only] = ids;
    if (ids.length === 1 && only !== undefined) return answer(only, alone(only, partitionKey));
    let results: OperationResponse[] | undefined;
    try {
      results = await container.items.bulk(
        ids.map((id): OperationInput => ({ operationType: "Read", id, partitionKey })),
        { continueOnError: true },
      );
    } catch {
      results = undefined;
    }
    ids.forEach((id, i) => {
      const r = results?.[i];
      if (r?.statusCode === 404) answer(id, Promise.resolve(undefined));
      else if (r !== undefined && r.statusCode >= 200 && r.statusCode < 300) answer(id, Promise.resolve(r.resourceBody));
      else answer(id, alone(id, partitionKey));
    });
  };
  return {
    read: (id, partitionKey) =>
      new Promise((resolve) => {
        let forPartition = pending.get(partitionKey);
        if (forPartition === undefined) {
          forPartition = new Map();
          pending.set(partitionKey, forPartition);
          queueMicrotask(() => void flush(partitionKey));
        }
        forPartition.set(id, [...(forPartition.get(id) ?? []), resolve]);
      }),
  };
}

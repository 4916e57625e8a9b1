/** Readable<T> helpers: a read that can fail on its own becomes a value or a mapped failure, never a crash. */
import type { ReadFailure, Readable } from "../../domain/snapshot";
import { toReadFailure } from "../errors";

export const readOk = <T>(value: T): Readable<T> => ({ ok: true, value });
export const readFailed = <T>(error: ReadFailure): Readable<T> => ({ ok: false, error });

/** Awaits `p`: its value, or the failure mapped by src/graph/errors. */
export async function readable<T>(p: Promise<T>): Promise<Readable<T>> {
  try {
    return readOk(await p);
  } catch (e) {
    return readFailed(toReadFailure(e));
  }
}

/** The value of a Readable mapped, the failure kept. */
export function mapReadable<T, R>(r: Readable<T>, fn: (v: T) => R): Readable<R> {
  return r.ok ? readOk(fn(r.value)) : r;
}

/**
 * Deterministic randomness: a seeded PRNG (mulberry32) for jitter and faults, and stable ids derived from a seed and a path
 * (uuid-shaped sha1 digests) so that generated objects get the same ids in every run.
 */
import { createHash } from "node:crypto";
import type { Random } from "./types";

/** A seeded random source; two sources created with the same seed produce the same sequence. */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (maxExclusive: number) => Math.floor(next() * maxExclusive) };
}

/** A GUID (version 5 style: sha1 of seed + path) that is stable for a given seed and path. */
export function stableGuid(seed: number | string, path: string): string {
  const h = createHash("sha1").update(`${seed}\u0000${path}`).digest("hex");
  return formatGuid(h);
}

/** Formats 32 hex digits as a GUID with version 5 and RFC 4122 variant bits. */
export function formatGuid(hex32: string): string {
  const h = hex32.slice(0, 32).padEnd(32, "0");
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A 32-bit hash of a string (FNV-1a), for cheap per-item seeds. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: avalanches every input bit into the output. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes two 32-bit integers into a well-distributed 32-bit integer (murmur3 finaliser). */
export function mix32(a: number, b: number): number {
  return fmix32((a ^ Math.imul(b, 0x9e3779b1)) >>> 0);
}

/** 8 hex digits of a 32-bit integer. */
export function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

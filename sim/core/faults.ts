/**
 * Fault injection: faults from the scenario or added at run time, matched by service, path, method and tenant,
 * drawn from a seeded random source (reproducible), with `after` (skip the first N matches) and `count` (stop after N).
 */
import { FaultSchema, type Fault } from "../scenario/schema";
import type { Random, Service } from "./types";
import { createRandom } from "./random";
import type { z } from "zod/v4";

export type FaultInput = z.input<typeof FaultSchema>;

interface ActiveFault {
  fault: Fault & { id: string };
  regex: RegExp;
  matched: number;
  injected: number;
}

export interface FaultView {
  fault: Fault & { id: string };
  matched: number;
  injected: number;
}

export class FaultEngine {
  private faults: ActiveFault[] = [];
  private random: Random;
  private nextId = 1;

  constructor(
    faults: Fault[],
    private readonly seed: number,
  ) {
    this.random = createRandom(seed ^ 0x0fa17);
    for (const f of faults) this.add(f);
  }

  /** Replaces every fault (reset) and restarts the random sequence. */
  replaceAll(faults: Fault[]): void {
    this.faults = [];
    this.nextId = 1;
    this.random = createRandom(this.seed ^ 0x0fa17);
    for (const f of faults) this.add(f);
  }

  add(input: FaultInput): Fault & { id: string } {
    const f = FaultSchema.parse(input);
    const id = f.id ?? `fault-${this.nextId++}`;
    const fault = { ...f, id };
    this.faults = this.faults.filter((a) => a.fault.id !== id);
    this.faults.push({ fault, regex: new RegExp(f.path, "i"), matched: 0, injected: 0 });
    return fault;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((a) => a.fault.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultView[] {
    return this.faults.map((a) => ({ fault: a.fault, matched: a.matched, injected: a.injected }));
  }

  /** The first fault to inject into this request, if any (updates the faults' counters). */
  pick(service: Service, method: string, path: string, tenantId: string | undefined): Fault | undefined {
    for (const a of this.faults) {
      const f = a.fault;
      if (f.service !== service) continue;
      if (f.method && f.method !== method) continue;
      if (f.tenantId && (!tenantId || f.tenantId.toLowerCase() !== tenantId.toLowerCase())) continue;
      if (!a.regex.test(path)) continue;
      a.matched++;
      if (a.matched <= f.after) continue;
      if (f.count !== undefined && a.injected >= f.count) continue;
      if (f.probability < 1 && this.random.next() >= f.probability) continue;
      a.injected++;
      return f;
    }
    return undefined;
  }
}

const secretExpiredRequests = new WeakSet<object>();

/** Marks a token request whose client secrets must be treated as expired (fault "secretExpired"). */
export function markSecretExpired(req: object): void {
  secretExpiredRequests.add(req);
}

export function isSecretExpiredForced(req: object): boolean {
  return secretExpiredRequests.has(req);
}

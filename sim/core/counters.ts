/**
 * Request counters by service, route, tenant and status (plus how many were throttled), and the faults injected by
 * kind, service, route and tenant, for the control API.
 */
import type { Counters, Service } from "./types";
import type { Fault } from "../scenario/schema";

export interface FaultCounterEntry {
  service: Service;
  route: string;
  tenantId: string | null;
  kind: Fault["kind"];
  count: number;
}

export interface CounterEntry {
  service: Service;
  route: string;
  tenantId: string | null;
  status: number;
  count: number;
  throttled: number;
}

export class CounterStore implements Counters {
  private readonly entries = new Map<string, CounterEntry>();
  private readonly faultEntries = new Map<string, FaultCounterEntry>();
  total = 0;
  throttled = 0;

  record(service: Service, route: string, tenantId: string | undefined, status: number, throttled: boolean): void {
    const key = `${service}\u0000${route}\u0000${tenantId ?? ""}\u0000${status}`;
    let e = this.entries.get(key);
    if (!e) {
      e = { service, route, tenantId: tenantId ?? null, status, count: 0, throttled: 0 };
      this.entries.set(key, e);
    }
    e.count++;
    this.total++;
    if (throttled) {
      e.throttled++;
      this.throttled++;
    }
  }

  /** A fault that took effect on a request (e.g. a page sent without its nextLink). */
  recordFault(service: Service, route: string, tenantId: string | undefined, kind: Fault["kind"]): void {
    const key = `${service}\u0000${route}\u0000${tenantId ?? ""}\u0000${kind}`;
    let e = this.faultEntries.get(key);
    if (!e) {
      e = { service, route, tenantId: tenantId ?? null, kind, count: 0 };
      this.faultEntries.set(key, e);
    }
    e.count++;
  }

  snapshot(): {
    total: number;
    throttled: number;
    byStatus: Record<string, number>;
    byService: Record<string, number>;
    entries: CounterEntry[];
    faultsByKind: Partial<Record<Fault["kind"], number>>;
    faults: FaultCounterEntry[];
  } {
    const byStatus: Record<string, number> = {};
    const byService: Record<string, number> = {};
    for (const e of this.entries.values()) {
      byStatus[e.status] = (byStatus[e.status] ?? 0) + e.count;
      byService[e.service] = (byService[e.service] ?? 0) + e.count;
    }
    const faultsByKind: Partial<Record<Fault["kind"], number>> = {};
    for (const f of this.faultEntries.values()) faultsByKind[f.kind] = (faultsByKind[f.kind] ?? 0) + f.count;
    return {
      total: this.total,
      throttled: this.throttled,
      byStatus,
      byService,
      entries: [...this.entries.values()].map((e) => ({ ...e })),
      faultsByKind,
      faults: [...this.faultEntries.values()].map((f) => ({ ...f })),
    };
  }

  clear(): void {
    this.faultEntries.clear();
    this.entries.clear();
    this.total = 0;
    this.throttled = 0;
  }
}

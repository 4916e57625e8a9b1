/** Request counters by service, route, tenant and status (plus how many were throttled), for the control API. */
import type { Counters, Service } from "./types";

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

  snapshot(): { total: number; throttled: number; byStatus: Record<string, number>; byService: Record<string, number>; entries: CounterEntry[] } {
    const byStatus: Record<string, number> = {};
    const byService: Record<string, number> = {};
    for (const e of this.entries.values()) {
      byStatus[e.status] = (byStatus[e.status] ?? 0) + e.count;
      byService[e.service] = (byService[e.service] ?? 0) + e.count;
    }
    return { total: this.total, throttled: this.throttled, byStatus, byService, entries: [...this.entries.values()].map((e) => ({ ...e })) };
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
    this.throttled = 0;
  }
}

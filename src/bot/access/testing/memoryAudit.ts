/** Test helper: an AuditRepo in memory (unit tests of the guard; integration tests use the Cosmos one). */
import type { AuditEntry, AuditRepo } from "../../../store/auditRepo";

export function memoryAudit(now: () => Date = () => new Date()): AuditRepo & { entries: AuditEntry[]; fail: boolean } {
  const entries: AuditEntry[] = [];
  const repo = {
    entries,
    fail: false,
    record: (e: Omit<AuditEntry, "at"> & { at?: string }): Promise<AuditEntry> => {
      if (repo.fail) return Promise.reject(new Error("audit store unavailable"));
      const entry: AuditEntry = { ...e, at: e.at ?? now().toISOString() };
      entries.push(entry);
      return Promise.resolve(entry);
    },
    recent: (o?: { limit?: number }): Promise<AuditEntry[]> => Promise.resolve([...entries].reverse().slice(0, o?.limit ?? 20)),
  };
  return repo;
}

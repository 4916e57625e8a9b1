/**
 * A tenant's inventory on its `tenant <name>` card (pure), from the summary the sync leaves per tenant: devices by
 * operating system ("Windows: 2,850", Graph's `operatingSystem` values as names) and by compliance state, stale
 * devices, top apps, users and licences, the last successful sync and its duration. Bounded in entries and text so
 * the section stays under INVENTORY_MAX_BYTES on the card.
 */
import type { InventorySummary } from "../../domain/inventorySummary";
import { cardTimeText } from "../checkContent";
import { truncate } from "../findingView";
import { countText, durationText, type Fact } from "./view";

/** What the section may take on a card at most (the tenant card shrinks its findings by this much). */
export const INVENTORY_MAX_BYTES = 8 * 1024;
const MAX_ROWS = 10;

export interface InventorySection {
  title: string;
  facts: Fact[];
  /** A line under the facts (e.g. stale devices), or null. */
  note: string | null;
}

export interface InventoryView {
  title: string;
  syncedText: string;
  sections: InventorySection[];
}

/** Graph's complianceState values in words. */
const COMPLIANCE_LABELS: Record<string, string> = {
  compliant: "Compliant",
  noncompliant: "Not compliant",
  inGracePeriod: "In grace period",
  unknown: "Unknown",
  conflict: "Conflict",
  error: "Error",
  configManager: "Configuration Manager",
};

/** Graph's operatingSystem values as names (Graph writes "Windows", "macOS", "iOS", "Android", "Linux", …). */
const OS_NAMES: Record<string, string> = { windows: "Windows", macos: "macOS", ios: "iOS", ipados: "iPadOS", android: "Android", linux: "Linux", "": "Not reported" };

const osName = (v: string): string => OS_NAMES[v.trim().toLowerCase()] ?? truncate(v.trim(), 40);

/** Largest first, ties by name; beyond `max` rows the rest is one "Other" row. */
export function countFacts(counts: Record<string, number>, label: (k: string) => string, max = MAX_ROWS): Fact[] {
  const merged = new Map<string, number>();
  for (const [k, n] of Object.entries(counts)) if (n > 0) merged.set(label(k), (merged.get(label(k)) ?? 0) + n);
  const rows = [...merged.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = rows.length > max ? rows.slice(0, max - 1) : rows;
  const rest = rows.slice(shown.length).reduce((n, [, c]) => n + c, 0);
  const facts = shown.map(([title, n]) => ({ title, value: countText(n) }));
  if (rest > 0) facts.push({ title: "Other", value: countText(rest) });
  return facts;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${countText(n)} ${n === 1 ? one : many}`;

export function buildInventoryView(s: InventorySummary): InventoryView {
  const sections: InventorySection[] = [];
  const d = s.devices;
  if (d) {
    sections.push({
      title: `Devices: ${countText(d.total)}`,
      facts: countFacts(d.byOperatingSystem, osName),
      note: d.stale > 0 ? `${plural(d.stale, "stale device")} (no check-in for 30 days or more).` : d.total > 0 ? "No stale device: every one checked in within 30 days." : null,
    });
    const compliance = countFacts(d.byComplianceState, (k) => COMPLIANCE_LABELS[k] ?? truncate(k, 40));
    if (compliance.length > 0) sections.push({ title: "Compliance", facts: compliance, note: null });
  }
  if (s.topApps && s.topApps.length > 0) {
    sections.push({
      title: s.appsTotal !== undefined ? `Top apps (of ${countText(s.appsTotal)} detected)` : "Top apps",
      facts: s.topApps.slice(0, MAX_ROWS).map((a) => ({
        title: truncate(a.version ? `${a.displayName} ${a.version}` : a.displayName, 80),
        value: plural(a.deviceCount, "device"),
      })),
      note: null,
    });
  }
  if (s.users) {
    const u = s.users;
    const facts: Fact[] = [
      { title: "Users", value: countText(u.total) },
      { title: "Enabled", value: countText(u.enabled) },
      { title: "Licensed", value: countText(u.licensed) },
    ];
    if (u.signedInLast30Days !== undefined) facts.push({ title: "Signed in (30 days)", value: countText(u.signedInLast30Days) });
    sections.push({ title: "Users", facts, note: null });
  }
  if (s.licences && s.licences.length > 0) {
    const sorted = [...s.licences].sort((a, b) => b.consumed - a.consumed || a.skuPartNumber.localeCompare(b.skuPartNumber));
    const shown = sorted.slice(0, MAX_ROWS);
    sections.push({
      title: "Licences",
      facts: shown.map((l) => ({ title: truncate(l.skuPartNumber, 60), value: `${countText(l.consumed)} of ${countText(l.enabled)} used` })),
      note: sorted.length > shown.length ? `…and ${sorted.length - shown.length} more.` : null,
    });
  }
  if (s.defenderMachines !== undefined) sections.push({ title: "Defender for Endpoint", facts: [{ title: "Machines", value: countText(s.defenderMachines) }], note: null });
  const synced =
    s.lastSuccessAt !== undefined
      ? `Last successful sync ${cardTimeText(s.lastSuccessAt)}${s.lastDurationMs !== undefined ? `, took ${durationText(s.lastDurationMs)}` : ""}.`
      : "No successful sync yet: these figures may be partial. Type **sync** and the name to sync it.";
  return { title: "Inventory", syncedText: synced, sections };
}

/** The section when the tenant was never synced. */
export const NOT_SYNCED_TEXT = "Not synced yet: type **sync** followed by its name to read its devices, apps, users and licences.";

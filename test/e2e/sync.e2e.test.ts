/**
 * End to end: `sync` through the Agents Playground, the bot in-process against the Microsoft simulator on the demo
 * scenario (its rehearsal block applied as local mode does: the lifecycle app and its key are stored). `sync` answers
 * with the progress card, which is updated in place (a slow fault on one tenant keeps the run going past an update)
 * and ends as the summary: counts, Relecloud and Contoso Pharmaceuticals under their causes with the fix, Retry
 * failed. `sync status` while it runs and after; `sync history`; `tenant fabrikam` shows the inventory with the
 * simulator's own counts (read from its Graph with the lifecycle app). Every card parses with adaptivecards.
 */
import path from "node:path";
import { validateCard } from "../../src/cards/validate";
import { createGraphClient } from "../../src/graph/client";
import { appTokenProvider, createTokenBroker } from "../../src/graph/tokens";
import { readAllPages } from "../../src/sync/pager";
import { allText, cardsOf, type Frame, type PlaygroundHarness, startInPersonalChat } from "./playgroundHarness";

const DEMO = path.join(__dirname, "..", "..", "sim", "scenarios", "demo.json");
const FABRIKAM = "cc000000-0000-4000-8000-000000000001";
const NORTHWIND = "cc000000-0000-4000-8000-000000000002";
const LIFECYCLE = { clientId: "ab000000-0000-4000-8000-000000000001", clientSecret: "demo-lifecycle-secret-0001" };

let h: PlaygroundHarness;
/** The message of the first sync's card (progress, then summary), and its Retry failed action's data. */
let syncMessageId: string | undefined;
let retryData: Record<string, unknown> | undefined;
let conv: string;
let user: string;
const seen: unknown[] = [];

beforeAll(async () => {
  ({ h, conv, user } = await startInPersonalChat({ scenario: DEMO }));
}, 90_000);

afterAll(async () => {
  await h?.close();
});

const cardText = (f: Frame): string => {
  const [card] = cardsOf(f);
  seen.push(card);
  return allText(card);
};
const inConv = (f: Frame): boolean => f.actionConversationId === conv && cardsOf(f).length > 0;
const has = (re: RegExp) => (f: Frame): boolean => inConv(f) && re.test(allText(cardsOf(f)[0]));

function executeData(card: unknown, verb: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      if (o.type === "Action.Execute" && o.verb === verb) found = o.data as Record<string, unknown>;
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

async function say(text: string): Promise<number> {
  const from = h.frames.length;
  const r = await h.post(`/_conversation/v1/conversations/${conv}/messages`, { from: { id: user }, text, textFormat: "plain" });
  expect(r.status).toBeLessThan(300);
  return from;
}

/** What the simulator serves for a tenant's managed devices: counts by operating system and compliance state, stale. */
async function servedDevices(tenantId: string): Promise<{ total: number; byOs: Map<string, number>; byCompliance: Map<string, number> }> {
  const { config, logger } = h.bot.composition.services;
  const tokens = createTokenBroker(config.microsoft, { logger });
  const graph = createGraphClient(config.microsoft, appTokenProvider(tokens, LIFECYCLE, tenantId, "graph"), { logger });
  const byOs = new Map<string, number>();
  const byCompliance = new Map<string, number>();
  let total = 0;
  await readAllPages((u) => graph.get(u), "/deviceManagement/managedDevices?$select=id,operatingSystem,complianceState&$top=1000", (items) => {
    for (const d of items as { operatingSystem?: string; complianceState?: string }[]) {
      total++;
      byOs.set(d.operatingSystem ?? "", (byOs.get(d.operatingSystem ?? "") ?? 0) + 1);
      byCompliance.set(d.complianceState ?? "", (byCompliance.get(d.complianceState ?? "") ?? 0) + 1);
    }
    return Promise.resolve();
  });
  return { total, byOs, byCompliance };
}
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

it("sync → the progress card at once, updated in place, ending as the summary with failures by cause and Retry failed", async () => {
  // Northwind's devices answer slowly once: the run outlasts the card's first update (every 3 s).
  h.sim?.control.addFault({ service: "graph", path: `managedDevices`, tenantId: NORTHWIND, kind: "slow", delayMs: 4000, count: 1 });
  const from = await say("sync");
  const progress = await h.waitFrame((f) => f.action === "createMessage" && has(/Syncing 14 tenants/)(f), "the progress card", { fromIndex: from, timeoutMs: 20_000 });
  const id = progress.message?.messageId;
  const first = cardText(progress);
  expect(first).toMatch(/Tenants: \d+ of 14 done/);
  expect(first).toMatch(/Devices: /);
  expect(first).toMatch(/Estimate: /);

  // While it runs: sync status answers with the same run's progress.
  const st = await say("sync status");
  const status = await h.waitFrame((f) => f.action === "createMessage" && has(/Syncing 14 tenants|Sync finished/)(f), "sync status", { fromIndex: st, timeoutMs: 15_000 });
  cardText(status);

  const updated = await h.waitFrame((f) => f.action === "updateMessage" && f.message?.messageId === id && has(/Syncing 14 tenants/)(f), "a progress update in place", { fromIndex: from, timeoutMs: 30_000 });
  cardText(updated);
  const summary = await h.waitFrame((f) => f.action === "updateMessage" && f.message?.messageId === id && has(/Sync finished/)(f), "the summary in place", { fromIndex: from, timeoutMs: 60_000 });
  const text = cardText(summary);
  expect(text).toContain("Sync finished with 2 failures");
  expect(text).toContain("Synced: 12 of 14 tenants");
  expect(text).toMatch(/App not consented · 1 tenant\nRelecloud\nFix: \nAn administrator of the customer tenant must grant admin consent/);
  expect(text).toMatch(/Intune not licensed · 1 tenant\nContoso Pharmaceuticals\nFix: \nAssign an Intune/);
  expect(text).toContain("Retry failed");
  syncMessageId = id;
  retryData = executeData(cardsOf(summary)[0], "sync.retry");
  expect(h.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
}, 120_000);

it("sync status after the run shows its summary; sync history lists it", async () => {
  const st = await say("sync status");
  const status = await h.waitFrame((f) => f.action === "createMessage" && has(/Sync finished/)(f), "sync status", { fromIndex: st });
  expect(cardText(status)).toContain("Started by");
  const hi = await say("sync history");
  const history = await h.waitFrame((f) => f.action === "createMessage" && has(/Last 1 sync/)(f), "sync history", { fromIndex: hi });
  expect(cardText(history)).toMatch(/12 of 14 tenants synced · 2 failures/);
});

it("sync schedule: set with its time zone, then shown with the next slot", async () => {
  const texts = (from: number): string[] => h.frames.slice(from).filter((f) => f.actionConversationId === conv && typeof f.message?.text === "string").map((f) => String(f.message?.text));
  const set = await say("sync schedule 0 3 * * * Europe/Amsterdam");
  await h.waitFrame((f) => f.actionConversationId === conv && /^Done: the sync now runs on/.test(String(f.message?.text)), "the schedule set", { fromIndex: set });
  expect(texts(set)[0]).toMatch(/^Done: the sync now runs on `0 3 \* \* \*` \(Europe\/Amsterdam\)\. The next sync starts \d{4}-\d\d-\d\d \d\d:00 UTC\.$/);
  const show = await say("sync schedule");
  await h.waitFrame((f) => f.actionConversationId === conv && /^The sync runs on the schedule/.test(String(f.message?.text)), "the schedule shown", { fromIndex: show });
  expect(texts(show)[0]).toContain("`0 3 * * *` (Europe/Amsterdam)");
});

it("Retry failed (Action.Execute): the summary becomes the retry's progress, then its summary, in place", async () => {
  expect(retryData).toMatchObject({ verb: "sync.retry" });
  const from = h.frames.length;
  const r = await h.execute(conv, { replyToId: syncMessageId, verb: "sync.retry", data: retryData });
  expect(r.status).toBe(200);
  const body = r.body as { statusCode?: number; type?: string; value?: unknown };
  expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
  seen.push(body.value);
  expect(allText(body.value)).toMatch(/Syncing 2 tenants…|Sync finished/);
  expect(allText(body.value)).toContain("Retry of the failed tenants");
  const done = await h.waitFrame((f) => f.action === "updateMessage" && f.message?.messageId === syncMessageId && has(/Sync finished with 2 failures/)(f) && has(/Retry of the failed/)(f), "the retry's summary in place", { fromIndex: from, timeoutMs: 30_000 });
  expect(cardText(done)).toContain("Synced: 0 of 2 tenants");
}, 60_000);

it("tenant fabrikam: its inventory with the simulator's counts by operating system and compliance state", async () => {
  const served = await servedDevices(FABRIKAM);
  expect(served.total).toBe(250);
  const from = await say("tenant fabrikam");
  const f = await h.waitFrame((x) => has(/Inventory/)(x) && has(/Fabrikam/)(x), "the tenant card with its inventory", { fromIndex: from, timeoutMs: 60_000 });
  const text = cardText(f);
  expect(text.split("\n")[0]).toBe("Healthy");
  expect(text).toContain(`Devices: ${thousands(served.total)}`);
  for (const [os, n] of served.byOs) expect(text).toContain(`${os}: ${thousands(n)}`);
  const words: Record<string, string> = { compliant: "Compliant", noncompliant: "Not compliant", inGracePeriod: "In grace period", unknown: "Unknown", conflict: "Conflict", error: "Error" };
  for (const [state, n] of served.byCompliance) expect(text).toContain(`${words[state] ?? state}: ${thousands(n)}`);
  expect(text).toMatch(/Last successful sync/);
  expect(text).not.toContain("Last sync failed");
});

it("tenant relecloud: the check's verdict, and its last sync's failure with the cause and the fix", async () => {
  const from = await say("tenant relecloud");
  const f = await h.waitFrame((x) => has(/Relecloud/)(x) && has(/Last sync failed/)(x), "the tenant card with its last sync's failure", { fromIndex: from, timeoutMs: 60_000 });
  const text = cardText(f);
  expect(text).toMatch(/Last sync failed .*: App not consented/);
  expect(text).toContain("Fix: An administrator of the customer tenant must grant admin consent to the lifecycle app");
});

it("every card the test saw parses with adaptivecards, version 1.5, under 28 KB; no secret in the logs", () => {
  expect(seen.length).toBeGreaterThanOrEqual(6);
  for (const card of seen) expect(validateCard(card).problems).toEqual([]);
  const joined = h.logs.join("\n");
  expect(joined).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  expect(joined).not.toContain(LIFECYCLE.clientSecret);
});

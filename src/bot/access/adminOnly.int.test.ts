/**
 * Every mutating command and card action, as a non-admin: all refused (nothing changed), all audited; and the same
 * through an admin: done, audited. Real parts: the teams-ai Application on botbuilder's TestAdapter, the simulator
 * (demo scenario) answering `POST /me/checkMemberGroups` for a signed-in partner user (the simulator's sign-in as
 * local mode does it: SSO token, on-behalf-of), the audit trail in embedded Cosmos.
 *
 * The table: one row per setup command text or card verb → the action name the audit records (every other feature's
 * rows are in test/security/adminOnly.e2e.test.ts, which runs them through the whole composition).
 */
import { readFileSync } from "node:fs";
import { MemoryStorage, TestAdapter, type Activity } from "botbuilder";
import { createLogger } from "../../log/logger";
import { createLocalUserTokenSource, ssoAppFromScenario, type LocalUserTokenSource } from "../../local/userToken";
import { createAuditRepo, type AuditRepo } from "../../store/auditRepo";
import { createConversationRefRepository } from "../../store/conversationRefs";
import { DEMO, startSetupWorld, type SetupWorld } from "../../jobs/testing/setupWorld";
import { SETUP_VERB_NAMES } from "../../dialogs/wizards/verbs";
import { manualClock } from "../../clock";
import { createBotApp } from "../app";
import { auditRoutes } from "../routes/audit";
import { setupRoutes } from "../routes/setup";
import { createAccess } from "./access";

/** AdminAgents in the demo scenario: Alice is a member, Bob is not. */
const ADMIN_GROUP = "06000000-0000-4000-8000-000000000001";
const USERS = {
  alice: { upn: "alice@contosoitpartners.onmicrosoft.com", from: { id: "29:alice", name: "Alice", aadObjectId: "0a000000-0000-4000-8000-000000000002" } },
  bob: { upn: "bob@contosoitpartners.onmicrosoft.com", from: { id: "29:bob", name: "Bob", aadObjectId: "0a000000-0000-4000-8000-000000000003" } },
};
const KEY = "Zq8~never-in-the-audit-0123456789";

type Row = { what: string; action: string } & ({ text: string } | { verb: string; data: Record<string, unknown> });
const at = { wizard: "mem", runId: "run-0001", step: 1 };
/** Mutating commands and card verbs → the audited action. */
export const MUTATIONS: Row[] = [
  { what: "setup m365", text: "setup m365", action: "setup.open" },
  { what: "setup mem", text: "setup mem", action: "setup.open" },
  { what: "card setup.open", verb: "setup.open", data: { wizard: "m365" }, action: "setup.open" },
  { what: "card setup.next", verb: "setup.next", data: at, action: "setup.next" },
  { what: "card setup.back", verb: "setup.back", data: at, action: "setup.back" },
  { what: "card setup.verify", verb: "setup.verify", data: at, action: "setup.verify" },
  { what: "card setup.restart", verb: "setup.restart", data: { wizard: "m365" }, action: "setup.restart" },
  { what: "card setup.defender", verb: "setup.defender", data: { ...at, on: "true" }, action: "setup.defender" },
  {
    what: "card setup.mem.save",
    verb: "setup.mem.save",
    data: { ...at, partnerTenantId: "c0c0c0c0-0000-4000-8000-000000000000", partnerCenterAppKey: KEY, lifecycleAppKey: KEY },
    action: "setup.mem.save",
  },
  { what: "audit", text: "audit", action: "audit.read" },
];
/** Reading needs no admin: never audited. */
const READS = ["setup status"];

let w: SetupWorld;
const sources: LocalUserTokenSource[] = [];
let audit: AuditRepo;
const logs: string[] = [];
const adapters: Record<keyof typeof USERS, TestAdapter> = {} as Record<keyof typeof USERS, TestAdapter>;

beforeAll(async () => {
  w = await startSetupWorld();
  const logger = createLogger({ level: "debug", sink: (_l, line) => void logs.push(line) });
  // Each reading a millisecond later, so the audit's order (by time) is the order of the steps.
  const start = manualClock(w.sim.clock.now().toISOString());
  const clock = { now: (): Date => (start.advance(1), start.now()) };
  const app = ssoAppFromScenario(JSON.parse(readFileSync(DEMO, "utf8")));
  if (!app) throw new Error("the demo scenario has no SSO app");
  audit = createAuditRepo(w.cosmos.store.containers.audit, { clock });
  for (const who of ["alice", "bob"] as const) {
    const graphToken = createLocalUserTokenSource({ mode: "local", controlUrl: w.sim.urls.control, caPem: w.sim.caPem, user: USERS[who].upn, app, hosts: w.d.hosts, logger });
    sources.push(graphToken);
    const guard = createAccess({ mode: "local", adminGroupId: ADMIN_GROUP, hosts: w.d.hosts, graphToken, audit, clock, logger }).guardFor();
    const bot = createBotApp({
      storage: new MemoryStorage(),
      refs: createConversationRefRepository(w.cosmos.store.containers.conversations, () => new Date()),
      logger,
      info: { version: "test", mode: "local" },
      routes: [auditRoutes({ guard, audit }), setupRoutes({ setupFlow: w.flow, userGraphToken: graphToken, hosts: w.d.hosts, guard })],
    });
    adapters[who] = new TestAdapter(async (ctx) => {
      await bot.run(ctx);
    });
  }
}, 60_000);
afterAll(async () => {
  for (const s of sources) await s.close();
  await w?.stop();
});

async function send(who: keyof typeof USERS, row: Pick<Row, never> & ({ text: string } | { verb: string; data: Record<string, unknown> })): Promise<string> {
  const adapter = adapters[who];
  adapter.activeQueue.splice(0);
  const a: Partial<Activity> =
    "text" in row
      ? { type: "message", text: row.text }
      : { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", verb: row.verb, data: { verb: row.verb, ...row.data } }, trigger: "manual" } };
  await adapter.processActivity({ channelId: "msteams", conversation: { id: `conv-${who}`, isGroup: false, conversationType: "personal", name: "" }, from: USERS[who].from, recipient: { id: "28:bot", name: "Tenant Pilot" }, ...a });
  return JSON.stringify(adapter.activeQueue.splice(0));
}

describe("admin-only actions", () => {
  it("the table covers every setup card verb that changes something", () => {
    const verbs = new Set(MUTATIONS.flatMap((r) => ("verb" in r ? [r.verb] : [])));
    expect(SETUP_VERB_NAMES.filter((v) => v !== "setup.status" && !verbs.has(v))).toEqual([]);
  });

  it.each(MUTATIONS)("a non-admin: $what is refused naming the admin group, and audited as $action", async (row) => {
    const before = (await audit.recent({ limit: 100 })).length;
    const out = await send("bob", row);
    expect(out).toContain("Only members of the admin group **AdminAgents**");
    expect(out).toContain(ADMIN_GROUP);
    const entries = await audit.recent({ limit: 100 });
    expect(entries).toHaveLength(before + 1);
    expect(entries[0]).toMatchObject({ action: row.action, outcome: "refused", reason: "notAdmin", who: { userId: "29:bob", name: "Bob", aadObjectId: USERS.bob.from.aadObjectId } });
  });

  it("nothing a non-admin tried changed the setup, and no key reached the audit or the logs", async () => {
    expect(await w.secrets.has("partnerCenterApp.clientSecret")).toBe(false);
    expect(await w.progress.get("c0c0c0c0-0000-4000-8000-000000000000", "m365")).toBeUndefined();
    expect(await w.progress.get("c0c0c0c0-0000-4000-8000-000000000000", "mem")).toBeUndefined();
    const { resources } = await w.cosmos.store.containers.audit.items.query("SELECT * FROM c").fetchAll();
    expect(JSON.stringify(resources)).not.toContain(KEY);
    expect(logs.join("\n")).not.toContain(KEY);
  });

  it("reads are not guarded: a non-admin sees setup status, nothing audited", async () => {
    for (const text of READS) {
      const before = (await audit.recent({ limit: 100 })).length;
      const out = await send("bob", { text });
      expect(out).not.toContain("Only members of the admin group");
      expect((await audit.recent({ limit: 100 })).length).toBe(before);
    }
  });

  it("an admin: setup m365 opens (audited done), and audit shows the refusals and who did what", async () => {
    const out = await send("alice", { text: "setup m365" });
    expect(out).not.toContain("Only members of the admin group");
    expect((await audit.recent({ limit: 1 }))[0]).toMatchObject({ action: "setup.open", target: "m365", outcome: "done", who: { name: "Alice" } });
    const card = await send("alice", { text: "audit 50" });
    expect(card).toContain("Audit trail");
    expect(card).toContain("REFUSED · setup.mem.save mem · by Bob");
    expect(card).toContain("DONE · setup.open m365 · by Alice");
  });
});

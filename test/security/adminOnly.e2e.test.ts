/**
 * Every mutating command and card action as a non-admin, through the whole product as local mode composes it (every
 * route with the guard features.ts gives it), the Agents Playground, the simulator and embedded Cosmos: the demo
 * scenario signed in as Bob with `rehearsal.adminGroupId` = AdminAgents (Bob is not in it; Graph
 * `POST /me/checkMemberGroups` says so). Each row must be refused with the text naming the group and leave exactly one
 * `refused` entry with its action name in the `audit` container.
 *
 * Adding a mutating command or verb: add its row here (command text or card verb and data → the audited action).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createAuditRepo, type AuditRepo } from "../../src/store/auditRepo";
import { type Frame, type PlaygroundHarness, startPlaygroundHarness } from "../e2e/playgroundHarness";

const DEMO = path.join(__dirname, "..", "..", "sim", "scenarios", "demo.json");
const ADMIN_GROUP = "06000000-0000-4000-8000-000000000001";
const BOB = "bob@contosoitpartners.onmicrosoft.com";
const KEY = "Zq8~never-in-the-audit-0123456789";

type Row = { action: string } & ({ text: string } | { verb: string; data: Record<string, unknown> });
const at = { wizard: "mem", runId: "run-0001", step: 1 };
const RUN = { runId: "0123456789abcdef" };
const GROUP = { groupId: "gdap.expiring.cc000000-0000-4000-8000-000000000001", page: 0 };

/** Mutating commands and card verbs → the audited action. */
const MUTATIONS: Row[] = [
  { text: "setup m365", action: "setup.open" },
  { text: "setup mem", action: "setup.open" },
  { verb: "setup.open", data: { wizard: "m365" }, action: "setup.open" },
  { verb: "setup.next", data: at, action: "setup.next" },
  { verb: "setup.back", data: at, action: "setup.back" },
  { verb: "setup.verify", data: at, action: "setup.verify" },
  { verb: "setup.restart", data: { wizard: "m365" }, action: "setup.restart" },
  { verb: "setup.defender", data: { ...at, on: "true" }, action: "setup.defender" },
  { verb: "setup.mem.save", data: { ...at, partnerCenterAppKey: KEY, lifecycleAppKey: KEY }, action: "setup.mem.save" },
  { text: "sync", action: "sync.start" },
  // `sync <tenant>`, `sync exclude|include <tenant>` resolve the tenant (from the latest check) before the guard: add
  // their rows with a check run first.
  { text: "sync retry", action: "sync.retry" },
  { text: "sync schedule 0 2 * * * Europe/Amsterdam", action: "sync.schedule" },
  { verb: "sync.retry", data: RUN, action: "sync.retry" },
  { text: "alerts here", action: "alerts.subscribe" },
  { text: "alerts off", action: "alerts.unsubscribe" },
  { text: "digest daily 08:00 Europe/Amsterdam", action: "alerts.digest" },
  { verb: "alert.ack", data: GROUP, action: "alerts.ack" },
  { verb: "alert.snooze", data: { ...GROUP, snoozeDays: 7 }, action: "alerts.snooze" },
  { text: "rotate secret", action: "secret.rotate" },
  { verb: "rotate.removeOld", data: { keyId: "0b000000-0000-4000-8000-000000000001" }, action: "secret.removeOld" },
  { text: "audit", action: "audit.read" },
];

let h: PlaygroundHarness;
let dir: string;
let conv: string;
let user: string;
let audit: AuditRepo;
/** A card of the conversation the card actions are pressed on (what a non-admin can open: `setup status`). */
let card: Frame;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tp-admin-only-"));
  const file = path.join(dir, "scenario.json");
  const scenario = JSON.parse(readFileSync(DEMO, "utf8")) as { rehearsal: Record<string, unknown> };
  scenario.rehearsal = { ...scenario.rehearsal, signedInUser: BOB, adminGroupId: ADMIN_GROUP };
  writeFileSync(file, JSON.stringify(scenario));
  h = await startPlaygroundHarness({ scenario: file });
  conv = h.testConfig.personalChat.id;
  user = h.testConfig.currentUser.id;
  audit = createAuditRepo(h.bot.composition.services.store.containers.audit);
  expect((await h.post(`/_debug/conversation/${conv}/installation`, {})).status).toBeLessThan(300);
  card = await say("setup status", (f) => JSON.stringify(f.message ?? {}).includes("setup.open"));
}, 120_000);

afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const textOf = (f: Frame): string => JSON.stringify(f.message ?? {});

async function say(words: string, until: (f: Frame) => boolean): Promise<Frame> {
  const from = h.frames.length;
  const r = await h.post(`/_conversation/v1/conversations/${conv}/messages`, { from: { id: user }, text: words, textFormat: "plain" });
  expect(r.status).toBeLessThan(300);
  return h.waitFrame((f) => f.action === "createMessage" && f.actionConversationId === conv && until(f), `the answer to "${words}"`, { fromIndex: from, timeoutMs: 30_000 });
}

async function press(verb: string, data: Record<string, unknown>): Promise<string> {
  const r = await h.post("/_conversation/v1/invoke", {
    name: "adaptiveCard/action",
    conversation: { id: conv },
    from: { id: user },
    ...(card.message?.messageId ? { replyToId: card.message.messageId } : {}),
    value: { action: { type: "Action.Execute", verb, data: { ...data, verb } }, trigger: "manual" },
  });
  if (r.status !== 200) throw new Error(`invoke ${verb}: HTTP ${r.status}`);
  return JSON.stringify(r.body);
}

const REFUSAL = "Only members of the admin group **AdminAgents**";

describe("as a non-admin, through the whole product", () => {
  it.each(MUTATIONS.map((r) => ["text" in r ? r.text : `card ${r.verb}`, r] as const))("%s is refused and audited", async (_name, row) => {
    const before = (await audit.recent({ limit: 100 })).length;
    const answer = "text" in row ? textOf(await say(row.text, (f) => textOf(f).includes("admin group"))) : await press(row.verb, row.data);
    expect(answer).toContain(REFUSAL);
    expect(answer).toContain(ADMIN_GROUP);
    const entries = await audit.recent({ limit: 100 });
    expect(entries).toHaveLength(before + 1);
    expect(entries[0]).toMatchObject({ action: row.action, outcome: "refused", reason: "notAdmin", who: { userId: user } });
  });

  it("reading still works: setup status answers, nothing audited; no key reached the audit", async () => {
    const before = (await audit.recent({ limit: 100 })).length;
    const status = await say("setup status", (f) => textOf(f).includes("setup.open"));
    expect(textOf(status)).not.toContain("admin group");
    expect((await audit.recent({ limit: 100 })).length).toBe(before);
    const { resources } = await h.bot.composition.services.store.containers.audit.items.query("SELECT * FROM c").fetchAll();
    expect(JSON.stringify(resources)).not.toContain(KEY);
  });
});

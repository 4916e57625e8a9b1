/**
 * End to end: `check` and `tenant` through the Agents Playground, the bot in-process against the Microsoft simulator
 * on the demo scenario (its rehearsal block applied as local mode does), signed in as the scenario's partner admin.
 * Every card is parsed by the official adaptivecards library.
 */
import path from "node:path";
import { validateCard } from "../../src/cards/validate";
import { allText, cardsOf, type Frame, type PlaygroundHarness, startInPersonalChat } from "./playgroundHarness";

const DEMO = path.join(__dirname, "..", "..", "sim", "scenarios", "demo.json");
const T = {
  fabrikam: "cc000000-0000-4000-8000-000000000001",
  litware: "cc000000-0000-4000-8000-000000000005",
};

let h: PlaygroundHarness;
let conv: string;
let user: string;

beforeAll(async () => {
  ({ h, conv, user } = await startInPersonalChat({ scenario: DEMO }));
}, 90_000);

afterAll(async () => {
  await h?.close();
});

const seen: unknown[] = [];
function cardOf(f: Frame): unknown {
  const [card] = cardsOf(f);
  expect(card).toBeDefined();
  seen.push(card);
  return card;
}

const inConv = (f: Frame): boolean => f.actionConversationId === conv && cardsOf(f).length > 0;
const isReport = (f: Frame): boolean => inConv(f) && /Healthy/.test(allText(cardsOf(f)[0])) && /Broken/.test(allText(cardsOf(f)[0])) && !/Checking/.test(allText(cardsOf(f)[0]));

async function say(text: string): Promise<number> {
  const from = h.frames.length;
  const r = await h.post(`/_conversation/v1/conversations/${conv}/messages`, { from: { id: user }, text, textFormat: "plain" });
  expect(r.status).toBeLessThan(300);
  return from;
}

async function execute(replyToId: string | undefined, verb: string, data: Record<string, unknown>): Promise<unknown> {
  const r = await h.execute(conv, { replyToId, verb, data: { verb, ...data } });
  expect(r.status).toBe(200);
  return r.body;
}

function invokeCard(body: unknown): unknown {
  // The Playground hands back the bot's invoke response body without its statusCode.
  const b = body as { statusCode?: number; type?: string; value?: unknown };
  expect(b.statusCode ?? 200).toBe(200);
  expect(b.type).toBe("application/vnd.microsoft.card.adaptive");
  seen.push(b.value);
  return b.value;
}

let reportMessageId: string | undefined;

it("check → the report card: counts per verdict, the broken customers with their codes, partner findings on top", async () => {
  const from = await say("check");
  const f = await h.waitFrame(isReport, "the check report", { fromIndex: from, timeoutMs: 45_000 });
  reportMessageId = f.message?.messageId;
  const text = allText(cardOf(f));
  expect(text).toMatch(/Contoso IT Partners/);
  for (const code of ["gdap.none", "gdap.expired", "gdap.missingRole", "gdap.groupNotAssigned", "gdap.mltOnly"]) expect(text).toContain(code);
  expect(text).toContain("serviceAccount.globalAdmin");
  expect(h.logs.filter((l) => l.includes('"level":"error"'))).toEqual([]);
}, 60_000);

it("the saved results: each planted misconfiguration of the demo on the right customer with the right code, nothing on the healthy ones", async () => {
  const results = h.bot.composition.services.results;
  const latest = await results.latestReport();
  expect(latest).toBeDefined();
  const customers = await results.readCustomers(latest?.customers.map((c) => c.tenantId) ?? []);
  const got = Object.fromEntries(customers.map((c) => [c.displayName, `${c.verdict} ${c.findings.map((f) => f.code).sort().join(",")}`.trim()]));
  expect(got).toEqual({
    "Fabrikam, Inc.": "Healthy",
    "Northwind Traders": "Healthy",
    "Tailspin Toys": "Healthy",
    "Adventure Works": "Broken gdap.none",
    "Litware Inc.": "Broken gdap.expired",
    "Woodgrove Bank": "Broken gdap.missingRole",
    "Proseware, Inc.": "Broken gdap.groupNotAssigned",
    "Wide World Importers": "Warning gdap.assignmentPending",
    "Coho Winery": "Broken gdap.mltOnly",
    "Alpine Ski House": "Warning gdap.globalAdmin",
    "Trey Research": "Broken reseller.indirect",
    Relecloud: "Broken consent.notConsented",
    "Contoso Pharmaceuticals": "Broken intune.notLicensed",
    "Fourth Coffee": "Warning gdap.ending",
  });
  // Partner side: the service account still holds Global Administrator (expected during setup: this harness does not connect it), the secret ends in 12 days.
  const partnerCodes = latest?.partnerFindings.map((f) => f.code) ?? [];
  expect(partnerCodes).toEqual(expect.arrayContaining(["serviceAccount.globalAdminDuringSetup", "secrets.expiring"]));
  expect(partnerCodes.filter((c) => c.endsWith("Unreadable"))).toEqual([]);
});

it("a slow check answers 'Checking N customers…' first and updates that card in place with the report", async () => {
  h.sim?.control.addFault({ service: "graph", path: "^/v1.0/organization", kind: "slow", delayMs: 3000, count: 1 });
  const from = await say("check");
  const progress = await h.waitFrame((f) => f.action === "createMessage" && inConv(f) && /Checking/.test(allText(cardsOf(f)[0])), "the progress card", { fromIndex: from, timeoutMs: 20_000 });
  expect(allText(cardOf(progress))).toMatch(/Checking 14 customers/);
  const id = progress.message?.messageId;
  const updated = await h.waitFrame((f) => f.action === "updateMessage" && isReport(f), "the report replacing the progress card", { fromIndex: from, timeoutMs: 45_000 });
  expect(updated.message?.messageId ?? id).toBe(id);
  cardOf(updated);
}, 60_000);

it("the report pages and filters by verdict (Action.Execute check.page)", async () => {
  const broken = invokeCard(await execute(reportMessageId, "check.page", { page: 0, filter: "Broken", scope: "all" }));
  const text = allText(broken);
  expect(text).toContain("Litware");
  expect(text).not.toContain("Fabrikam");
  const second = invokeCard(await execute(reportMessageId, "check.page", { page: 1, filter: "all", scope: "all" }));
  expect(allText(second)).not.toEqual(allText(broken));
  const bad = (await execute(reportMessageId, "check.page", { page: "x" })) as { statusCode?: number; value?: unknown };
  expect(bad.statusCode ?? 200).toBe(200);
  expect(String(bad.value)).toMatch(/not valid/);
});

it("tenant <name>: a healthy customer's verdict first, in the title", async () => {
  const from = await say("tenant fabrikam");
  const f = await h.waitFrame((x) => x.action === "createMessage" && inConv(x), "the tenant card", { fromIndex: from });
  const text = allText(cardOf(f));
  expect(text.split("\n")[0]).toBe("Healthy");
  expect(text).toContain("Fabrikam");
});

it("tenant <domain>: a broken customer with the broken link's code and fix", async () => {
  const from = await say("tenant litware.onmicrosoft.com");
  const f = await h.waitFrame((x) => x.action === "createMessage" && inConv(x), "the tenant card", { fromIndex: from });
  const text = allText(cardOf(f));
  expect(text.split("\n")[0]).toBe("Broken");
  expect(text).toContain("gdap.expired");
  const again = invokeCard(await execute(f.message?.messageId, "tenant.open", { tenantId: T.litware }));
  expect(allText(again).split("\n")[0]).toBe("Broken");
});

it("tenant with several or no matches lists the candidates", async () => {
  const from = await say("tenant t");
  const f = await h.waitFrame((x) => x.action === "createMessage" && inConv(x), "the candidates card", { fromIndex: from });
  expect(allText(cardOf(f))).toMatch(/match/);
  const none = await say("tenant zzzz-nobody");
  const g = await h.waitFrame((x) => x.action === "createMessage" && inConv(x), "the no-match card", { fromIndex: none });
  expect(allText(cardOf(g))).toMatch(/No customer matches/);
});

it("every card the test saw parses with adaptivecards, version 1.5, under 28 KB", () => {
  expect(seen.length).toBeGreaterThan(5);
  for (const card of seen) expect(validateCard(card).problems).toEqual([]);
});

it("no token or secret of the simulator appears in the bot's logs", () => {
  const joined = h.logs.join("\n");
  expect(joined).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  for (const secret of ["demo-lifecycle-secret-0001", "demo-bot-secret-0001"]) expect(joined).not.toContain(secret);
});

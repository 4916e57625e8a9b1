/**
 * Every invoke gets an answer over HTTP: names Tenant Pilot does not handle get a 4xx invoke response (never
 * botbuilder's default 501), a card action still gets its card, and nothing is logged as an error.
 */
import { executeActivity } from "../helpers/activities";
import { useTestBot } from "../helpers/bot";

const bot = useTestBot("info");
const { lines } = bot;

const invoke = (name: string | undefined, value: unknown = {}) => {
  const a = executeActivity("help", {}, { conversationId: "a:invokes-1" }) as Record<string, unknown>;
  const { name: _n, ...rest } = a;
  return fetch(`${bot.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...rest, ...(name !== undefined ? { name } : {}), value }),
  });
};

it.each<[string, number]>([
  ["config/fetch", 404],
  ["config/submit", 404],
  ["task/fetch", 404],
  ["task/submit", 404],
  ["composeExtension/query", 404],
  ["composeExtension/submitAction", 404],
  ["composeExtension/queryLink", 404],
  ["message/submitAction", 404],
  ["actionableMessage/executeAction", 404],
  ["made/up", 404],
  ["ünïcødé/\u202e\u0000name", 404],
])("%s → %i with an error body", async (name, status) => {
  const res = await invoke(name, { commandId: "x" });
  expect(res.status).toBe(status);
  expect(await res.json()).toMatchObject({ statusCode: status, type: "application/vnd.microsoft.error", value: { code: "NotSupported" } });
});

it("an invoke without a name → 400", async () => {
  const res = await invoke(undefined);
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ statusCode: 400, value: { code: "BadRequest" } });
});

it("a card action is still answered by its route (200 with a card or message)", async () => {
  const res = await fetch(`${bot.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(executeActivity("help", {}, { conversationId: "a:invokes-2" })),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { statusCode: number }).statusCode).toBe(200);
});

it("no invoke was logged as an error", () => {
  expect(lines.filter((l) => l.level === "error")).toEqual([]);
  expect(lines.some((l) => l.line.includes('"msg":"unsupported invoke"'))).toBe(true);
});

import { aboutContent, cardPlaceholders, helpContent, INTEGRATIONS, welcomeContent } from "../dialogs/content";
import { COMMANDS } from "../dialogs/commands";
import { aboutCard, helpCard, renderCard, welcomeCard } from "./render";
import { validateCard } from "./validate";

function texts(card: unknown): string {
  return JSON.stringify(card);
}

describe("cards", () => {
  it("welcome card: valid 1.5, names both integrations, how to start, Execute with Submit fallback", () => {
    const card = welcomeCard(welcomeContent());
    expect(validateCard(card)).toEqual({ ok: true, problems: [], sizeBytes: expect.any(Number) });
    for (const i of INTEGRATIONS) {
      expect(texts(card)).toContain(i.name);
      expect(texts(card)).toContain(i.summary);
    }
    expect(texts(card)).toContain("help");
    const actions = card.actions as Array<Record<string, unknown>>;
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ type: "Action.Execute", verb: "help", data: { verb: "help" } });
    expect(actions[0].fallback).toMatchObject({ type: "Action.Submit", data: { verb: "help" } });
  });

  it("help card lists exactly the built commands", () => {
    const card = helpCard(helpContent());
    expect(validateCard(card).problems).toEqual([]);
    const facts = (card.body as Array<Record<string, unknown>>).find((b) => b.type === "FactSet")?.facts;
    expect(facts).toEqual(COMMANDS.map((c) => ({ title: c.name, value: cardPlaceholders(c.description) })));
    // No <placeholder> left for the card's HTML rendering to swallow: "sync exclude *tenant*".
    expect(JSON.stringify(facts)).not.toMatch(/<[^<>]+>/);
    expect(facts).toContainEqual({ title: "sync exclude", value: expect.stringContaining("sync exclude *tenant*") });
  });

  it("about card shows version and mode", () => {
    const card = aboutCard(aboutContent({ version: "1.2.3", mode: "local" }));
    expect(validateCard(card).problems).toEqual([]);
    expect(texts(card)).toContain("1.2.3");
    expect(texts(card)).toContain("local");
  });

  it("validateCard reports unknown elements, wrong versions and oversize cards", () => {
    const bad = { type: "AdaptiveCard", version: "1.4", body: [{ type: "Fancy" }] };
    const r = validateCard(bad);
    expect(r.ok).toBe(false);
    expect(r.problems.join("\n")).toMatch(/version/);
    expect(r.problems.join("\n")).toMatch(/Fancy/);
    const big = { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "x".repeat(30_000) }] };
    expect(validateCard(big).problems.join("\n")).toMatch(/over/);
    expect(validateCard("nope").ok).toBe(false);
  });

  it("renderCard refuses a template that is not a card", () => {
    expect(() => renderCard({ type: "Other" }, {})).toThrow(/AdaptiveCard/);
  });
});

/**
 * Cards are JSON templates (./templates/*.json, Adaptive Cards 1.5) expanded with adaptivecards-templating.
 * Plain data in, plain card JSON out: no botbuilder here.
 */
import { Template } from "adaptivecards-templating";
import type { AboutContent, HelpContent, WelcomeContent } from "../dialogs/content";
import aboutTemplate from "./templates/about.json";
import helpTemplate from "./templates/help.json";
import welcomeTemplate from "./templates/welcome.json";

export interface AdaptiveCardJson {
  type: "AdaptiveCard";
  version: string;
  [key: string]: unknown;
}

function isCard(v: unknown): v is AdaptiveCardJson {
  return typeof v === "object" && v !== null && (v as { type?: unknown }).type === "AdaptiveCard";
}

/** Parsed templates: parsing every expression is most of the cost of a render, and a template never changes. */
const prepared = new WeakMap<object, Template>();

/** Expands a template with `data` as `$root`. Throws if the result is not a card (a broken template). */
export function renderCard(template: object, data: object): AdaptiveCardJson {
  let t = prepared.get(template);
  if (!t) {
    t = new Template(template);
    prepared.set(template, t);
  }
  const expanded: unknown = t.expand({ $root: data });
  if (!isCard(expanded)) throw new Error("template did not expand to an AdaptiveCard");
  return expanded;
}

export const welcomeCard = (c: WelcomeContent): AdaptiveCardJson => renderCard(welcomeTemplate, c);
export const helpCard = (c: HelpContent): AdaptiveCardJson => renderCard(helpTemplate, c);
export const aboutCard = (c: AboutContent): AdaptiveCardJson => renderCard(aboutTemplate, c);

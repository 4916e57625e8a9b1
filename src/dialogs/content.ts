/**
 * What the bot says, as plain data (cards are rendered from these in src/cards; no botbuilder here).
 */
import { COMMANDS, type CommandName } from "./commands";

export const PRODUCT_NAME = "Tenant Pilot";

export interface Integration {
  name: string;
  summary: string;
}

export interface WelcomeContent {
  title: string;
  intro: string;
  integrations: Integration[];
  howToStart: string;
  helpVerb: "help";
}

export interface HelpContent {
  title: string;
  intro: string;
  commands: Array<{ name: string; description: string }>;
}

export interface AboutContent {
  title: string;
  facts: Array<{ title: string; value: string }>;
}

/** The two integrations Tenant Pilot sets up, verifies and runs (from the setup guides). */
export const INTEGRATIONS: Integration[] = [
  {
    name: "Microsoft 365 (multi-tenant)",
    summary:
      "Syncs users, licenses and Microsoft 365 data from all your customer tenants through GDAP and a dedicated service account.",
  },
  {
    name: "Intune / Microsoft Endpoint Manager (multi-tenant)",
    summary:
      "Syncs device and software inventory from your customers' Intune through a multitenant app registration in Partner Center and Entra ID.",
  },
];

export function welcomeContent(): WelcomeContent {
  return {
    title: `Welcome to ${PRODUCT_NAME}`,
    intro:
      "I help MSP admins set up, verify and run the multi-tenant integrations of your lifecycle manager, right here in Teams:",
    integrations: INTEGRATIONS,
    howToStart: "To start, type **help** (or select the button) to see what I can do.",
    helpVerb: "help",
  };
}

/**
 * A command's `<placeholder>` as *placeholder* on a card: card text is markdown that Teams and the Playground render as
 * HTML, where `<tenant>` is an unknown tag (shown as nothing) and `<HH:MM>` an autolink.
 */
export function cardPlaceholders(s: string): string {
  return s.replace(/<([^<>]+)>/g, "*$1*");
}

export function helpContent(): HelpContent {
  return {
    title: "What I can do",
    intro: "Type a command (in a channel, mention me first):",
    commands: COMMANDS.map((c) => ({ name: c.name, description: cardPlaceholders(c.description) })),
  };
}

export function aboutContent(info: { version: string; mode: "local" | "azure" }): AboutContent {
  return {
    title: `About ${PRODUCT_NAME}`,
    facts: [
      { title: "Version", value: info.version },
      {
        title: "Mode",
        value: info.mode === "local" ? "local (embedded, data in memory only)" : "azure",
      },
    ],
  };
}

export function unknownCommandText(suggestion: CommandName | undefined): string {
  return suggestion !== undefined
    ? `I don't know that one. Did you mean **${suggestion}**?`
    : "I don't know that one. Type **help** to see what I can do.";
}

/** What a user sees when a turn fails: short, no details, a reference for the logs. */
export function apologyText(correlationId: string): string {
  return `Sorry, something went wrong on my side. If it keeps happening, tell your administrator this reference: ${correlationId}`;
}

export const UNSUPPORTED_ACTION_TEXT = "That button does not do anything any more. Type **help** to see what I can do.";

/** Teams shows this after the help button (Action.Execute), below the help card the bot sends. */
export const HELP_SENT_TEXT = "Here is what I can do.";

/** Teams shows this after a button whose answer the bot sent as a new message. */
export const ACTION_DONE_TEXT = "Done.";

/** Teams SSO ended without a token (declined, timed out). */
export const SIGN_IN_FAILED_TEXT = "I could not sign you in, so I cannot read your tenant. Send the command again to retry the sign-in.";

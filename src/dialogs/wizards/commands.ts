/**
 * `setup m365`, `setup mem`, `setup status` (and bare `setup`): parsing of what follows the word `setup`, the
 * command definitions for the registry, and a text matcher for the route until the lead's parser knows `setup`. Pure.
 */
import { cleanText, COMMAND_WORDS, COMMANDS, editDistance } from "../commands";

export const SETUP_TARGETS = ["m365", "mem", "status"] as const;
export type SetupTarget = (typeof SETUP_TARGETS)[number];

export type SetupParse = { kind: "setup"; target: SetupTarget } | { kind: "usage"; suggestion?: SetupTarget };

/** Spellings after `setup`, compared without spaces or punctuation. */
const SPELLINGS: Record<SetupTarget, readonly string[]> = {
  m365: ["m365", "microsoft365", "365", "o365", "office365", "gdap"],
  mem: ["mem", "intune", "endpointmanager", "microsoftendpointmanager", "endpoint"],
  status: ["", "status", "progress", "state"],
};

/** The setup entries of the command registry (help card and manifest commandLists), and the words that start it. */
export const SETUP_COMMAND_DEFS = COMMANDS.filter((c) => c.command === "setup");
export const SETUP_WORDS = { name: "setup", aliases: COMMAND_WORDS.find((w) => w.name === "setup")?.aliases ?? [] } as const;

/** What follows `setup`. */
export function parseSetupArgs(args: string): SetupParse {
  const key = args.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  for (const t of SETUP_TARGETS) if (SPELLINGS[t].includes(key)) return { kind: "setup", target: t };
  let best: { t: SetupTarget; d: number } | undefined;
  for (const t of SETUP_TARGETS) {
    for (const s of SPELLINGS[t]) {
      if (s.length < 3) continue;
      const d = s.startsWith(key) && key.length >= 2 ? 0 : editDistance(key, s);
      if (d <= Math.max(1, Math.floor(key.length / 3)) && (best === undefined || d < best.d)) best = { t, d };
    }
  }
  return best ? { kind: "usage", suggestion: best.t } : { kind: "usage" };
}

/** A whole message: `setup …` (mentions and the bot's typed name tolerated), else undefined (not a setup command). */
export function parseSetupText(text: string | undefined | null): SetupParse | undefined {
  let words = cleanText(text).split(" ").filter((w) => w !== "");
  if (words.length > 2 && words[0].toLowerCase() === "tenant" && words[1].toLowerCase() === "pilot") words = words.slice(2);
  const first = words[0]?.toLowerCase();
  if (first === undefined || (first !== SETUP_WORDS.name && !(SETUP_WORDS.aliases).includes(first))) return undefined;
  return parseSetupArgs(words.slice(1).join(" "));
}

export function setupUsageText(suggestion?: SetupTarget): string {
  const hint = suggestion !== undefined ? ` Did you mean **setup ${suggestion}**?` : "";
  return `I can run **setup m365** (Microsoft 365), **setup mem** (Intune) or **setup status**.${hint}`;
}

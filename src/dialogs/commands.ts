/**
 * Text commands: the table of built commands, parsing of what a user typed, and "did you mean" suggestions.
 * Pure functions, no botbuilder.
 */

export interface CommandDef {
  name: string;
  /** One line, shown in the help card. */
  description: string;
  /** Other words that run the same command. */
  aliases: readonly string[];
}

/** Only commands that are built are listed here (and so in the help card and the manifest's commandLists). */
export const COMMANDS = [
  { name: "help", description: "Show the commands I understand.", aliases: ["?", "commands", "menu"] },
  { name: "about", description: "Show my version and how I am running.", aliases: ["version", "info"] },
] as const satisfies readonly CommandDef[];

export type CommandName = (typeof COMMANDS)[number]["name"];

export type ParsedText =
  | { kind: "empty" }
  | { kind: "command"; name: CommandName; args: string }
  | { kind: "unknown"; text: string; suggestion?: CommandName };

/**
 * Normalizes what Teams delivers: drops `<at>…</at>` mentions (Teams adds one in channels), other HTML tags and
 * entities, surrounding whitespace and punctuation; lower-cases; collapses spaces.
 */
export function normalizeText(text: string | undefined | null): string {
  if (!text) return "";
  if (text.trim() === "?") return "?";
  return text
    .replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;|&#160;/gi, " ")
    .replace(/&amp;/gi, "&")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[\s!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~¡¿]+/u, "")
    .replace(/[\s!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+$/u, "")
    .toLowerCase();
}

/** Edit distance with adjacent transpositions counting 1 (optimal string alignment); small strings only. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
    }
  }
  return d[a.length][b.length];
}

function lookup(word: string): CommandName | undefined {
  for (const c of COMMANDS) {
    if (c.name === word || (c.aliases as readonly string[]).includes(word)) return c.name;
  }
  return undefined;
}

/**
 * The closest built command to `word`, or undefined if nothing is close:
 * a command the word is a prefix of (at least 2 letters), else the smallest edit distance within
 * max(1, ⌊length/3⌋) of a command name or alias.
 */
export function suggestCommand(word: string): CommandName | undefined {
  const w = word.trim().toLowerCase().split(" ")[0] ?? "";
  if (w.length === 0) return undefined;
  if (w.length >= 2) {
    const byPrefix = COMMANDS.find((c) => c.name.startsWith(w) || c.aliases.some((a: string) => a.length > 1 && a.startsWith(w)));
    if (byPrefix) return byPrefix.name;
  }
  const limit = Math.max(1, Math.floor(w.length / 3));
  let best: { name: CommandName; d: number } | undefined;
  for (const c of COMMANDS) {
    for (const candidate of [c.name, ...c.aliases]) {
      if (candidate.length < 2) continue;
      const d = editDistance(w, candidate);
      if (d <= limit && (best === undefined || d < best.d)) best = { name: c.name, d };
    }
  }
  return best?.name;
}

export function parseText(text: string | undefined | null): ParsedText {
  const t = normalizeText(text);
  if (t === "") return { kind: "empty" };
  const [first = "", ...rest] = t.split(" ");
  const name = lookup(first);
  if (name !== undefined) return { kind: "command", name, args: rest.join(" ") };
  const suggestion = suggestCommand(first);
  return suggestion !== undefined ? { kind: "unknown", text: t, suggestion } : { kind: "unknown", text: t };
}

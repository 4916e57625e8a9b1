/**
 * Text commands: the registry of built commands, parsing of what a user typed into a typed command with its
 * arguments, and "did you mean" suggestions. Pure functions, no botbuilder.
 */

/** What `check` can be narrowed to; "all" is a bare `check`. */
export const CHECK_SCOPES = ["all", "gdap", "adminagents", "apps"] as const;
export type CheckScope = (typeof CHECK_SCOPES)[number];

/** The first word of every built command. */
export type CommandName = "help" | "about" | "check" | "tenant" | "setup" | "sync" | "alerts" | "expiring" | "digest" | "rotate" | "audit";

/** Commands whose words after the first are parsed by their feature (src/dialogs/<feature>): `args` is the rest as typed. */
export const ARGS_COMMANDS = ["setup", "sync", "alerts", "expiring", "digest", "rotate", "audit"] as const satisfies readonly CommandName[];
export type ArgsCommandName = (typeof ARGS_COMMANDS)[number];

interface CommandWord {
  name: CommandName;
  /** Other first words that run the same command. */
  aliases: readonly string[];
}

/** First words and their aliases (lower case). */
export const COMMAND_WORDS: readonly CommandWord[] = [
  { name: "help", aliases: ["?", "commands", "menu"] },
  { name: "about", aliases: ["version", "info"] },
  { name: "check", aliases: ["checks", "verify"] },
  { name: "tenant", aliases: ["customer"] },
  { name: "setup", aliases: ["set-up", "wizard", "configure"] },
  { name: "sync", aliases: ["synchronize", "synchronise"] },
  { name: "alerts", aliases: ["alert", "inbox"] },
  { name: "expiring", aliases: ["expiry", "expires"] },
  { name: "digest", aliases: ["digests"] },
  { name: "rotate", aliases: [] },
  { name: "audit", aliases: ["log"] },
];

export interface CommandDef {
  /** As the user types it, and as the help card and the manifest's commandLists show it, e.g. "check gdap". */
  name: string;
  /** One line (at most 128 characters: the manifest's limit), shown in the help card and in Teams' command menu. */
  description: string;
  /** The command it runs. */
  command: CommandName;
  /**
   * Listed in Teams' command menu (the manifest's commandLists, at most 10 per list: Teams' limit). Default true;
   * commands with `menu: false` are shown by `help` only.
   */
  menu?: boolean;
}

/**
 * Only commands that are built are listed here (and so in the help card and the manifest's commandLists; a test
 * keeps appPackage/manifest.json equal to it).
 */
export const COMMANDS: readonly CommandDef[] = [
  { name: "help", description: "Show the commands I understand.", command: "help" },
  { name: "about", description: "Show my version and how I am running.", command: "about", menu: false },
  {
    name: "check",
    description: "Check every customer: GDAP, AdminAgents and both apps, each broken link named with its fix.",
    command: "check",
  },
  { name: "check gdap", description: "Check only the GDAP chain: relationships, roles and the lifecycle group.", command: "check", menu: false },
  { name: "check adminagents", description: "Check only AdminAgents membership of the service account and the lifecycle app.", command: "check", menu: false },
  { name: "check apps", description: "Check only the two app registrations: permissions, consent and client secrets.", command: "check", menu: false },
  { name: "tenant", description: "Show one customer in detail: tenant <name, domain or tenant id>.", command: "tenant" },
  { name: "setup m365", description: "Set up Microsoft 365 (GDAP and the service account) step by step, each step verified live.", command: "setup" },
  { name: "setup mem", description: "Set up Intune (MEM): the two apps, their permissions and keys, each step verified live.", command: "setup" },
  { name: "setup status", description: "Show where both setup wizards are, and continue where you left off.", command: "setup" },
  // Teams' menu holds 10 (MENU_COMMANDS): help, check, tenant, the setups, sync, sync status, alerts, expiring; the rest are in `help`.
  { name: "sync", description: "Sync every customer's devices, apps, users and licences now, with live progress: sync <tenant> for one.", command: "sync" },
  { name: "sync status", description: "Show the current (or last) sync: progress, counts, failures by cause with their fix.", command: "sync" },
  { name: "sync history", description: "List the recent syncs: when, who or what started them, counts and failures.", command: "sync", menu: false },
  { name: "sync retry", description: "Sync again the tenants that failed in the last sync.", command: "sync", menu: false },
  { name: "sync exclude", description: "Skip one customer in every sync: sync exclude <tenant> (sync include <tenant> brings it back).", command: "sync", menu: false },
  { name: "sync include", description: "Sync a customer you excluded again: sync include <tenant>; sync excluded lists them.", command: "sync", menu: false },
  { name: "sync schedule", description: "Show or set when the sync runs: sync schedule <cron> [time zone], e.g. 0 2 * * * Europe/Amsterdam.", command: "sync", menu: false },
  { name: "audit", description: "Show the latest changes: who did what, when, and the outcome (admins only).", command: "audit", menu: false },
  { name: "alerts", description: "Show the open alerts across every customer: alerts [kinds] [tenants] filters them.", command: "alerts" },
  { name: "alerts here", description: "Send alerts to this chat or channel: alerts here [secrets gdap sync access new] [tenants, comma-separated].", command: "alerts", menu: false },
  { name: "alerts off", description: "Stop sending alerts to this conversation.", command: "alerts", menu: false },
  { name: "alerts settings", description: "Show which alerts and digest this conversation gets.", command: "alerts", menu: false },
  { name: "alerts history", description: "List the recent alerts, acknowledged and snoozed ones included.", command: "alerts", menu: false },
  { name: "expiring", description: "List client secrets and GDAP relationships ending soon across customers: expiring [days] (default 30).", command: "expiring" },
  { name: "digest", description: "Get a digest here: digest daily|weekly <HH:MM> [time zone] [quiet], or digest off.", command: "digest", menu: false },
  { name: "rotate secret", description: "Give the lifecycle app a new client secret (6 months), switch the sync to it, then remove the old one (admins only).", command: "rotate", menu: false },
];

/** Longest `tenant` query kept (names and domains are far shorter). */
export const MAX_QUERY_LENGTH = 200;

export type ParsedCommand =
  | { kind: "command"; name: "help" }
  | { kind: "command"; name: "about" }
  | { kind: "command"; name: "check"; scope: CheckScope }
  | { kind: "command"; name: "tenant"; query: string }
  /** What follows `setup` (src/dialogs/wizards/commands.ts parses it), `sync` (src/dialogs/sync), `alerts`, … */
  | { [N in ArgsCommandName]: { kind: "command"; name: N; args: string } }[ArgsCommandName];

export type ParsedText =
  | { kind: "empty" }
  | ParsedCommand
  /** The command word was right, its argument missing or wrong: answer with its usage (and the closest form). */
  | { kind: "usage"; name: "tenant" }
  | { kind: "usage"; name: "check"; suggestion?: CheckScope }
  | { kind: "unknown"; text: string; suggestion?: CommandName };

/**
 * Cleans what Teams delivers, keeping case: drops `<at>…</at>` mentions (Teams adds one in channels), other HTML
 * tags and entities, surrounding whitespace and punctuation; collapses spaces.
 */
export function cleanText(text: string | undefined | null): string {
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
    .replace(/[\s!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+$/u, "");
}

/** `cleanText`, lower-cased. */
export function normalizeText(text: string | undefined | null): string {
  return cleanText(text).toLowerCase();
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
  return COMMAND_WORDS.find((c) => c.name === word || c.aliases.includes(word))?.name;
}

/**
 * The closest of `candidates` (name → its spellings) to `word`, or undefined if nothing is close: one the word is a
 * prefix of (at least 2 letters, first in order), else the smallest edit distance within max(1, ⌊length/3⌋).
 */
function closest<N extends string>(word: string, candidates: ReadonlyArray<{ name: N; spellings: readonly string[] }>): N | undefined {
  if (word.length === 0) return undefined;
  if (word.length >= 2) {
    const byPrefix = candidates.find((c) => c.spellings.some((s) => s.length > 1 && s.startsWith(word)));
    if (byPrefix) return byPrefix.name;
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: { name: N; d: number } | undefined;
  for (const c of candidates) {
    for (const s of c.spellings) {
      if (s.length < 2) continue;
      const d = editDistance(word, s);
      if (d <= limit && (best === undefined || d < best.d)) best = { name: c.name, d };
    }
  }
  return best?.name;
}

/** The closest built command to the first word of `word`, or undefined if nothing is close. */
export function suggestCommand(word: string): CommandName | undefined {
  const w = word.trim().toLowerCase().split(" ")[0] ?? "";
  return closest(
    w,
    COMMAND_WORDS.map((c) => ({ name: c.name, spellings: [c.name, ...c.aliases] })),
  );
}

/** Spellings of each scope after `check` (compared without spaces or punctuation). */
const SCOPE_SPELLINGS: ReadonlyArray<{ name: CheckScope; spellings: readonly string[] }> = [
  { name: "all", spellings: ["all", "everything"] },
  { name: "gdap", spellings: ["gdap"] },
  { name: "adminagents", spellings: ["adminagents", "adminagent", "agents"] },
  { name: "apps", spellings: ["apps", "app", "applications"] },
];

function parseScope(args: string): { ok: true; scope: CheckScope } | { ok: false; suggestion?: CheckScope } {
  const key = args.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  if (key === "") return { ok: true, scope: "all" };
  const exact = SCOPE_SPELLINGS.find((s) => s.spellings.includes(key));
  if (exact) return { ok: true, scope: exact.name };
  const suggestion = closest(key, SCOPE_SPELLINGS);
  return suggestion !== undefined ? { ok: false, suggestion } : { ok: false };
}

/** The bot's own name typed as text (an @mention Teams did not turn into an `<at>` tag). */
const BOT_NAME_WORDS = ["tenant", "pilot"];

export function parseText(text: string | undefined | null): ParsedText {
  let words = cleanText(text).split(" ").filter((w) => w !== "");
  // "Tenant Pilot check": drop the bot's name when a command follows it.
  if (
    words.length > BOT_NAME_WORDS.length &&
    BOT_NAME_WORDS.every((w, i) => words[i].toLowerCase() === w) &&
    lookup(words[BOT_NAME_WORDS.length].toLowerCase()) !== undefined
  ) {
    words = words.slice(BOT_NAME_WORDS.length);
  }
  if (words.length === 0) return { kind: "empty" };
  const first = words[0].toLowerCase();
  const rest = words.slice(1).join(" ");
  const name = lookup(first);
  switch (name) {
    case "help":
    case "about":
      return { kind: "command", name };
    case "check": {
      const scope = parseScope(rest);
      if (scope.ok) return { kind: "command", name, scope: scope.scope };
      return scope.suggestion !== undefined ? { kind: "usage", name, suggestion: scope.suggestion } : { kind: "usage", name };
    }
    case "setup":
    case "sync":
    case "alerts":
    case "expiring":
    case "digest":
    case "rotate":
    case "audit":
      return { kind: "command", name, args: rest.slice(0, MAX_QUERY_LENGTH) };
    case "tenant": {
      const query = rest.slice(0, MAX_QUERY_LENGTH).trim();
      return query === "" ? { kind: "usage", name } : { kind: "command", name, query };
    }
    case undefined: {
      const t = words.join(" ").toLowerCase();
      const suggestion = suggestCommand(first);
      return suggestion !== undefined ? { kind: "unknown", text: t, suggestion } : { kind: "unknown", text: t };
    }
  }
}


/** The commands of Teams' command menu (the manifest's commandLists): at most 10, Teams' limit per list. */
export const MENU_COMMANDS: readonly CommandDef[] = COMMANDS.filter((c) => c.menu !== false);

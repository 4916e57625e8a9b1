/**
 * Seeded generators of malformed and hostile requests to /api/messages (pure: same seed, same requests).
 * Every activity asks for `expectReplies` and carries a loopback service URL, so no reply ever leaves the machine.
 */
export interface FuzzRequest {
  kind: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** mulberry32: small, fast, good enough for test inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICE_URL = "http://127.0.0.1:9/";
const CONVERSATIONS = 16;

const ODD_TEXT = [
  "\u202eecnatsni\u202c",
  "\u200b\u200c\u200d\ufeff",
  "🧨💣🔥".repeat(50),
  "\ud800",
  "\udfff lone",
  "e\u0301\u0301\u0301\u0301\u0301",
  "\u0000\u0001\u0002",
  "ﷺ﷽",
  "𝕙𝕖𝕝𝕡",
  "HELP",
  "  help  ",
  "<at>Tenant Pilot</at> help",
  "\r\n\t",
];
const INJECTIONS = [
  "tenant ' OR 1=1 --",
  'tenant "; DROP TABLE tenants; --',
  "tenant SELECT * FROM c WHERE c.tenantId != ''",
  "tenant ${process.env.COSMOS_KEY}",
  "tenant {{$root}}",
  "tenant ${$root.secret}",
  "tenant <script>alert(1)</script>",
  "tenant ../../../etc/passwd",
  "tenant %00%27",
  "tenant @{jndi:ldap://127.0.0.1:9/x}",
  "tenant __proto__",
  "tenant constructor",
  "tenant 00000000-0000-0000-0000-000000000000' OR '1'='1",
];
const COMMANDS = ["help", "about", "setup status", "tenant", "tenant fabrikam", "check nothing", "xyzzy", "setup", "setup nonsense", "sync status", "audit", ""];
const INVOKE_NAMES = [
  "adaptiveCard/action",
  "config/fetch",
  "config/submit",
  "task/fetch",
  "task/submit",
  "composeExtension/query",
  "composeExtension/submitAction",
  "message/submitAction",
  "signin/verifyState",
  "signin/tokenExchange",
  "fileConsent/invoke",
  "",
  "💥",
];
const VERBS = ["help", "check.page", "setup.next", "setup.verify", "setup.back", "sync.page", "nope", "", "HELP", "x".repeat(300)];
const WEIRD_VALUES: unknown[] = [null, 0, -1, 1e308, true, "", "x".repeat(1000), [], [1, "a", null], {}, { __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }, { page: "NaN" }, { page: -5 }, { page: 1e9 }];

export function createGenerator(seed: number): (i: number) => FuzzRequest {
  const rnd = prng(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v), "utf8");
  const jsonHeaders = { "content-type": "application/json" };

  const activity = (extra: Record<string, unknown>): Record<string, unknown> => ({
    id: `fz-${int(1e9)}`,
    channelId: "msteams",
    serviceUrl: SERVICE_URL,
    deliveryMode: "expectReplies",
    from: { id: `29:user-${int(4)}`, name: "Fuzz", aadObjectId: "00000000-0000-0000-0000-0000000000a1" },
    recipient: { id: "28:tenant-pilot-bot", name: "Tenant Pilot" },
    conversation: { id: `a:fuzz-${int(CONVERSATIONS)}`, conversationType: pick(["personal", "groupChat", "channel", "???"]), tenantId: "00000000-0000-0000-0000-00000000000t" },
    channelData: { tenant: { id: "00000000-0000-0000-0000-00000000000t" } },
    ...extra,
  });
  const randomValue = (depth = 0): unknown => {
    const r = int(depth > 2 ? 6 : 9);
    switch (r) {
      case 0:
        return null;
      case 1:
        return int(1e6) - 5e5;
      case 2:
        return rnd() < 0.5;
      case 3:
        return pick(ODD_TEXT);
      case 4:
        return pick(WEIRD_VALUES);
      case 5:
        return "s".repeat(int(50));
      case 6:
        return Array.from({ length: int(4) }, () => randomValue(depth + 1));
      default:
        return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(["verb", "data", "action", "page", "type", "__proto__", "x"]), randomValue(depth + 1)]));
    }
  };
  /** A well-formed activity with one field replaced by something of the wrong type. */
  const mutate = (a: Record<string, unknown>): Record<string, unknown> => {
    const keys = ["type", "text", "value", "name", "from", "conversation", "recipient", "channelData", "entities", "attachments", "membersAdded", "action", "locale", "timestamp"];
    return { ...a, [pick(keys)]: randomValue() };
  };
  const text = (): string => {
    switch (int(5)) {
      case 0:
        return pick(INJECTIONS);
      case 1:
        return pick(ODD_TEXT) + " " + pick(COMMANDS);
      case 2:
        return "help ".repeat(int(8000) + 1).slice(0, 50_000);
      case 3:
        return pick(COMMANDS);
      default:
        return Array.from({ length: int(30) }, () => String.fromCharCode(int(0xffff))).join("");
    }
  };

  const kinds: Array<[string, number, () => FuzzRequest]> = [
    ["message", 14, () => ({ kind: "message", headers: jsonHeaders, body: json(activity({ type: "message", text: text() })) })],
    ["mutated activity", 14, () => ({ kind: "mutated activity", headers: jsonHeaders, body: json(mutate(activity({ type: pick(["message", "invoke", "conversationUpdate", "installationUpdate", "event", "typing", "messageReaction", "endOfConversation", "x"]), text: text() }))) })],
    ["execute", 12, () => ({ kind: "execute", headers: jsonHeaders, body: json(activity({ type: "invoke", name: "adaptiveCard/action", value: rnd() < 0.7 ? { action: { type: pick(["Action.Execute", "Action.Submit", 5]), verb: rnd() < 0.8 ? pick(VERBS) : randomValue(), data: rnd() < 0.7 ? randomValue() : { verb: pick(VERBS) } }, trigger: pick(["manual", "automatic", "x"]) } : randomValue() })) })],
    ["submit", 8, () => ({ kind: "submit", headers: jsonHeaders, body: json(activity({ type: "message", value: rnd() < 0.6 ? { verb: pick(VERBS), ...((randomValue()) ?? {}) } : randomValue() })) })],
    ["invoke", 10, () => ({ kind: "invoke", headers: jsonHeaders, body: json(activity({ type: "invoke", name: rnd() < 0.8 ? pick(INVOKE_NAMES) : randomValue(), value: randomValue() })) })],
    ["install", 5, () => ({ kind: "install", headers: jsonHeaders, body: json(activity({ type: pick(["installationUpdate", "conversationUpdate"]), action: pick(["add", "remove", "add-upgrade", "x", 7]), membersAdded: rnd() < 0.5 ? [{ id: "28:tenant-pilot-bot" }] : randomValue() })) })],
    ["truncated json", 8, () => {
      const b = json(activity({ type: "message", text: text() }));
      return { kind: "truncated json", headers: jsonHeaders, body: b.subarray(0, int(b.length)) };
    }],
    ["random bytes", 6, () => ({ kind: "random bytes", headers: jsonHeaders, body: Buffer.from(Array.from({ length: int(2000) }, () => int(256))) })],
    ["json of the wrong shape", 6, () => ({ kind: "json of the wrong shape", headers: jsonHeaders, body: json(randomValue()) })],
    ["lying content-encoding", 8, () => ({
      kind: "lying content-encoding",
      headers: { ...jsonHeaders, "content-encoding": pick(["gzip", "deflate", "x-gzip", "br", "gzip, gzip", "identity", "compress", "GZIP", "*"]) },
      body: rnd() < 0.5 ? json(activity({ type: "message", text: "help" })) : Buffer.from(Array.from({ length: int(500) }, () => int(256))),
    })],
    ["wrong content-type", 5, () => ({ kind: "wrong content-type", headers: { "content-type": pick(["text/plain", "application/xml", "multipart/form-data; boundary=x", "", "application/json; charset=utf-16", "application/vnd.x+json"]) }, body: json(activity({ type: "message", text: "help" })) })],
    ["prototype keys", 3, () => {
      const a = JSON.stringify(activity({ type: pick(["message", "invoke"]), name: "adaptiveCard/action", text: pick(COMMANDS) }));
      const raw = `{"__proto__":{"isAdmin":true,"type":"message"},"constructor":{"prototype":{"polluted":1}},${a.slice(1, -1)},"value":{"__proto__":{"verb":"help"},"action":{"type":"Action.Execute","verb":"help","data":{"__proto__":{"x":1}}}}}`;
      return { kind: "prototype keys", headers: jsonHeaders, body: Buffer.from(raw, "utf8") };
    }],
    ["oversized", 1, () => ({ kind: "oversized", headers: jsonHeaders, body: json(activity({ type: "message", text: "x".repeat(300 * 1024) })) })],
  ];
  const total = kinds.reduce((n, k) => n + k[1], 0);
  return () => {
    let r = int(total);
    for (const [, weight, make] of kinds) {
      if (r < weight) return make();
      r -= weight;
    }
    return (kinds[0])[2]();
  };
}

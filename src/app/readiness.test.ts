import type { SecretStore } from "../secrets/secretStore";
import { createReadiness, within } from "./readiness";

const store = (has: () => Promise<boolean>): SecretStore => ({
  get: () => Promise.resolve(undefined),
  set: () => Promise.resolve(),
  delete: () => Promise.resolve(),
  has,
});
const up = () => Promise.resolve({ ok: true, fields: { cosmos: { reachable: true } } });
const down = () => Promise.resolve({ ok: false, fields: { cosmos: { reachable: false } } });

describe("within", () => {
  it.each<[string, Promise<unknown>, boolean]>([
    ["resolves in time", Promise.resolve(1), true],
    ["rejects", Promise.reject(new Error("x")), false],
    ["never settles", new Promise(() => undefined), false],
  ])("%s", async (_what, work, expected) => {
    expect(await within(work, 20)).toBe(expected);
  });
});

describe("createReadiness", () => {
  it("ready follows Cosmos only: a secret store that fails shows in the details and does not make it unready", async () => {
    const r = createReadiness({ storage: up, secrets: store(() => Promise.reject(new Error("vault down"))), secretsKind: "key vault" });
    expect(await r()).toMatchObject({ ok: true, fields: { cosmos: { reachable: true }, secrets: { store: "key vault", reachable: false } } });
    const d = createReadiness({ storage: down, secrets: store(() => Promise.resolve(false)), secretsKind: "key vault" });
    expect(await d()).toMatchObject({ ok: false, fields: { cosmos: { reachable: false }, secrets: { reachable: true } } });
  });

  it("no secret store: shown as none", async () => {
    expect((await createReadiness({ storage: up, secretsKind: "none" })()).fields.secrets).toEqual({ store: "none" });
  });

  it("caches the probe for cacheMs, then probes again", async () => {
    let t = 0;
    let calls = 0;
    const r = createReadiness({ storage: up, secrets: store(() => (calls++, Promise.resolve(true))), secretsKind: "cosmos", now: () => t, cacheMs: 1000 });
    await r();
    await r();
    t = 999;
    await r();
    expect(calls).toBe(1);
    t = 1000;
    await r();
    expect(calls).toBe(2);
  });

  it("a probe that hangs is cut by the timeout", async () => {
    const r = createReadiness({ storage: up, secrets: store(() => new Promise(() => undefined)), secretsKind: "key vault", timeoutMs: 20 });
    expect((await r()).fields.secrets).toMatchObject({ reachable: false });
  });
});

import { connectStateDocId, connectVerifierSecretName, newConnectState, parseConnectState } from "./connectState";
import { isSecretName } from "../secrets/secretStore";

const T = "c0c0c0c0-0000-4000-8000-000000000000";

describe("connect state (pure parts)", () => {
  it("a new state names its MSP and 32 random bytes; two are never equal", () => {
    const a = newConnectState(T.toUpperCase());
    expect(parseConnectState(a)).toEqual({ partnerTenantId: T, nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown });
    expect(newConnectState(T)).not.toBe(a);
  });

  test.each<[string, unknown]>([
    ["not a string", 42],
    ["empty", ""],
    ["no dot", `${T}${"a".repeat(43)}`],
    ["short nonce", `${T}.abc`],
    ["not a tenant", `zzzzzzzz-0000-4000-8000-000000000000.${"a".repeat(43)}`],
    ["extra characters", `${T}.${"a".repeat(43)}&x=1`],
  ])("refused: %s", (_n, v) => {
    expect(parseConnectState(v)).toBeUndefined();
  });

  it("document id and verifier name derive from the hash, never the value", () => {
    const nonce = "b".repeat(43);
    expect(connectStateDocId(nonce)).toMatch(/^connect\.[0-9a-f]{40}$/);
    expect(connectStateDocId(nonce)).not.toContain(nonce);
    expect(isSecretName(connectVerifierSecretName(nonce))).toBe(true);
  });
});

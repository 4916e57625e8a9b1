import { keyVaultSecretName, secretNameFromKeyVault } from "./keyVaultSecretStore";
import { InvalidSecretNameError, SECRET_NAMES } from "./secretStore";

describe("Key Vault names", () => {
  it.each([
    [SECRET_NAMES.lifecycleAppClientSecret, "tp-lifecycle-app-0client-secret"],
    [SECRET_NAMES.partnerCenterAppClientSecret, "tp-partner-center-app-0client-secret"],
    [SECRET_NAMES.m365RefreshToken, "tp-m365-0refresh-token"],
    ["a_b.c-d", "tp-a-1b-0c--d"],
    ["case.Test", "tp-case-0-test"],
    ["case.test", "tp-case-0test"],
  ])("%s → %s and back", (name, kv) => {
    expect(keyVaultSecretName(name)).toBe(kv);
    expect(kv).toMatch(/^[0-9a-zA-Z-]{1,127}$/);
    expect(secretNameFromKeyVault(kv)).toBe(name);
    expect(secretNameFromKeyVault(kv.toUpperCase())).toBe(name);
  });

  it("refuses names Key Vault cannot hold, and reads back only its own", () => {
    expect(() => keyVaultSecretName("no-dot")).toThrow(InvalidSecretNameError);
    expect(() => keyVaultSecretName(`${"A".repeat(60)}.${"B".repeat(60)}`)).toThrow(InvalidSecretNameError);
    expect(secretNameFromKeyVault("other-secret")).toBeUndefined();
    expect(secretNameFromKeyVault("tp-x-")).toBeUndefined();
    expect(secretNameFromKeyVault("tp-x-9")).toBeUndefined();
  });
});

import { createMemorySecretStore } from "./memorySecretStore";
import { InvalidSecretNameError, InvalidSecretValueError } from "./secretStore";

it("stores, reads, deletes, and rejects (not throws) bad input", async () => {
  const store = createMemorySecretStore();
  expect(await store.has("m365.refreshToken")).toBe(false);
  await store.set("m365.refreshToken", "rt-1");
  expect(await store.get("m365.refreshToken")).toBe("rt-1");
  expect(await store.has("m365.refreshToken")).toBe(true);
  await store.delete("m365.refreshToken");
  await store.delete("m365.refreshToken");
  expect(await store.get("m365.refreshToken")).toBeUndefined();
  await expect(store.get("bad")).rejects.toThrow(InvalidSecretNameError);
  await expect(store.set("a.b", "")).rejects.toThrow(InvalidSecretValueError);
});

import { assertSecretName, assertSecretValue, InvalidSecretNameError, InvalidSecretValueError, isSecretName, SECRET_NAMES } from "./secretStore";

describe("secret names", () => {
  test.each([
    ...Object.values(SECRET_NAMES),
    "m365.refreshToken",
    "customer.0f8b3c2a-1d4e-4f6a-9b7c-2e5d8a1f3c4b.token",
    "a.b",
  ])("accepts %s", (name) => {
    expect(isSecretName(name)).toBe(true);
    expect(assertSecretName(name)).toBe(name);
  });

  test.each<[string, unknown]>([
    ["no dot", "clientSecret"],
    ["empty", ""],
    ["empty segment", "lifecycleApp..clientSecret"],
    ["trailing dot", "lifecycleApp."],
    ["slash", "lifecycleApp/clientSecret"],
    ["space", "lifecycle App.clientSecret"],
    ["segment starting with _", "_x.y"],
    ["too many segments", "a.b.c.d.e.f.g.h.i"],
    ["too long", `a.${"b".repeat(250)}`],
    ["not a string", 42],
    ["undefined", undefined],
  ])("refuses %s without echoing it", (_label, name) => {
    expect(isSecretName(name)).toBe(false);
    expect(() => assertSecretName(name)).toThrow(InvalidSecretNameError);
    // The message is fixed text: it cannot carry what was passed.
    expect(() => assertSecretName(name)).toThrow(new InvalidSecretNameError().message);
  });
});

describe("secret values", () => {
  test.each<[string, unknown, boolean]>([
    ["a short value", "x", true],
    ["64 KB", "v".repeat(64 * 1024), true],
    ["empty", "", false],
    ["over 64 KB", "v".repeat(64 * 1024 + 1), false],
    ["a number", 12, false],
  ])("%s → %s", (_label, value, ok) => {
    if (ok) expect(assertSecretValue("a.b", value)).toBe(value);
    else expect(() => assertSecretValue("a.b", value)).toThrow(InvalidSecretValueError);
  });
});

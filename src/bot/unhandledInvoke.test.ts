import { unhandledInvokeAnswer } from "./unhandledInvoke";

describe("unhandledInvokeAnswer", () => {
  it.each<[string, unknown, number, string]>([
    ["config/fetch", "config/fetch", 404, "NotSupported"],
    ["task/fetch", "task/fetch", 404, "NotSupported"],
    ["composeExtension/query", "composeExtension/query", 404, "NotSupported"],
    ["a made-up name", "zz/whatever", 404, "NotSupported"],
    ["no name", undefined, 400, "BadRequest"],
    ["an empty name", "  ", 400, "BadRequest"],
    ["a name that is not a string", 42, 400, "BadRequest"],
  ])("%s → %i", (_what, name, status, code) => {
    const a = unhandledInvokeAnswer(name);
    expect(a.status).toBe(status);
    expect(a.body).toMatchObject({ statusCode: status, type: "application/vnd.microsoft.error", value: { code } });
  });

  it("quotes at most 100 characters of the name", () => {
    const a = unhandledInvokeAnswer("x".repeat(5000));
    expect(JSON.stringify(a.body).length).toBeLessThan(300);
  });
});

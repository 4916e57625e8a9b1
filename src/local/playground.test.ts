import { parseListeningPort, playgroundErrors, playgroundSpec } from "./playground";

const paths = { nodePath: "/usr/bin/node", cliPath: "/x/cli.js", configPath: "/x/playground.yml", preloads: ["/x/loopback-only.cjs", "/x/exit-with-parent.cjs"] };

describe("playgroundSpec", () => {
  it("points the Playground at the bot, on a loopback service URL, in its own work dir", () => {
    const spec = playgroundSpec(
      { botEndpoint: "http://127.0.0.1:3978/api/messages", port: 56150, workDir: "/tmp/w" },
      paths,
      { PATH: "/bin", HOME: "/root", MICROSOFT_APP_PASSWORD: "nope", COSMOS_KEY: "nope" },
    );
    expect(spec.command).toBe("/usr/bin/node");
    expect(spec.args.slice(0, 5)).toEqual(["--require", "/x/loopback-only.cjs", "--require", "/x/exit-with-parent.cjs", "/x/cli.js"]);
    const arg = (flag: string) => spec.args[spec.args.indexOf(flag) + 1];
    expect(arg("--app-endpoint")).toBe("http://127.0.0.1:3978/api/messages");
    expect(arg("--channel-id")).toBe("msteams");
    expect(arg("--port")).toBe("56150");
    expect(arg("--service-url")).toBe("http://127.0.0.1:56150/_connector");
    expect(spec.args).toContain("--disable-telemetry");
    expect(spec.cwd).toBe("/tmp/w");
    expect(spec.env).toMatchObject({
      TEAMSAPPTESTER_BROWSER: "none",
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: "/x/playground.yml",
      PATH: "/bin",
      HOME: "/root",
    });
    expect(spec.env?.M365_AGENTS_PLAYGROUND_LOGFILE).toMatch(/^\/tmp\/w\/devTools\//);
    expect(Object.keys(spec.env ?? {})).not.toContain("MICROSOFT_APP_PASSWORD");
    expect(Object.keys(spec.env ?? {})).not.toContain("COSMOS_KEY");
  });

  it.each([0, -1, 70000, 1.5])("refuses port %p", (port) => {
    expect(() => playgroundSpec({ botEndpoint: "http://127.0.0.1:1/api/messages", port, workDir: "/tmp" }, paths)).toThrow(/fixed port/);
  });
});

describe("parseListeningPort", () => {
  it.each<[string, number | undefined]>([
    ["Listening on 56150", 56150],
    ["Listening on 4321  ", 4321],
    ["Port 56150 is already in use. Finding an available port...", undefined],
    ["", undefined],
  ])("%p", (line, port) => {
    expect(parseListeningPort(line)).toBe(port);
  });
});

describe("playgroundErrors", () => {
  it("picks the Playground's error lines from its log", () => {
    const log = [
      "log Listening on 1234",
      "error Failed to start Microsoft 365 Agents Playground.",
      "debug noise",
      'error Reason: ConfigFileParseError YAML path "/users": must NOT have fewer than 5 items.',
    ].join("\n");
    expect(playgroundErrors(log)).toEqual([
      "Failed to start Microsoft 365 Agents Playground.",
      'Reason: ConfigFileParseError YAML path "/users": must NOT have fewer than 5 items.',
    ]);
    expect(playgroundErrors("")).toEqual([]);
  });
});

import net from "node:net";
import { checkPorts, findPortClashes, getFreePort, isPortFree } from "./ports";

describe("findPortClashes", () => {
  it.each([
    { name: "distinct ports", ports: [3978, 56150, 7000], clash: false },
    { name: "port 0 twice is fine", ports: [0, 0, 7000], clash: false },
    { name: "same port twice", ports: [3978, 3978, 7000], clash: true },
  ])("$name", ({ ports, clash }) => {
    const reqs = ports.map((port, i) => ({ variable: `V${i}`, what: `thing ${i}`, port }));
    const problems = findPortClashes(reqs);
    expect(problems.length > 0).toBe(clash);
    if (clash) expect(problems[0]).toContain("V0 and V1");
  });
});

describe("port probes", () => {
  let server: net.Server;
  let busy: number;
  beforeAll(async () => {
    server = net.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    busy = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it("sees a busy port and a free one", async () => {
    expect(await isPortFree(busy)).toBe(false);
    expect(await isPortFree(await getFreePort())).toBe(true);
  });

  it("names the variable to change for a busy port", async () => {
    const problems = await checkPorts([
      { variable: "PLAYGROUND_PORT", what: "the Agents Playground", port: busy },
      { variable: "PORT", what: "the bot", port: 0 },
    ]);
    expect(problems).toEqual([expect.stringMatching(/^PLAYGROUND_PORT: port \d+ .* set PLAYGROUND_PORT to a free port$/)]);
  });
});

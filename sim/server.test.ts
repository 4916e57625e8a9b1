/** startSimulator's listeners stay on loopback: other hosts are refused at start, the control API checks its peers. */
import { isLoopback, startSimulator } from "./server";
import { servicesScenario } from "./test/contract/fixtures";

test.each([
  ["127.0.0.1", true],
  ["127.8.9.10", true],
  ["::1", true],
  ["::ffff:127.0.0.1", true],
  ["localhost", true],
  ["10.0.0.5", false],
  ["::ffff:10.0.0.5", false],
  ["127.evil.example", false],
  ["0.0.0.0", false],
  ["::", false],
  ["", false],
  [undefined, false],
])("isLoopback(%s) = %s (the control API answers 403 to anything else)", (addr, expected) => {
  expect(isLoopback(addr)).toBe(expected);
});

test.each(["0.0.0.0", "::", "192.168.1.20", "example.com"])("binding to %s is refused before anything listens", async (host) => {
  await expect(startSimulator({ scenario: servicesScenario(), port: 0, host })).rejects.toThrow(/loopback only/);
});

test("every listener, the control API included, is on 127.0.0.1", async () => {
  const sim = await startSimulator({ scenario: servicesScenario(), port: 0, host: "localhost" });
  try {
    for (const url of Object.values(sim.urls)) expect(new URL(url).hostname).toBe("127.0.0.1");
  } finally {
    await sim.stop();
  }
});

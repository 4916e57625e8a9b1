/**
 * loopback-only.cjs (preloaded into the Agents Playground): every way of calling listen() without a host ends up on
 * 127.0.0.1; an explicit host is left alone.
 */
import { execFile } from "node:child_process";
import path from "node:path";

const PRELOAD = path.join(__dirname, "loopback-only.cjs");

const SCRIPT = `
const net = require("node:net");
const http = require("node:http");
const forms = {
  "listen(0)": (s, cb) => s.listen(0, cb),
  "listen('0')": (s, cb) => s.listen("0", cb),
  "listen(0, backlog, cb)": (s, cb) => s.listen(0, 511, cb),
  "listen(cb)": (s, cb) => s.listen(cb),
  "listen()": (s, cb) => { s.once("listening", cb); s.listen(); },
  "listen({port: 0})": (s, cb) => s.listen({ port: 0 }, cb),
  "http listen(0)": null,
  "explicit host": (s, cb) => s.listen(0, "127.0.0.2", cb),
};
(async () => {
  const out = {};
  for (const [name, listen] of Object.entries(forms)) {
    const s = listen === null ? http.createServer() : net.createServer();
    await new Promise((res) => (listen ?? ((srv, cb) => srv.listen(0, cb)))(s, res));
    out[name] = s.address().address;
    await new Promise((res) => s.close(res));
  }
  process.stdout.write(JSON.stringify(out));
})();
`;

it("binds every listen() without a host to 127.0.0.1", async () => {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ["--require", PRELOAD, "-e", SCRIPT], { timeout: 10_000 }, (err: Error | null, out: string) => (err ? reject(err) : resolve(out)));
  });
  const addresses = JSON.parse(stdout) as Record<string, string>;
  const { "explicit host": explicit, ...implicit } = addresses;
  expect(Object.keys(implicit)).toHaveLength(7);
  for (const [form, address] of Object.entries(implicit)) expect(`${form} -> ${address}`).toBe(`${form} -> 127.0.0.1`);
  expect(explicit).toBe("127.0.0.2");
});

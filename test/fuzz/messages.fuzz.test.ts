/**
 * Fuzz /api/messages (loopback only): a few thousand seeded, malformed or hostile requests against the real bot in
 * its own process (local mode, embedded Cosmos, every Microsoft host a closed loopback port). Every activity asks for
 * expectReplies, so an invoke's own status is read from the invokeResponse in the body. The bot must never
 * crash, never answer 5xx (the documented 5xx are start-up and shutdown only; neither happens here), never log an
 * error, keep answering a plain `help`, and hold its memory: the heap after a full GC at the end is within a few MB
 * of the heap after the warm-up. Bounded in count and in time; the seed is printed so a failure can be replayed
 * (FUZZ_SEED, FUZZ_COUNT).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createGenerator, type FuzzRequest } from "./generate";

const ROOT = path.resolve(__dirname, "..", "..");
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const COUNT = Number(process.env.FUZZ_COUNT ?? 2000);
const WARMUP = 400;
const CONCURRENCY = 12;
const TIME_BUDGET_MS = 75_000;
/** "Within a few MB": allowed heap growth from after the warm-up to the end, both after a full GC. */
const HEAP_GROWTH_LIMIT = 6 * 1024 * 1024;

jest.setTimeout(180_000);

let child: ChildProcess;
let url: string;
let stderr = "";
let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;

beforeAll(async () => {
  child = spawn(process.execPath, ["--expose-gc", "--disable-warning=DEP0111", "--import", "tsx", path.join(__dirname, "fuzzBot.ts")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "test" },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  child.on("exit", (code, signal) => (exited = { code, signal }));
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`fuzz bot did not start: ${stderr}`)), 60_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.once("exit", () => reject(new Error(`fuzz bot exited: ${stderr}`)));
  });
});

afterAll(async () => {
  if (!exited && child) {
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.send({ type: "stop" });
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await gone;
    clearTimeout(timer);
  }
});

const heap = (): Promise<{ heapUsed: number; gc: boolean; errors: number }> =>
  new Promise((resolve) => {
    child.once("message", (m) => resolve(m as { heapUsed: number; gc: boolean; errors: number }));
    child.send({ type: "heap" });
  });

/** Pure: the status an invoke was answered with inside an expectReplies body (the HTTP status is then 200). */
function innerInvokeStatus(text: string): number | undefined {
  try {
    const body = JSON.parse(text) as { activities?: Array<{ type?: string; value?: { status?: number } }> };
    return body.activities?.find((a) => a.type === "invokeResponse")?.value?.status;
  } catch {
    return undefined;
  }
}

async function send(r: FuzzRequest): Promise<number | "failed"> {
  try {
    const res = await fetch(`${url}/api/messages`, { method: "POST", headers: r.headers, body: r.body, signal: AbortSignal.timeout(30_000) });
    const inner = innerInvokeStatus(await res.text());
    return res.status === 200 && inner !== undefined ? inner : res.status;
  } catch {
    return "failed";
  }
}

async function run(from: number, to: number, deadline: number, next: (i: number) => FuzzRequest, seen: Map<string, number>, bad: string[]): Promise<number> {
  let i = from;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (i < to && Date.now() < deadline) {
      const n = i++;
      const r = next(n);
      const status = await send(r);
      done++;
      const key = `${r.kind} → ${status}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (status === "failed" || status >= 500) bad.push(`#${n} ${key}: ${r.body.subarray(0, 300).toString("utf8")}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return done;
}

it(`survives ${COUNT} malformed requests (seed ${SEED}): no crash, no 5xx, no error logged, memory stable`, async () => {
  const next = createGenerator(SEED);
  const seen = new Map<string, number>();
  const bad: string[] = [];
  const deadline = Date.now() + TIME_BUDGET_MS;
  const started = Date.now();

  await run(0, WARMUP, deadline, next, seen, bad);
  const before = await heap();
  expect(before.gc).toBe(true);
  const done = WARMUP + (await run(WARMUP, COUNT, deadline, next, seen, bad));
  const after = await heap();

  // Still serving, and still right.
  const help = await fetch(`${url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "message",
      text: "help",
      channelId: "msteams",
      serviceUrl: "http://127.0.0.1:9/",
      deliveryMode: "expectReplies",
      from: { id: "29:user-0" },
      recipient: { id: "28:tenant-pilot-bot" },
      conversation: { id: "a:fuzz-after" },
    }),
  });
  expect(help.status).toBe(200);

  const summary = {
    seed: SEED,
    requests: done,
    ms: Date.now() - started,
    heapAfterWarmupMB: +(before.heapUsed / 1048576).toFixed(1),
    heapAtEndMB: +(after.heapUsed / 1048576).toFixed(1),
    statuses: Object.fromEntries([...seen.entries()].sort()),
  };
  process.stdout.write(`fuzz summary ${JSON.stringify(summary)}\n`);
  expect(exited).toBeUndefined();
  expect(bad.slice(0, 10)).toEqual([]);
  expect(stderr).toBe("");
  expect(after.errors).toBe(0);
  expect(done).toBeGreaterThanOrEqual(Math.min(COUNT, 1000));
  expect(after.heapUsed - before.heapUsed).toBeLessThan(HEAP_GROWTH_LIMIT);
});

/**
 * The fuzz test's bot, in its own process (run with `node --expose-gc --import tsx`): the embedded Cosmos and local
 * mode's startApp on a free loopback port, every Microsoft host pointed at a closed loopback port (nothing can leave
 * the machine). Prints one JSON line `{"url": …}` once listening; over IPC answers `{"type":"heap"}` with the heap
 * used after a full GC, and `{"type":"stop"}` by stopping and exiting 0. Log lines of level error go to stderr.
 */
import { startApp } from "../../src/app/start";
import { loadConfig } from "../../src/config";
import { createLogger } from "../../src/log/logger";
import { startEmbeddedCosmos } from "../../src/store/embeddedCosmos";

const CLOSED = "https://127.0.0.1:9";

async function main(): Promise<void> {
  const cosmos = await startEmbeddedCosmos();
  const r = loadConfig({
    PORT: "0",
    COSMOS_DATABASE: "fuzz",
    LOG_LEVEL: "error",
    MS_LOGIN_URL: CLOSED,
    MS_GRAPH_URL: CLOSED,
    MS_PARTNER_CENTER_URL: CLOSED,
    MS_DEFENDER_URL: CLOSED,
  });
  if (!r.ok || r.config.mode !== "local") throw new Error(`fuzz configuration refused: ${r.ok ? "not local" : r.problems.join("; ")}`);
  const errors: string[] = [];
  const logger = createLogger({
    level: "warn",
    sink: (level, line) => {
      if (level === "error") {
        errors.push(line);
        process.stderr.write(line + "\n");
      }
    },
  });
  const app = await startApp({ config: r.config, cosmos: { endpoint: cosmos.endpoint, key: cosmos.key, ca: cosmos.ca }, logger });
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on("message", (m: { type?: string }) => {
    if (m.type === "heap") {
      for (let i = 0; i < 3; i++) gc?.();
      process.send?.({ type: "heap", heapUsed: process.memoryUsage().heapUsed, gc: gc !== undefined, errors: errors.length });
    } else if (m.type === "stop") {
      void app
        .stop()
        .then(() => cosmos.stop())
        .then(() => process.exit(0));
    }
  });
  process.stdout.write(JSON.stringify({ url: app.url }) + "\n");
}

main().catch((e: unknown) => {
  process.stderr.write(`fuzz bot failed to start: ${e instanceof Error ? e.name : "unknown"}\n`);
  process.exit(1);
});

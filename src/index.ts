/**
 * Azure-mode entry point (`npm run start:azure`). Local mode starts from src/local/start.ts.
 * Invalid configuration: one message listing every problem on stderr, exit code 1, no stack trace.
 * The bot listens at once and connects to Cosmos DB in the background (src/app/start.ts: /readyz says when).
 * SIGTERM / SIGINT: drain the turns in flight, stop background work (sync releases its leases), exit 0; a second
 * signal exits at once (1).
 */
import { describeConfig, formatConfigProblems, loadConfig } from "./config";
import { createLogger } from "./log/logger";
import type * as StartModule from "./app/start";
import type * as CosmosModule from "./store/cosmos";

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const result = loadConfig(env);
  if (!result.ok) {
    process.stderr.write(formatConfigProblems(result.problems) + "\n");
    return 1;
  }
  const { config } = result;
  const logger = createLogger({ level: config.logLevel });
  if (config.mode !== "azure") {
    process.stderr.write("This entry point runs azure mode (set MICROSOFT_APP_ID etc.); for local mode run `npm start`.\n");
    return 1;
  }
  logger.info("starting", { config: describeConfig(config) });
  try {
    // Loaded only once the configuration is valid, so a configuration error prints nothing but the list
    // (restify's dependencies print a Node deprecation warning when loaded).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startApp } = require("./app/start") as typeof StartModule;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { cosmosConnectionFrom } = require("./store/cosmos") as typeof CosmosModule;
    const app = await startApp({ config, cosmos: cosmosConnectionFrom(config.cosmos), logger, waitForStore: false });
    let signalled = false;
    const shutdown = (signal: string): void => {
      if (signalled) {
        logger.warn("second signal: exiting without waiting", { signal });
        process.exit(1);
      }
      signalled = true;
      logger.info("shutting down", { signal });
      app.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error("shutdown failed", { error: err });
          process.exit(1);
        },
      );
    };
    process.on("SIGTERM", () => shutdown("SIGTERM"));
    process.on("SIGINT", () => shutdown("SIGINT"));
    return 0;
  } catch (err) {
    logger.error("could not start", { error: err });
    return 1;
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (err: unknown) => {
      createLogger().error("fatal", { error: err });
      process.exit(1);
    },
  );
}

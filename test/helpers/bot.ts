/** The bot in-process over HTTP for tests: local mode on a free port, a fresh embedded Cosmos, its log lines kept. */
import { startApp, type RunningApp } from "../../src/app/start";
import { createLogger, type LogLevel } from "../../src/log/logger";
import { testLocalConfig } from "./config";
import { startTestCosmos, type TestCosmos } from "./cosmos";

/** One line the bot logged, with its level. */
export interface LoggedLine {
  level: LogLevel;
  line: string;
}

/** The bot started by useTestBot; `url` and `cosmos` may be read once its beforeAll has run (inside tests). */
export interface TestBot {
  readonly url: string;
  readonly cosmos: TestCosmos;
  /** Every line logged at `level` or above, in order. */
  readonly lines: LoggedLine[];
}

/**
 * Starts the bot (startApp, local mode) on a fresh embedded Cosmos in a beforeAll of the enclosing describe (or file),
 * logging at `level`, and stops both in its afterAll.
 */
export function useTestBot(level: LogLevel): TestBot {
  let cosmos: TestCosmos | undefined;
  let app: RunningApp | undefined;
  const lines: LoggedLine[] = [];
  beforeAll(async () => {
    const c = await startTestCosmos();
    cosmos = c;
    app = await startApp({
      config: testLocalConfig(c.databaseId),
      cosmos: c.connection,
      logger: createLogger({ level, sink: (l, line) => lines.push({ level: l, line }) }),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await cosmos?.close();
  });
  const started = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`the test bot's ${what} is read before its beforeAll ran`);
    return v;
  };
  return {
    get url() {
      return started(app, "url").url;
    },
    get cosmos() {
      return started(cosmos, "cosmos");
    },
    lines,
  };
}

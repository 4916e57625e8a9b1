/**
 * Test harness: embedded Cosmos + the bot in-process (port 0) + the Agents Playground as a child on a free port,
 * and a WebSocket on the Playground's conversation stream collecting the bot's replies.
 * Waits are event-driven with bounded timeouts; close() kills the Playground's process group and stops everything.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { startApp, type RunningApp } from "../../src/app/start";
import { loadConfig } from "../../src/config";
import { connectScenario } from "../../src/jobs/testing/connectScenario";
import { createLogger } from "../../src/log/logger";
import { startPlayground } from "../../src/local/playground";
import { getFreePort } from "../../src/local/ports";
import { Supervisor } from "../../src/local/supervisor";
import { startEmbeddedCosmos, type EmbeddedCosmos } from "../../src/store/embeddedCosmos";
import type { LocalContext } from "../../src/app/compose";
import { offsetClock } from "../../src/clock";
import { chooseLocalUser, readScenarioFile, ssoAppOf } from "../../src/local/rehearsal";
import { simulatorEnv } from "../../src/local/simulator";
import { startSimulator, type Simulator } from "../../sim/server";

export const ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive";

export interface PlaygroundMessage {
  messageId?: string;
  text?: string;
  attachments?: Array<{ contentType: string; content: unknown }>;
  [k: string]: unknown;
}

export interface Frame {
  action: string;
  actionConversationId?: string;
  message?: PlaygroundMessage;
  [k: string]: unknown;
}

export interface TestConfig {
  personalChat: { id: string };
  groupChats: Array<{ id: string }>;
  teams: Array<{ id: string; channels?: Array<{ id: string }> }>;
  currentUser: { id: string };
}

export interface PlaygroundHarness {
  url: string;
  /** The in-process simulator, when the harness was started with a scenario. */
  sim?: Simulator;
  /** The scenario file the simulator serves, when started with one (rewrite it, then sim.control.reset()). */
  scenarioFile?: string;
  bot: RunningApp;
  testConfig: TestConfig;
  frames: Frame[];
  logs: string[];
  post(route: string, body: unknown): Promise<{ status: number; body: unknown }>;
  /** Presses an Action.Execute button in `conv` as the Playground's user, on the message `replyToId` when given. */
  execute(conv: string, action: { verb: string; data: unknown; replyToId?: string }): Promise<{ status: number; body: unknown }>;
  /** The first frame (from `fromIndex` on) matching `pred`, waiting at most `timeoutMs`. */
  waitFrame(pred: (f: Frame) => boolean, what: string, opts?: { fromIndex?: number; timeoutMs?: number }): Promise<Frame>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Run the bot against the Microsoft simulator on this scenario file, as local mode does (rehearsal applied). */
  scenario?: string;
  /** Or on this scenario (JSON), written to a file in the harness's own directory (removed by close()). */
  scenarioJson?: unknown;
  /** The bot's port (default: a free one), e.g. when the scenario must list the bot's redirect URI. */
  botPort?: number;
}

export async function startPlaygroundHarness(opts: HarnessOptions = {}): Promise<PlaygroundHarness> {
  const logs: string[] = [];
  const logger = createLogger({ level: "debug", sink: (_level, line) => void logs.push(line) });
  const cleanups: Array<() => Promise<void> | void> = [];
  const close = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c();
  };
  try {
    const cosmos: EmbeddedCosmos = await startEmbeddedCosmos();
    cleanups.push(() => cosmos.stop());
    const workDir = mkdtempSync(path.join(os.tmpdir(), "tp-e2e-playground-"));
    cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));

    let env: Record<string, string> = { PORT: String(opts.botPort ?? 0), LOG_LEVEL: "debug" };
    let local: LocalContext | undefined;
    let sim: Simulator | undefined;
    const clock = offsetClock();
    let scenarioFile = opts.scenario;
    if (scenarioFile === undefined && opts.scenarioJson !== undefined) {
      scenarioFile = path.join(workDir, "scenario.json");
      writeFileSync(scenarioFile, JSON.stringify(opts.scenarioJson));
    }
    if (scenarioFile !== undefined) {
      const read = readScenarioFile(scenarioFile);
      if (!read.ok) throw new Error(read.problems.join("; "));
      const scenario = read.value;
      const s = await startSimulator({ scenario: scenarioFile, port: 0 });
      sim = s;
      cleanups.push(() => s.stop());
      const caFile = path.join(workDir, "sim-ca.pem");
      writeFileSync(caFile, s.caPem);
      env = { ...env, ...simulatorEnv({ urls: s.urls, caPem: s.caPem }, caFile, {}) };
      const user = chooseLocalUser(scenario.scenario, scenario.rehearsal ? { rehearsal: scenario.rehearsal } : {});
      if (!user.ok) throw new Error(user.problem);
      const refreshClock = (): Promise<void> => {
        clock.setOffsetMs(s.clock.now().getTime() - Date.now());
        return Promise.resolve();
      };
      await refreshClock();
      const ssoApp = ssoAppOf(scenario.scenario, s.clock.now());
      local = {
        localUser: user.upn,
        partnerTenantId: scenario.scenario.partner.tenantId,
        simulator: { controlUrl: s.urls.control, caPem: s.caPem },
        refreshClock,
        ...(scenario.rehearsal ? { rehearsal: scenario.rehearsal } : {}),
        ...(ssoApp ? { ssoApp } : {}),
      };
    }
    const cfg = loadConfig(env);
    if (!cfg.ok) throw new Error(cfg.problems.join("; "));
    const bot = await startApp({
      config: cfg.config,
      cosmos: { endpoint: cosmos.endpoint, key: cosmos.key, ca: cosmos.ca },
      logger,
      ...(local ? { local, clock } : {}),
    });
    cleanups.push(() => bot.stop());
    const supervisor = new Supervisor();
    cleanups.push(() => supervisor.stopAll(3000));
    const pg = await startPlayground(
      supervisor,
      { botEndpoint: `${bot.url}/api/messages`, port: await getFreePort(), workDir },
      { logger, timeoutMs: 30_000 },
    );

    const frames: Frame[] = [];
    const waiters = new Set<() => void>();
    const ws = new WebSocket(`${pg.url.replace(/^http/, "ws")}/_ws_conversation/v1/conversations/stream`);
    cleanups.push(() => ws.terminate());
    ws.on("message", (data: WebSocket.RawData) => {
      const text = Array.isArray(data) ? Buffer.concat(data).toString("utf8") : Buffer.from(data as ArrayBuffer).toString("utf8");
      frames.push(JSON.parse(text) as Frame);
      for (const w of [...waiters]) w();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });

    const testConfigRes = await fetch(`${pg.url}/_internal/v1/testConfig`);
    const testConfig = ((await testConfigRes.json()) as { config: TestConfig }).config;

    const post = async (route: string, body: unknown): Promise<{ status: number; body: unknown }> => {
      const r = await fetch(pg.url + route, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const t = await r.text();
      let parsed: unknown = t;
      try {
        parsed = t ? JSON.parse(t) : undefined;
      } catch {
        // not JSON: keep the text
      }
      return { status: r.status, body: parsed };
    };

    const execute: PlaygroundHarness["execute"] = (conv, { verb, data, replyToId }) =>
      post("/_conversation/v1/invoke", {
        name: "adaptiveCard/action",
        conversation: { id: conv },
        from: { id: testConfig.currentUser.id },
        ...(replyToId ? { replyToId } : {}),
        value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
      });

    const waitFrame: PlaygroundHarness["waitFrame"] = (pred, what, opts = {}) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const f = frames.slice(opts.fromIndex ?? 0).find(pred);
          if (f === undefined) return false;
          clearTimeout(timer);
          waiters.delete(checkLater);
          resolve(f);
          return true;
        };
        const checkLater = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(checkLater);
          const seen = JSON.stringify(frames.slice(opts.fromIndex ?? 0).map((f) => ({ action: f.action, text: f.message?.text }))).slice(0, 2000);
          reject(new Error(`timed out waiting for ${what}; frames seen: ${seen}; last bot logs:\n${logs.slice(-15).join("\n")}`));
        }, opts.timeoutMs ?? 15_000);
        if (!check()) waiters.add(checkLater);
      });

    return { url: pg.url, bot, testConfig, frames, logs, post, execute, waitFrame, close, ...(sim ? { sim } : {}), ...(scenarioFile !== undefined ? { scenarioFile } : {}) };
  } catch (err) {
    await close();
    throw err;
  }
}

/** A harness with the bot installed in the Playground's personal chat. */
export interface PersonalChatHarness {
  h: PlaygroundHarness;
  /** The personal chat's conversation id. */
  conv: string;
  /** The Playground's signed-in user's id. */
  user: string;
}

/** Starts the harness and installs the bot in the personal chat (the install must be accepted; the harness is closed if not). */
export async function startInPersonalChat(opts: HarnessOptions = {}): Promise<PersonalChatHarness> {
  const h = await startPlaygroundHarness(opts);
  const conv = h.testConfig.personalChat.id;
  try {
    expect((await h.post(`/_debug/conversation/${conv}/installation`, {})).status).toBeLessThan(300);
  } catch (err) {
    await h.close();
    throw err;
  }
  return { h, conv, user: h.testConfig.currentUser.id };
}

/**
 * startInPersonalChat on the connect scenario (src/jobs/testing/connectScenario: Tenant Pilot's redirect URI on the
 * bot's port, chosen first, and its consent), with the scenario's rehearsal block as `rehearsal` says.
 */
export async function startOnConnectScenario(rehearsal: Parameters<typeof connectScenario>[0]["rehearsal"]): Promise<PersonalChatHarness> {
  const botPort = await getFreePort();
  return startInPersonalChat({ scenarioJson: connectScenario({ redirectUris: [`http://127.0.0.1:${botPort}/connect/callback`], rehearsal }), botPort });
}

/** The Adaptive Cards of a frame's message. */
export function cardsOf(f: Frame): unknown[] {
  return (f.message?.attachments ?? []).filter((a) => a.contentType === ADAPTIVE_CARD).map((a) => a.content);
}

/** Which texts of a card collectTexts takes besides TextBlocks and FactSet facts. */
interface TextKinds {
  textRuns: boolean;
  actionTitles: boolean;
}

/** A card's texts in document order (recursively): TextBlocks (and TextRuns), action titles, FactSet facts ("title: value"), as `kinds` says. */
function collectTexts(card: unknown, kinds: TextKinds): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      if ((o.type === "TextBlock" || (kinds.textRuns && o.type === "TextRun")) && typeof o.text === "string") out.push(o.text);
      if (kinds.actionTitles && typeof o.type === "string" && o.type.startsWith("Action.") && typeof o.title === "string") out.push(o.title);
      if (o.type === "FactSet" && Array.isArray(o.facts)) {
        for (const fact of o.facts as Array<{ title?: unknown; value?: unknown }>) out.push(`${String(fact.title)}: ${String(fact.value)}`);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** Every TextBlock text in a card (recursively), for assertions. */
export function textsOf(card: unknown): string[] {
  return collectTexts(card, { textRuns: false, actionTitles: false });
}

/** Every text of a card in document order, one a line: TextBlocks, TextRuns, action titles (unless `actionTitles: false`), FactSet facts. */
export function allText(card: unknown, opts: { actionTitles?: boolean } = {}): string {
  return collectTexts(card, { textRuns: true, actionTitles: opts.actionTitles ?? true }).join("\n");
}

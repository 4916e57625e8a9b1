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
  bot: RunningApp;
  testConfig: TestConfig;
  frames: Frame[];
  logs: string[];
  post(route: string, body: unknown): Promise<{ status: number; body: unknown }>;
  /** The first frame (from `fromIndex` on) matching `pred`, waiting at most `timeoutMs`. */
  waitFrame(pred: (f: Frame) => boolean, what: string, opts?: { fromIndex?: number; timeoutMs?: number }): Promise<Frame>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Run the bot against the Microsoft simulator on this scenario file, as local mode does (rehearsal applied). */
  scenario?: string;
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
    if (opts.scenario !== undefined) {
      const read = readScenarioFile(opts.scenario);
      if (!read.ok) throw new Error(read.problems.join("; "));
      const scenario = read.value;
      const s = await startSimulator({ scenario: opts.scenario, port: 0 });
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

    return { url: pg.url, bot, testConfig, frames, logs, post, waitFrame, close, ...(sim ? { sim } : {}) };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The Adaptive Cards of a frame's message. */
export function cardsOf(f: Frame): unknown[] {
  return (f.message?.attachments ?? []).filter((a) => a.contentType === ADAPTIVE_CARD).map((a) => a.content);
}

/** Every TextBlock text in a card (recursively), for assertions. */
export function textsOf(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      if (o.type === "TextBlock" && typeof o.text === "string") out.push(o.text);
      if (o.type === "FactSet" && Array.isArray(o.facts)) {
        for (const fact of o.facts as Array<{ title?: unknown; value?: unknown }>) out.push(`${String(fact.title)}: ${String(fact.value)}`);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

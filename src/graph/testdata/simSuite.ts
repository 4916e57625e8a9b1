/**
 * TEST-ONLY helper for src/graph/*.int.test.ts: the jest hooks such a file shares (the simulator started before its
 * tests and stopped after them, its faults and counters cleared before each test) and the MicrosoftError a call ends in.
 */
import type { StartOptions } from "../../../sim/server";
import { MicrosoftError } from "../errors";
import { createTokenBroker, type TokenBroker } from "../tokens";
import { startSimHosts, type SimHosts } from "./harness";

/** What useSimHosts gives a test file; read `h` and use `broker` inside tests and hooks (they exist from beforeAll on). */
export interface SimSuite {
  /** The simulator and the hosts that point the product at it. */
  h: SimHosts;
  /** One token broker on those hosts for the whole file (logging to h.logger, MSAL's cache shared by its tests). */
  broker: TokenBroker;
  /** What `sleep` was asked to wait in the current test (emptied before each test). */
  waits: number[];
  /** A client's sleep: records the wait and moves the simulator's clock by it instead of waiting (throttling buckets refill). */
  sleep: (ms: number) => Promise<void>;
}

/** Registers the file's hooks: the simulator with `scenario` on free ports (beforeAll), no faults and zeroed counters before each test, stopped afterwards. */
export function useSimHosts(scenario: StartOptions["scenario"]): SimSuite {
  let started: { hosts: SimHosts; broker: TokenBroker } | undefined;
  const running = (): { hosts: SimHosts; broker: TokenBroker } => {
    if (!started) throw new Error("the simulator is not started: use the suite inside tests and hooks");
    return started;
  };
  const waits: number[] = [];
  const h: SimHosts = {
    get sim() {
      return running().hosts.sim;
    },
    get hosts() {
      return running().hosts.hosts;
    },
    get lines() {
      return running().hosts.lines;
    },
    get logger() {
      return running().hosts.logger;
    },
    stop: () => running().hosts.stop(),
  };
  const broker: TokenBroker = {
    appToken: (...args) => running().broker.appToken(...args),
    onBehalfOf: (...args) => running().broker.onBehalfOf(...args),
  };

  beforeAll(async () => {
    const hosts = await startSimHosts({ scenario, port: 0 });
    started = { hosts, broker: createTokenBroker(hosts.hosts, { logger: hosts.logger }) };
  });
  afterAll(async () => {
    await started?.hosts.stop();
    started = undefined;
  });
  beforeEach(() => {
    waits.length = 0;
    h.sim.control.clearFaults();
    h.sim.control.clearCounters();
  });

  return {
    h,
    broker,
    waits,
    sleep: (ms) => {
      waits.push(ms);
      h.sim.control.advanceClock(ms);
      return Promise.resolve();
    },
  };
}

/** The MicrosoftError `p` rejects with (anything else it throws is thrown again; fulfilling fails the test). */
export async function microsoftFailure(p: Promise<unknown>): Promise<MicrosoftError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof MicrosoftError) return e;
    throw e;
  }
  throw new Error("expected a MicrosoftError");
}

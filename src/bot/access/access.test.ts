import { manualClock } from "../../clock";
import { createLogger } from "../../log/logger";
import type { UserGraphTokenSource } from "../sso/userGraphToken";
import { createAccess } from "./access";
import { memoryAudit } from "./testing/memoryAudit";

const hosts = { loginUrl: "https://login.example", graphUrl: "https://graph.example", partnerCenterUrl: "https://pc.example", defenderUrl: "https://def.example" };
const graphToken: UserGraphTokenSource = { kind: "teamsSso", getGraphToken: () => Promise.reject(new Error("not used")) };

it.each([
  ["azure", undefined, "nobody", "warn"],
  ["azure", "06000000-0000-4000-8000-000000000001", "group", "info"],
  ["local", undefined, "everyone", "info"],
  ["local", "06000000-0000-4000-8000-000000000001", "group", "info"],
] as const)("%s mode, admin group %s: %s", (mode, adminGroupId, policy, level) => {
  const lines: Array<{ level: string; line: string }> = [];
  const logger = createLogger({ level: "debug", sink: (l, line) => void lines.push({ level: l, line }) });
  const a = createAccess({ mode, ...(adminGroupId ? { adminGroupId } : {}), hosts, graphToken, audit: memoryAudit(), clock: manualClock("2026-12-02T08:00:00Z"), logger });
  expect(a.policy).toBe(policy);
  expect(lines.map((l) => l.level)).toEqual([level]);
  expect(typeof a.guardFor().mutate).toBe("function");
});

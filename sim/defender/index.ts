/** Defender for Endpoint routes, wired into the simulator by sim-core. */
import type { RouteAuth, RouteDef } from "../core/types";
import { listMachines } from "./machines";

/** Tokens for https://api.securitycenter.microsoft.com (WindowsDefenderATP). Documented permissions of List machines. */
export const DEFENDER_MACHINES_AUTH: RouteAuth = {
  audience: "defender",
  application: ["Machine.Read.All", "Machine.ReadWrite.All"],
  delegated: ["Machine.Read", "Machine.ReadWrite"],
};

export const routes: RouteDef[] = [
  { service: "defender", method: "GET", path: "/api/machines", auth: DEFENDER_MACHINES_AUTH, throttle: { workload: "defender" }, paged: true, handler: listMachines },
];

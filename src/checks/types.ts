/** The shape every check has: a pure function of the snapshot and the time of the check. */
import type { Finding } from "../domain/findings";
import type { PartnerSnapshot } from "../domain/snapshot";

export type Check = (snapshot: PartnerSnapshot, now: Date) => Finding[];

/** What `check <scope>` runs; "all" runs everything. */
export type Scope = "all" | "gdap" | "adminagents" | "apps";

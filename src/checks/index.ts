/** The checks' public surface: run them over a snapshot, and the stable codes a finding can carry. */
export { runChecks, verdictOf, CHECK_CODES, BLOCKING_CODE, BLOCKING_PARTNER_CODES } from "./run";
export type { RunOptions } from "./run";
export type { Check, Scope } from "./types";
export { links } from "./links";

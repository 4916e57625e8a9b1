/**
 * The `setup mem` form, pure: its five fields, their checks and the words of every problem. A problem never quotes
 * what was typed (a key pasted into the wrong field must not come back on a card or into a log).
 */
import { isGuid } from "../guid";

export const MEM_FIELDS = ["partnerTenantId", "partnerCenterAppId", "partnerCenterAppKey", "lifecycleAppId", "lifecycleAppKey"] as const;
export type MemField = (typeof MEM_FIELDS)[number];

export const MEM_FIELD_LABELS: Record<MemField, string> = {
  partnerTenantId: "Partner account id (your tenant id)",
  partnerCenterAppId: "Partner Center app id",
  partnerCenterAppKey: "Partner Center app key",
  lifecycleAppId: "Lifecycle app id",
  lifecycleAppKey: "Lifecycle app key",
};

export const KEY_FIELDS: ReadonlySet<MemField> = new Set(["partnerCenterAppKey", "lifecycleAppKey"]);
const ID_FIELDS = ["partnerTenantId", "partnerCenterAppId", "lifecycleAppId"] as const;

export interface MemFormValues {
  partnerTenantId: string;
  partnerCenterAppId: string;
  partnerCenterAppKey: string;
  lifecycleAppId: string;
  lifecycleAppKey: string;
}

export type FieldProblems = Partial<Record<MemField, string>>;

/** Why a field was refused: fixed sentences, chosen by the checks here or by the job (token / lookup outcome). */
export const FIELD_PROBLEMS = {
  required: "Required.",
  notGuid: "Must be a GUID, like 00000000-0000-0000-0000-000000000000.",
  notPartnerTenant: "This is not the tenant you are signed in to: enter your own partner tenant id.",
  appNotFound: "No app registration with this app id in your partner tenant.",
  keyWrong: "Microsoft refused this key: enter the secret's value (not its secret ID), or create a new client secret.",
  keyExpired: "This key has expired: create a new client secret (6 months) and enter its value.",
  keyTooLong: "Too long for a client secret.",
  keyInCustomer: "The key works in your tenant but Microsoft refused it in a customer tenant.",
} as const;

const MAX_KEY = 512;

/** The ids normalised (trimmed, lower case) and the keys as typed, or the problems of each field. */
export function validateMemForm(raw: Partial<Record<MemField, string | undefined>>): { ok: true; values: MemFormValues } | { ok: false; problems: FieldProblems } {
  const problems: FieldProblems = {};
  const v: Record<MemField, string> = { partnerTenantId: "", partnerCenterAppId: "", partnerCenterAppKey: "", lifecycleAppId: "", lifecycleAppKey: "" };
  for (const f of ID_FIELDS) {
    const s = (raw[f] ?? "").trim();
    if (s === "") problems[f] = FIELD_PROBLEMS.required;
    else if (!isGuid(s)) problems[f] = FIELD_PROBLEMS.notGuid;
    else v[f] = s.toLowerCase();
  }
  for (const f of ["partnerCenterAppKey", "lifecycleAppKey"] as const) {
    // Keys are kept as typed except surrounding whitespace (a copy often brings a newline).
    const s = (raw[f] ?? "").trim();
    if (s === "") problems[f] = FIELD_PROBLEMS.required;
    else if (s.length > MAX_KEY) problems[f] = FIELD_PROBLEMS.keyTooLong;
    else v[f] = s;
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, values: v };
}

/** What the form is filled with again after a refusal: valid ids only, never a key. */
export function refillValues(raw: Partial<Record<MemField, string | undefined>>): Partial<Record<MemField, string>> {
  const out: Partial<Record<MemField, string>> = {};
  for (const f of ID_FIELDS) {
    const s = (raw[f] ?? "").trim();
    if (isGuid(s)) out[f] = s.toLowerCase();
  }
  return out;
}

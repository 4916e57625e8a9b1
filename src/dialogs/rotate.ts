/**
 * `rotate secret`: argument parsing, the Remove button's payload, and the card's view model (pure). The view never
 * carries a secret value: only what the Entra portal lists (display name, key id, end date).
 */
import { z } from "zod/v4";
import { GUID_PATTERN } from "../domain/guid";

export const ROTATE_USAGE_TEXT = "Type **rotate secret** to give the lifecycle app a new client secret (6 months), prove it, switch the sync to it and then remove the old one.";
export const ROTATE_REMOVE_VERB = "rotate.removeOld";
export const INVALID_ROTATE_ACTION_TEXT = "That button is not valid any more. Type **rotate secret** to start again.";

export function parseRotateArgs(args: string): { ok: true } | { ok: false; text: string } {
  return args.trim().toLowerCase().replace(/\s+/g, " ") === "secret" ? { ok: true } : { ok: false, text: ROTATE_USAGE_TEXT };
}

export const RemovePayloadSchema = z.object({ verb: z.literal(ROTATE_REMOVE_VERB), keyId: z.string().regex(GUID_PATTERN) });

export interface SecretLine {
  keyId: string;
  displayName?: string;
  endDateTime?: string;
}

export interface RotationFacts {
  appId: string;
  rotatedAt: string;
  newKeyId: string;
  newEndDateTime?: string;
  previous: SecretLine[];
  removed: string[];
  provenInCustomer?: string;
}

export interface RotateView {
  title: string;
  color: "Good" | "Attention" | "Warning" | "Default";
  lines: string[];
  facts: { title: string; value: string }[];
  buttons: { title: string; data: Record<string, unknown> }[];
}

const day = (iso: string | undefined): string => (iso ? iso.slice(0, 10) : "no end date");
const label = (s: SecretLine): string => `${s.displayName ?? "unnamed"} (${s.keyId.slice(0, 8)}…, ends ${day(s.endDateTime)})`;

/**
 * No customer to prove the new secret in: the latest check lists none where the current secret works (or no check
 * has run yet, as after a fresh local start) — not "no customer has the app consented", which may be untrue.
 */
export const NOT_PROVEN_IN_CUSTOMER_TEXT = "the partner tenant only: the latest check named no customer where the current secret works (type check, then rotate again to prove it in one)";

export function rotatedView(f: RotationFacts, opts: { justRemoved?: string } = {}): RotateView {
  const left = f.previous.filter((p) => !f.removed.includes(p.keyId));
  const lines = [
    "The sync uses the new secret from its next run. Its value is in the secret store only: it is never shown.",
    left.length > 0
      ? "The old secret still works until you remove it. Remove it once nothing else uses it."
      : "No other secret is left on the lifecycle app: only the new one works.",
  ];
  if (opts.justRemoved !== undefined) lines.unshift(`Removed the old secret ${opts.justRemoved.slice(0, 8)}….`);
  return {
    title: "The lifecycle app has a new client secret",
    color: "Good",
    lines,
    facts: [
      { title: "App", value: f.appId },
      { title: "New secret", value: `${f.newKeyId.slice(0, 8)}…, ends ${day(f.newEndDateTime)}` },
      { title: "Proven in", value: f.provenInCustomer ? `the partner tenant and customer ${f.provenInCustomer}` : NOT_PROVEN_IN_CUSTOMER_TEXT },
      { title: "Rotated", value: f.rotatedAt.replace("T", " ").slice(0, 16) + " UTC" },
    ],
    buttons: left.map((p) => ({ title: `Remove old secret ${label(p)}`, data: { verb: ROTATE_REMOVE_VERB, keyId: p.keyId } })),
  };
}

export function failedView(step: "currentKey" | "addPassword" | "prove" | "store", adminMessage: string, cleanedUp: boolean, newSecretName?: string): RotateView {
  const where = {
    currentKey: "The lifecycle app's registration could not be read with its current secret.",
    addPassword: "Microsoft did not add a new secret.",
    prove: "The new secret did not get a token.",
    store: "The new secret could not be stored.",
  }[step];
  const lines = [where, adminMessage];
  lines.push(
    cleanedUp
      ? "Nothing changed: the new secret was removed again and the sync keeps the current one."
      : `The sync keeps the current secret, but the new one could not be removed again: delete ${newSecretName ? `"${newSecretName}"` : "the newest secret"} in the Entra admin center (App registrations → the lifecycle app → Certificates & secrets).`,
  );
  return { title: "The secret was not rotated", color: cleanedUp ? "Warning" : "Attention", lines, facts: [], buttons: [] };
}

export function notSetUpView(missing: "partnerTenant" | "lifecycleApp" | "lifecycleAppKey"): RotateView {
  const why = missing === "partnerTenant" ? "I do not know the partner tenant yet." : missing === "lifecycleApp" ? "The lifecycle app is not set up yet." : "The lifecycle app's secret is not stored yet.";
  return { title: "Nothing to rotate yet", color: "Default", lines: [why, "Run **setup mem** first: it stores the lifecycle app and its secret."], facts: [], buttons: [] };
}

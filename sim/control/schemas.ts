/** Bodies of the control API, validated with zod. */
import { z } from "zod/v4";
import { Guid } from "../scenario/schema";

export const ClockAdvanceBody = z
  .strictObject({ ms: z.number().optional(), seconds: z.number().optional(), minutes: z.number().optional(), hours: z.number().optional(), days: z.number().optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: "give one of ms, seconds, minutes, hours, days" });

export const ClockSetBody = z.strictObject({ now: z.iso.datetime({ offset: true }) });

export const UserTokenBody = z.strictObject({
  /** Object id or user principal name of the signed-in user. */
  user: z.string().min(1),
  /** Tenant of the user (default: the partner tenant). */
  tenantId: Guid.optional(),
  /** The bot / SSO app the token is for. */
  appId: Guid,
  /** Token audience: the app id (default, v2 tokens) or its Application ID URI, e.g. api://botid-{appId}. */
  audience: z.string().min(1).optional(),
  lifetimeSeconds: z.int().min(1).max(86_400).optional(),
  /** Whether the sign-in satisfied MFA (amr contains "mfa"). */
  mfa: z.boolean().optional(),
});

export type UserTokenInput = z.infer<typeof UserTokenBody>;

export const AuthorizeCompleteBody = z.strictObject({
  /** The authorize URL the client built (e.g. MSAL's getAuthCodeUrl), with https://login.microsoftonline.com or the simulator's origin. */
  url: z.url(),
  /** Object id or user principal name of the user who signs in (a partner user, or a customer authority's own user). */
  user: z.string().min(1),
});

export type AuthorizeCompleteInput = z.infer<typeof AuthorizeCompleteBody>;

export const RevokeBody = z
  .strictObject({
    /** Object id or user principal name: revoke this user's refresh tokens (as revokeSignInSessions does). */
    user: z.string().min(1).optional(),
    /** Only those issued to this client. */
    appId: Guid.optional(),
    /** One refresh token. */
    refreshToken: z.string().min(1).optional(),
  })
  .refine((b) => b.user !== undefined || b.refreshToken !== undefined, { message: "give user or refreshToken" });

export type RevokeInput = z.infer<typeof RevokeBody>;

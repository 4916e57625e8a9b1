/**
 * Teams SSO through on-behalf-of: the teams-ai `authentication` options (`TeamsSsoSettings`) and the MSAL
 * configuration the on-behalf-of exchange uses, in Teams (teams-ai) and in local mode (src/local/userToken.ts) alike.
 *
 * ## Delegated Microsoft Graph permissions (README: "Sign-in and permissions")
 *
 * `check` and `tenant` read the PARTNER tenant as the signed-in MSP admin. Each permission is the least privileged one
 * Microsoft documents for the reads the checks make (delegated, "work or school account"):
 *
 * | permission | reads |
 * | --- | --- |
 * | `DelegatedAdminRelationship.Read.All` | GDAP relationships and their access assignments (`tenantRelationships/delegatedAdminRelationships`) |
 * | `User.Read.All` | the service account: exists, `accountEnabled` (not in `User.ReadBasic.All`'s basic profile) |
 * | `GroupMember.Read.All` | the GDAP Lifecycle Manager group, AdminAgents, their members, `checkMemberGroups` (nested groups) |
 * | `Application.Read.All` | app registrations (required permissions, `signInAudience`, secrets' dates: never values), service principals, app role assignments (consent) |
 * | `DelegatedPermissionGrant.Read.All` | admin consent of the apps' delegated permissions (`oauth2PermissionGrants`; Application.Read.All does not cover it) |
 * | `RoleManagement.Read.Directory` | directory role assignments of the service account (Global Administrator during setup only) |
 * | `UserAuthenticationMethod.Read.All` | whether the service account has MFA registered (no directory-wide permission covers it) |
 * | `User.Read` | sign-in and the signed-in admin's own profile and organization (every Entra app has it) |
 *
 * Not `Directory.Read.All`: it would cover the four middle rows in one consent, but also every other directory object
 * (devices, administrative units, policies, domains, contacts…) that no check reads. Nothing here writes: the setup
 * wizards (a later issue) ask for their write permissions when they are built, incrementally.
 *
 * The signed-in user's directory role still limits what these return (delegated access is the intersection of the
 * app's permissions and the user's roles): an admin without a role that reads authentication methods (e.g. Global
 * Reader) gets 403 on that one read, which the check reports as such.
 *
 * Scheduled work (sync, alerts) runs without a user and so without these: it uses application permissions of the
 * lifecycle app (or Tenant Pilot's own registration), which is why the checks take a Graph client, not a user.
 */
import type { Configuration } from "@azure/msal-node";
import { LogLevel as MsalLogLevel } from "@azure/msal-node";
import type { AuthenticationOptions, OAuthSettings } from "@microsoft/teams-ai";
import { z } from "zod/v4";
import type { MicrosoftHosts } from "../../config";
import { msalNetworkClient } from "../../graph/network";
import type { Logger } from "../../log/logger";
import { AUTH_START_PATH } from "./authPages";
import { createSignInSelector, SIGN_IN_COMMANDS } from "./signInSelector";
import { GUID_PATTERN } from "../../domain/guid";

/** teams-ai's `TeamsSsoSettings` (not exported from the package index). */
export type TeamsSsoSettings = Exclude<AuthenticationOptions["settings"][string], OAuthSettings>;

/** Name of the one authentication setting: the key of `state.temp.authTokens`. */
export const SSO_SETTING_NAME = "graph";

/** Short names of the delegated Graph permissions (see the table above). */
export const SSO_GRAPH_PERMISSIONS = [
  "DelegatedAdminRelationship.Read.All",
  "User.Read.All",
  "GroupMember.Read.All",
  "Application.Read.All",
  "DelegatedPermissionGrant.Read.All",
  "RoleManagement.Read.Directory",
  "UserAuthenticationMethod.Read.All",
  "User.Read",
] as const;

/**
 * The scopes of the on-behalf-of request (and of the consent page): the permission names UNQUALIFIED, which Entra ID
 * reads as Microsoft Graph's. Entra answers Graph scopes unqualified ("User.Read …") and MSAL compares the cached
 * token's scopes with the requested ones literally, so `https://graph.microsoft.com/User.Read` would never find the
 * cached token: every command would need a new exchange, and teams-ai's silent sign-in would never succeed.
 */
export const SSO_GRAPH_SCOPES: readonly string[] = [...SSO_GRAPH_PERMISSIONS];

/** The authority host is always Microsoft's; `system.networkClient` sends it to MS_LOGIN_URL when that is set. */
export const LOGIN_AUTHORITY_HOST = "https://login.microsoftonline.com";

const Guid = z.string().regex(GUID_PATTERN, { error: "must be a GUID" });

/** The bot's Entra app registration used for SSO (`webApplicationInfo.id`, identifier URI `api://botid-<clientId>`). */
export const SsoAppSchema = z.object({
  clientId: Guid,
  /** Never logged, never shown. */
  clientSecret: z.string().min(1, { error: "must not be empty" }),
  /** The tenant of the registration and of the MSP's admins (single-tenant sign-in). */
  tenantId: Guid,
});
export type SsoApp = z.infer<typeof SsoAppSchema>;

const PublicUrl = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return u.protocol === "https:" || (u.protocol === "http:" && (u.hostname === "127.0.0.1" || u.hostname === "localhost"));
    } catch {
      return false;
    }
  },
  { error: "must be the bot's public https:// base URL" },
);

export const SsoOptionsSchema = z.object({
  app: SsoAppSchema,
  /** Base URL the bot is reached at by users' browsers (e.g. https://tenantpilot-xyz.azurewebsites.net). */
  publicBaseUrl: PublicUrl,
  /** Commands that sign in (default SIGN_IN_COMMANDS). */
  commands: z.array(z.string().min(1)).optional(),
  /** How long a pending sign-in waits (teams-ai default 15 min). */
  timeoutMs: z.int().positive().optional(),
});
export type SsoOptions = z.input<typeof SsoOptionsSchema>;

/** A readable list of what is wrong with the options (never their values). */
export function ssoOptionProblems(input: unknown): string[] {
  const r = SsoOptionsSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".") || "(options)"}: ${i.message}`);
}

/**
 * MSAL configuration of the SSO app: authority `https://login.microsoftonline.com/<tenant>` unchanged, requests routed by
 * `msalNetworkClient(hosts)`, MSAL's own log lines (PII off) forwarded as warnings only.
 */
export function ssoMsalConfig(app: SsoApp, hosts: MicrosoftHosts, logger: Logger): Configuration {
  const a = SsoAppSchema.parse(app);
  return {
    auth: { clientId: a.clientId, clientSecret: a.clientSecret, authority: `${LOGIN_AUTHORITY_HOST}/${a.tenantId}` },
    system: {
      networkClient: msalNetworkClient(hosts, { logger }),
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: MsalLogLevel.Warning,
        loggerCallback: (level, message, containsPii) => {
          if (containsPii || level > MsalLogLevel.Warning) return;
          logger.warn("msal", { msal: message, level: level === MsalLogLevel.Error ? "error" : "warning" });
        },
      },
    },
  };
}

/** teams-ai `TeamsSsoSettings`: scopes, MSAL configuration, fallback sign-in page, end the prompt on any other message. */
export function teamsSsoSettings(opts: SsoOptions, hosts: MicrosoftHosts, logger: Logger): TeamsSsoSettings {
  const o = SsoOptionsSchema.parse(opts);
  return {
    scopes: [...SSO_GRAPH_SCOPES],
    msalConfig: ssoMsalConfig(o.app, hosts, logger),
    signInLink: `${o.publicBaseUrl.replace(/\/+$/, "")}${AUTH_START_PATH}`,
    endOnInvalidMessage: true,
    ...(o.timeoutMs !== undefined ? { timeout: o.timeoutMs } : {}),
  };
}

/**
 * The `authentication` option of the teams-ai Application (azure mode only: the Agents Playground has no SSO, local
 * mode uses src/local/userToken.ts). Only SIGN_IN_COMMANDS and the sign-in invokes sign in.
 */
export function ssoAuthenticationOptions(opts: SsoOptions, hosts: MicrosoftHosts, logger: Logger): AuthenticationOptions {
  return {
    settings: { [SSO_SETTING_NAME]: teamsSsoSettings(opts, hosts, logger) },
    default: SSO_SETTING_NAME,
    autoSignIn: createSignInSelector(opts.commands ?? SIGN_IN_COMMANDS),
  };
}

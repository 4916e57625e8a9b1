/**
 * The botbuilder CloudAdapter with the right authentication for the mode.
 * - local: no app id, so inbound authentication is OFF (the Agents Playground sends no token). This is why local
 *   mode binds only to 127.0.0.1.
 * - azure: SingleTenant (app id + secret + tenant) or UserAssignedMSI (managed identity client id + tenant);
 *   inbound tokens are validated against the Bot Framework OpenID metadata (overridable for tests).
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from "botbuilder";
import type { AppConfig } from "../config";

export class TenantPilotAdapter extends CloudAdapter {
  /**
   * Authenticates and runs one inbound activity (what CloudAdapter.process does, minus its unstructured
   * console logging and raw error text in responses: callers log and answer themselves).
   */
  handleInbound(authHeader: string, activity: Activity, logic: (ctx: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/**
 * The public-cloud Bot Framework settings botframework-connector uses when nothing is overridden
 * (AuthenticationConstants / CallerIdConstants.PublicAzureChannel). Setting any one override (here the OpenID
 * metadata URL) makes it take *every* setting from the options, leaving the rest undefined — then the issuer check
 * compares with undefined and every token is refused. So an override always comes with these defaults.
 */
export const PUBLIC_CLOUD_AUTH = {
  ValidateAuthority: true,
  ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
  ToChannelFromBotOAuthScope: "https://api.botframework.com",
  ToBotFromChannelTokenIssuer: "https://api.botframework.com",
  OAuthUrl: "https://api.botframework.com",
  ToBotFromEmulatorOpenIdMetadataUrl: "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
  CallerId: "urn:botframework:azure",
} as const satisfies ConfigurationBotFrameworkAuthenticationOptions;

export function authOptionsFor(config: AppConfig): ConfigurationBotFrameworkAuthenticationOptions {
  if (config.mode === "local") return {};
  const opts: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId,
  };
  if (config.bot.password !== undefined) opts.MicrosoftAppPassword = config.bot.password;
  if (config.bot.openIdMetadataUrl !== undefined) {
    return { ...opts, ...PUBLIC_CLOUD_AUTH, ToBotFromChannelOpenIdMetadataUrl: config.bot.openIdMetadataUrl };
  }
  return opts;
}

export function createAdapter(config: AppConfig): TenantPilotAdapter {
  return new TenantPilotAdapter(new ConfigurationBotFrameworkAuthentication(authOptionsFor(config)));
}

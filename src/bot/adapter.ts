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

export function authOptionsFor(config: AppConfig): ConfigurationBotFrameworkAuthenticationOptions {
  if (config.mode === "local") return {};
  const opts: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId,
  };
  if (config.bot.password !== undefined) opts.MicrosoftAppPassword = config.bot.password;
  if (config.bot.openIdMetadataUrl !== undefined) opts.ToBotFromChannelOpenIdMetadataUrl = config.bot.openIdMetadataUrl;
  return opts;
}

export function createAdapter(config: AppConfig): TenantPilotAdapter {
  return new TenantPilotAdapter(new ConfigurationBotFrameworkAuthentication(authOptionsFor(config)));
}

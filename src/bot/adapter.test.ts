import { AuthenticationConstants } from "botframework-connector";
import { CallerIdConstants } from "botframework-schema";
import { loadConfig, type AppConfig } from "../config";
import { authOptionsFor, PUBLIC_CLOUD_AUTH } from "./adapter";

function config(env: Record<string, string>): AppConfig {
  const r = loadConfig(env);
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return r.config;
}

const AZURE = {
  MICROSOFT_APP_ID: "11111111-2222-3333-4444-555555555555",
  MICROSOFT_APP_TYPE: "UserAssignedMSI",
  MICROSOFT_APP_TENANT_ID: "66666666-7777-8888-9999-000000000000",
  COSMOS_ENDPOINT: "https://acct.documents.azure.com:443/",
};

describe("authOptionsFor", () => {
  it("local mode: no app id, so authentication is off", () => {
    expect(authOptionsFor(config({}))).toEqual({});
  });

  it("azure mode without overrides leaves botbuilder's public-cloud defaults alone", () => {
    expect(authOptionsFor(config(AZURE))).toEqual({
      MicrosoftAppId: AZURE.MICROSOFT_APP_ID,
      MicrosoftAppType: "UserAssignedMSI",
      MicrosoftAppTenantId: AZURE.MICROSOFT_APP_TENANT_ID,
    });
  });

  it("an OpenID metadata override comes with every other public-cloud setting (else botbuilder leaves them undefined)", () => {
    const opts = authOptionsFor(config({ ...AZURE, BOT_OPENID_METADATA_URL: "https://127.0.0.1:9443/openid" }));
    expect(opts).toMatchObject({ ...PUBLIC_CLOUD_AUTH, ToBotFromChannelOpenIdMetadataUrl: "https://127.0.0.1:9443/openid" });
  });

  it("PUBLIC_CLOUD_AUTH equals botframework-connector's own constants", () => {
    expect(PUBLIC_CLOUD_AUTH).toEqual({
      ValidateAuthority: true,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
    });
  });
});

/**
 * The bot's features as the composition root wires them: the signed-in user's Graph token (Teams SSO in azure mode,
 * the simulator's sign-in in local mode), the check and tenant routes, and Teams SSO's sign-in handlers.
 */
import { checkRoutes } from "../bot/routes/check";
import { createCheckRunner } from "../bot/routes/checkRun";
import { tenantRoutes } from "../bot/routes/tenant";
import { setupRoutes } from "../bot/routes/setup";
import { createSyncFeature, syncTenantsFrom } from "../bot/routes/sync";
import { auditRoutes } from "../bot/routes/audit";
import { alertRoutes } from "../bot/routes/alerts";
import type { Access } from "../bot/access/access";
import { openGuard } from "../bot/guard";
import { rotateRoutes } from "../bot/routes/rotate";
import { createSecretRotation } from "../jobs/rotateSecret";
import type { SetupFlow } from "../jobs/setupFlow";
import type { ConnectService } from "../jobs/connect";
import type { BotRuntimeDeps } from "../bot/runtime";
import { attachSignInHandlers } from "../bot/sso/signInHandlers";
import { ssoAuthenticationOptions } from "../bot/sso/settings";
import { createTeamsSsoTokenSource, SignInRequiredError, type SsoApplication, type UserGraphTokenSource } from "../bot/sso/userGraphToken";
import { SIGN_IN_FAILED_TEXT } from "../dialogs/content";
import type { RunCheck } from "../jobs/checkJob";
import { createLocalUserTokenSource } from "../local/userToken";
import { lastTenantSync } from "../sync/service";
import type { Services } from "./compose";

/** Nobody to act for (local mode without the simulator, azure mode without SSO configured). */
const noSignIn: UserGraphTokenSource = {
  kind: "teamsSso",
  getGraphToken: () => Promise.reject(new SignInRequiredError()),
};

export function userGraphTokenSource(s: Pick<Services, "config" | "local" | "logger" | "clock">): { source: UserGraphTokenSource; close(): Promise<void> } {
  if (s.config.mode === "azure") return { source: createTeamsSsoTokenSource(), close: () => Promise.resolve() };
  const l = s.local;
  if (!l?.simulator || !l.localUser || !l.ssoApp) {
    s.logger.warn("local mode without the simulator's sign-in: commands that read Microsoft Graph will ask to sign in");
    return { source: noSignIn, close: () => Promise.resolve() };
  }
  const source = createLocalUserTokenSource({
    mode: s.config.mode,
    controlUrl: l.simulator.controlUrl,
    caPem: l.simulator.caPem,
    user: l.localUser,
    app: l.ssoApp,
    hosts: s.config.microsoft,
    logger: s.logger,
    clock: s.clock,
  });
  return { source, close: () => source.close() };
}

export interface FeatureOptions {
  runCheck: RunCheck;
  setupFlow: SetupFlow;
  graphToken: UserGraphTokenSource;
  /** The Connect button of M365 step 6. */
  connect?: ConnectService;
  /** After this long a check answers with a progress card first (tests). */
  progressAfterMs?: number;
  /** Who may do what and the audit trail (src/bot/access); absent: everyone may act, nothing is audited, no `audit`. */
  access?: Access;
}

export function botFeatures(s: Services, o: FeatureOptions): Pick<BotRuntimeDeps, "features" | "authentication" | "configure"> {
  const { config, logger } = s;
  const sso =
    config.mode === "azure" && config.sso.clientSecret !== undefined && config.sso.publicBaseUrl !== undefined
      ? { app: { clientId: config.sso.clientId, clientSecret: config.sso.clientSecret, tenantId: config.sso.tenantId }, publicBaseUrl: config.sso.publicBaseUrl }
      : undefined;
  if (config.mode === "azure" && !sso) logger.warn("Teams SSO is not configured (SSO_CLIENT_SECRET and BOT_PUBLIC_URL): commands that read Microsoft Graph cannot sign in");
  return {
    features: ({ cards, app }) => {
      const runner = createCheckRunner({
        runCheck: o.runCheck,
        userGraphToken: o.graphToken,
        hosts: config.microsoft,
        cards,
        ...(sso ? { ssoApp: () => app() } : {}),
        ...(s.local?.refreshClock ? { beforeCheck: s.local.refreshClock } : {}),
        ...(o.progressAfterMs !== undefined ? { progressAfterMs: o.progressAfterMs } : {}),
      });
      // The Application is built after its routes: read its SSO cache lazily.
      const ssoApp: SsoApplication | undefined = sso
        ? {
            get authentication() {
              const built = app();
              if (!built) throw new Error("the Application is not built yet");
              return built.authentication;
            },
          }
        : undefined;
      // Every mutating route gets this guard (admins only, audited).
      const guard = o.access ? o.access.guardFor(ssoApp) : openGuard;
      const sync = createSyncFeature({ service: s.sync.service, cards, logger, tenants: syncTenantsFrom(s.results, s.sync.runs), guard, schedule: s.schedules.sync });
      return [
        ...(o.access ? [auditRoutes({ guard, audit: o.access.audit })] : []),
        checkRoutes({ runner, results: s.results }),
        tenantRoutes({ runner, results: s.results, summaries: s.sync.summaries, lastSync: (id) => lastTenantSync(s.sync.runs, id) }),
        setupRoutes({
          setupFlow: o.setupFlow,
          userGraphToken: o.graphToken,
          hosts: config.microsoft,
          ...(ssoApp ? { ssoApp } : {}),
          ...(o.connect ? { connectLink: (graph, who) => (o.connect as ConnectService).link(graph, who) } : {}),
          guard,
          afterMemSetup: (turn) => void sync.startFromWizard(turn),
        }),
        sync.routes,
        alertRoutes({ alerts: s.alerts.service, guard, refs: s.refs, onDigestChanged: (key) => s.alerts.digests.changed(key) }),
        // `rotate secret` (issue 9): the lifecycle app's own token (Application.ReadWrite.OwnedBy) adds and removes secrets.
        ...(s.microsoft && s.secrets
          ? [
              rotateRoutes({
                guard,
                rotation: createSecretRotation({
                  hosts: config.microsoft,
                  tokens: s.microsoft.tokens,
                  settings: s.settings,
                  secrets: s.secrets,
                  settingsContainer: s.store.containers.settings,
                  partnerTenantId: s.partnerTenantId,
                  // Prove in a customer the latest check found healthy first (the report lists Broken first).
                  customerCandidates: async () => ((await s.results.latestReport())?.customers ?? []).map((c) => c.tenantId).reverse(),
                  clock: s.clock,
                  logger,
                }),
              }),
            ]
          : []),
      ];
    },
    ...(sso
      ? {
          authentication: ssoAuthenticationOptions(sso, config.microsoft, logger),
          configure: (app, router) =>
            attachSignInHandlers(
              app,
              {
                onSignedIn: async (ctx, state, text) => {
                  await router.runCommand(router.turn(ctx, state), text);
                },
                onFailed: async (ctx) => {
                  await ctx.sendActivity(SIGN_IN_FAILED_TEXT);
                },
              },
              logger,
            ),
        }
      : {}),
  };
}

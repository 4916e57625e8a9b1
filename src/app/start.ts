/** compose + HTTP: what both entry points run. */
import type { RunningBot } from "../bot/server";
import { startBot } from "../bot/server";
import { registerAuthPages } from "../bot/sso/authPages";
import { SSO_GRAPH_SCOPES } from "../bot/sso/settings";
import { registerConnectRoutes } from "../bot/connect/connectRoutes";
import { connectRehearsalServiceAccount } from "../jobs/connectRehearsal";
import { compose, type ComposeOptions, type Composition } from "./compose";

export interface RunningApp extends RunningBot {
  composition: Composition;
}

export async function startApp(opts: ComposeOptions): Promise<RunningApp> {
  const composition = await compose(opts);
  const { services, bot } = composition;
  let http: RunningBot;
  try {
    http = await startBot({
      host: services.config.mode === "local" ? "127.0.0.1" : services.config.host,
      port: services.config.port,
      bot,
      logger: services.logger,
      info: services.info,
      health: () => composition.health(),
      // Teams SSO's fallback sign-in pages (local mode: pages that only explain; the Playground has no SSO).
      extraRoutes: (server) => {
        registerAuthPages(
          server,
          services.config.mode === "azure"
            ? { mode: "azure", clientId: services.config.sso.clientId, tenantId: services.config.sso.tenantId, scopes: [...SSO_GRAPH_SCOPES] }
            : { mode: "local" },
        );
        // Connect (M365 step 6): /connect/start and /connect/callback.
        registerConnectRoutes(server, services.connect, services.logger);
      },
    });
    // Local mode: browsers reach the bot where it listens; the rehearsal's service account connects at once.
    if (services.config.mode === "local") {
      services.connect.setPublicBaseUrl(http.url);
      const l = services.local;
      if (l?.rehearsal?.serviceAccount !== undefined && l.simulator && l.partnerTenantId !== undefined) {
        await connectRehearsalServiceAccount(services.connect, {
          partnerTenantId: l.partnerTenantId,
          serviceAccount: l.rehearsal.serviceAccount,
          controlUrl: l.simulator.controlUrl,
          caPem: l.simulator.caPem,
          logger: services.logger,
        });
      }
    }
    // A run this or another instance left unfinished (a crash, a restart) is joined and finished.
    services.sync.service.resume().catch((e: unknown) => services.logger.warn("could not look for an unfinished sync run", { error: e instanceof Error ? e.name : "unknown" }));
  } catch (err) {
    await composition.dispose();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    url: http.url,
    port: http.port,
    composition,
    stop: () => {
      stopping ??= (async () => {
        await http.stop();
        await composition.dispose();
        services.logger.info("bot stopped");
      })();
      return stopping;
    },
  };
}

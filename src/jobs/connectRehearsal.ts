/**
 * Local mode's rehearsal: when the scenario's `rehearsal` block names the service account, it is connected at start
 * through the simulator's sign-in for that user (control API `POST /authorize/complete {url, user}`, what the sign-in
 * page does when the user is picked), without a browser, and then the same code redemption as a real Connect.
 * Only a loopback https control URL is accepted; the code is never logged.
 */
import { Agent, fetch } from "undici";
import { z } from "zod/v4";
import type { Logger } from "../log/logger";
import type { ConnectOutcome, ConnectService } from "./connect";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const CompleteSchema = z.object({ code: z.string().min(1) });

/** A `signIn` for ConnectService.connectAs through the simulator's control API. */
export function simulatorSignIn(controlUrl: string, caPem: string, user: string): { signIn: (authorizeUrl: string) => Promise<{ code: string }>; close: () => Promise<void> } {
  const u = new URL(controlUrl);
  if (u.protocol !== "https:" || !LOOPBACK.has(u.hostname)) throw new Error("the simulator's control API must be https on loopback");
  const dispatcher = new Agent({ connect: { ca: caPem } });
  return {
    signIn: async (authorizeUrl) => {
      const res = await fetch(new URL("/authorize/complete", u), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: authorizeUrl, user }),
        dispatcher,
        signal: AbortSignal.timeout(10_000),
      });
      const body: unknown = await res.json().catch(() => undefined);
      const r = CompleteSchema.safeParse(body);
      if (!res.ok || !r.success) throw new Error(`the simulator refused the sign-in (HTTP ${res.status})`);
      return { code: r.data.code };
    },
    close: () => dispatcher.close(),
  };
}

export async function connectRehearsalServiceAccount(
  connect: ConnectService,
  o: { partnerTenantId: string; serviceAccount: string; controlUrl: string; caPem: string; logger: Logger },
): Promise<ConnectOutcome> {
  let sim: ReturnType<typeof simulatorSignIn> | undefined;
  try {
    sim = simulatorSignIn(o.controlUrl, o.caPem, o.serviceAccount);
    const out = await connect.connectAs(o.partnerTenantId, o.serviceAccount, sim.signIn);
    if (out.kind === "connected") o.logger.info("rehearsal: the service account is connected", { serviceAccount: o.serviceAccount });
    else o.logger.warn("rehearsal: the service account could not be connected", { serviceAccount: o.serviceAccount, outcome: out.kind });
    return out;
  } catch (err) {
    o.logger.warn("rehearsal: the service account could not be connected", { serviceAccount: o.serviceAccount, error: err instanceof Error ? err.name : "unknown" });
    return { kind: "failed" };
  } finally {
    await sim?.close();
  }
}

/**
 * `audit [n]`: the newest entries of the audit trail, for admins only. Reading it goes through the guard as
 * `audit.read` (so a refused look is recorded too). Failures are answered in words with a reference.
 */
import { auditCard } from "../../cards/auditCards";
import { AUDIT_MAX_COUNT, auditView, parseAuditArgs } from "../../dialogs/auditView";
import type { AuditRepo } from "../../store/auditRepo";
import type { ActionGuard } from "../guard";
import type { RouteModule } from "../router";
import { correlationIdOf } from "../turnLog";

export interface AuditRouteDeps {
  guard: ActionGuard;
  audit: AuditRepo;
}

export function auditRoutes(deps: AuditRouteDeps): RouteModule {
  return (r) => {
    r.command("audit", async (turn, cmd) => {
      const args = parseAuditArgs(cmd.args);
      if (!args.ok) return turn.say(args.text);
      try {
        const out = await deps.guard.mutate(turn, { action: "audit.read", details: { count: args.count } }, () =>
          deps.audit.recent({ limit: Math.min(args.count, AUDIT_MAX_COUNT) }),
        );
        if (!out.ok) return turn.say(out.message);
        await turn.sendCard(auditCard(auditView(out.value, args.count)));
      } catch (err) {
        const correlationId = correlationIdOf(turn.ctx, turn.log);
        turn.log.error("audit could not be read", { error: err, correlationId });
        await turn.say(`Sorry, I could not read the audit trail right now. Try again in a moment. (Reference: ${correlationId})`);
      }
    });
  };
}

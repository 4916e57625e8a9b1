/**
 * `rotate secret` (admins only: through the ActionGuard as `secret.rotate`; until the admin group is configured, any
 * signed-in user) and the card's Remove button (`rotate.removeOld`, Action.Execute with an Action.Submit fallback,
 * guarded as `secret.removeOld`). The work is src/jobs/rotateSecret.ts; the card never carries a secret value.
 */
import { rotateCard } from "../../cards/rotateCards";
import type { AdaptiveCardJson } from "../../cards/render";
import {
  failedView,
  INVALID_ROTATE_ACTION_TEXT,
  notSetUpView,
  parseRotateArgs,
  RemovePayloadSchema,
  ROTATE_REMOVE_VERB,
  rotatedView,
  type RotationFacts,
} from "../../dialogs/rotate";
import type { RotationRecord, SecretRotation } from "../../jobs/rotateSecret";
import type { ActionGuard } from "../guard";
import type { RouteModule, Turn } from "../router";
import { correlationIdOf } from "../turnLog";

export interface RotateRouteDeps {
  rotation: SecretRotation;
  guard: ActionGuard;
}

const facts = (r: RotationRecord, provenInCustomer?: string): RotationFacts => ({
  appId: r.appId,
  rotatedAt: r.rotatedAt,
  newKeyId: r.newKeyId,
  ...(r.newEndDateTime !== undefined ? { newEndDateTime: r.newEndDateTime } : {}),
  previous: r.previous,
  removed: r.removed,
  ...(provenInCustomer !== undefined ? { provenInCustomer } : {}),
});

function who(turn: Turn): string | undefined {
  const from = turn.ctx.activity.from as { aadObjectId?: string; name?: string } | undefined;
  return from?.aadObjectId ?? from?.name ?? undefined;
}

export function rotateRoutes(deps: RotateRouteDeps): RouteModule {
  const { rotation, guard } = deps;

  const sorry = (turn: Turn, what: string, err: unknown): string => {
    const correlationId = correlationIdOf(turn.ctx, turn.log);
    turn.log.error(`${what} failed`, { error: err, correlationId });
    return `Sorry, I could not ${what} right now. Nothing was changed that I know of; try again in a moment. (Reference: ${correlationId})`;
  };

  const removeOld = async (turn: Turn, data: Record<string, unknown>): Promise<AdaptiveCardJson | string> => {
    const p = RemovePayloadSchema.safeParse(data);
    if (!p.success) return INVALID_ROTATE_ACTION_TEXT;
    try {
      const r = await guard.mutate(turn, { action: "secret.removeOld", target: p.data.keyId }, () => rotation.removeOld(p.data.keyId));
      if (!r.ok) return r.message;
      const out = r.value;
      if (out.kind === "notOffered") return INVALID_ROTATE_ACTION_TEXT;
      if (out.kind === "failed") return `The old secret was not removed: ${out.adminMessage}`;
      return rotateCard(rotatedView(facts(out.record), { justRemoved: out.keyId }));
    } catch (err) {
      return sorry(turn, "remove the old secret", err);
    }
  };

  return (r) => {
    r.command("rotate", async (turn, cmd) => {
      const args = parseRotateArgs(cmd.args);
      if (!args.ok) return turn.say(args.text);
      try {
        if (await guard.isAdmin(turn)) await turn.say("Adding a new secret to the lifecycle app and proving it… this takes a few seconds.");
        const by = who(turn);
        const g = await guard.mutate(turn, { action: "secret.rotate" }, () => rotation.rotate(by));
        if (!g.ok) return turn.say(g.message);
        const out = g.value;
        if (out.kind === "notSetUp") return turn.sendCard(rotateCard(notSetUpView(out.missing)));
        if (out.kind === "failed") return turn.sendCard(rotateCard(failedView(out.step, out.adminMessage, out.cleanedUp)));
        await turn.sendCard(rotateCard(rotatedView(facts(out.record, out.provenIn.customer))));
      } catch (err) {
        await turn.say(sorry(turn, "rotate the secret", err));
      }
    });
    r.execute(ROTATE_REMOVE_VERB, removeOld);
    r.submit(ROTATE_REMOVE_VERB, async (turn, data) => {
      const out = await removeOld(turn, data);
      await (typeof out === "string" ? turn.say(out) : turn.sendCard(out));
    });
  };
}

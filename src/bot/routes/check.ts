/**
 * `check`, `check gdap|adminagents|apps`: every customer's verdict and exactly which link is broken. The report card
 * pages and filters by verdict (Action.Execute `check.page`), and `check.run` checks again from a card.
 */
import { checkReportCard } from "../../cards/checkCards";
import type { CheckScope } from "../../dialogs/commands";
import { checkUsageText } from "../../dialogs/checkContent";
import { buildCheckView } from "../../dialogs/checkView";
import { parseVerbAction } from "../../dialogs/verbs";
import type { CheckReport } from "../../domain/findings";
import type { CheckResultsRepo } from "../../store/checkResultsRepo";
import type { RouteModule, Turn } from "../router";
import type { CheckRunner } from "./checkRun";

export interface CheckRoutesDeps {
  runner: CheckRunner;
  results: CheckResultsRepo;
}

export const REPORT_GONE_TEXT = "That report is no longer available here. Type **check** to check again.";
export const INVALID_ACTION_TEXT = "That button's data is not valid any more. Type **check** to check again.";

/** The latest full report as stored (for pages after a restart or on another instance). */
export async function storedReport(results: CheckResultsRepo): Promise<CheckReport | undefined> {
  const latest = await results.latestReport();
  if (!latest) return undefined;
  const customers = await results.readCustomers(latest.customers.map((c) => c.tenantId));
  return {
    checkedAt: latest.checkedAt,
    partner: latest.partner,
    partnerFindings: latest.partnerFindings,
    assumptions: latest.assumptions,
    customers: customers.map(({ checkedAt: _c, changedAt: _ch, ...result }) => result),
  };
}

export function checkRoutes(deps: CheckRoutesDeps): RouteModule {
  // The latest report of each scope this instance produced: pages and filters are cut from it.
  const reports = new Map<CheckScope, CheckReport>();
  const firstPage = (scope: CheckScope) => (report: CheckReport) => {
    reports.set(scope, report);
    return Promise.resolve(checkReportCard(buildCheckView(report, { page: 0, filter: "all", scope })));
  };
  const expectedCustomers = async (): Promise<number | null> => {
    try {
      return (await deps.results.latestReport())?.customers.length ?? null;
    } catch {
      return null;
    }
  };
  const reportFor = async (scope: CheckScope): Promise<CheckReport | undefined> =>
    reports.get(scope) ?? (scope === "all" ? await storedReport(deps.results) : undefined);

  /** Typed or Action.Submit: the card is posted (a new one). */
  const checkByMessage = async (turn: Turn, scope: CheckScope): Promise<void> => {
    try {
      const { first, posted, started } = await deps.runner.start(turn, { scope, expectedCustomers: await expectedCustomers(), render: firstPage(scope) });
      if (!posted) await turn.sendCard(first);
      void started.done;
    } catch (err) {
      await turn.sendCard(deps.runner.errorCard(turn, err, scope));
    }
  };

  const pageCard = async (turn: Turn, data: Record<string, unknown>) => {
    const parsed = parseVerbAction("check.page", data);
    if (!parsed.ok || parsed.action.verb !== "check.page") {
      turn.log.warn("invalid check.page data", { issues: parsed.ok ? [] : parsed.issues });
      return INVALID_ACTION_TEXT;
    }
    const { page, filter, scope } = parsed.action.data;
    const report = await reportFor(scope);
    if (!report) return REPORT_GONE_TEXT;
    return checkReportCard(buildCheckView(report, { page, filter, scope }));
  };

  const scopeOf = (turn: Turn, data: Record<string, unknown>): CheckScope | undefined => {
    const parsed = parseVerbAction("check.run", data);
    if (parsed.ok && parsed.action.verb === "check.run") return parsed.action.data.scope;
    turn.log.warn("invalid check.run data", { issues: parsed.ok ? [] : parsed.issues });
    return undefined;
  };

  return (r) => {
    r.command("check", (turn, command) => checkByMessage(turn, command.scope));
    r.usage("check", (turn, usage) => turn.say(checkUsageText(usage.suggestion)));

    r.execute("check.run", async (turn, data) => {
      const scope = scopeOf(turn, data);
      if (scope === undefined) return INVALID_ACTION_TEXT;
      try {
        const replyToId = turn.ctx.activity.replyToId;
        const { first, started } = await deps.runner.start(
          turn,
          { scope, expectedCustomers: await expectedCustomers(), render: firstPage(scope) },
          replyToId ? { replaceActivityId: replyToId } : {},
        );
        void started.done;
        return first;
      } catch (err) {
        return deps.runner.errorCard(turn, err, scope);
      }
    });
    r.submit("check.run", async (turn, data) => {
      const scope = scopeOf(turn, data);
      if (scope === undefined) await turn.say(INVALID_ACTION_TEXT);
      else await checkByMessage(turn, scope);
    });

    r.execute("check.page", (turn, data) => pageCard(turn, data));
    r.submit("check.page", async (turn, data) => {
      const card = await pageCard(turn, data);
      if (typeof card === "string") await turn.say(card);
      else await turn.sendCard(card);
    });
  };
}

/**
 * Cards of `check` and `tenant`: the report, its progress, a check that could not run, one customer, and the
 * candidates of an ambiguous or unmatched `tenant` query. Templates in ./templates, view models from src/dialogs.
 */
import type { CheckErrorContent, CheckProgressContent } from "../dialogs/checkContent";
import type { CheckReportView } from "../dialogs/checkView";
import type { TenantCandidatesView, TenantDetailView } from "../dialogs/tenantView";
import { renderCard, type AdaptiveCardJson } from "./render";
import checkErrorTemplate from "./templates/checkError.json";
import checkProgressTemplate from "./templates/checkProgress.json";
import checkReportTemplate from "./templates/checkReport.json";
import tenantCandidatesTemplate from "./templates/tenantCandidates.json";
import tenantDetailTemplate from "./templates/tenantDetail.json";

export const checkReportCard = (v: CheckReportView): AdaptiveCardJson => renderCard(checkReportTemplate, v);
export const checkProgressCard = (c: CheckProgressContent): AdaptiveCardJson => renderCard(checkProgressTemplate, c);
export const checkErrorCard = (c: CheckErrorContent): AdaptiveCardJson => renderCard(checkErrorTemplate, c);
export const tenantDetailCard = (v: TenantDetailView): AdaptiveCardJson => renderCard(tenantDetailTemplate, v);
export const tenantCandidatesCard = (v: TenantCandidatesView): AdaptiveCardJson => renderCard(tenantCandidatesTemplate, v);

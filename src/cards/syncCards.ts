/**
 * Cards of `sync`: the live progress of a run, its summary (failures grouped by cause, paged, Retry failed) and the
 * recent runs. Templates in ./templates/sync*.json, view models from src/dialogs/sync/view.ts.
 */
import type { SyncHistoryView, SyncProgressView, SyncSummaryView } from "../dialogs/sync/view";
import { renderCard, type AdaptiveCardJson } from "./render";
import syncHistoryTemplate from "./templates/syncHistory.json";
import syncProgressTemplate from "./templates/syncProgress.json";
import syncSummaryTemplate from "./templates/syncSummary.json";

export const syncProgressCard = (v: SyncProgressView): AdaptiveCardJson => renderCard(syncProgressTemplate, v);
export const syncSummaryCard = (v: SyncSummaryView): AdaptiveCardJson => renderCard(syncSummaryTemplate, v);
export const syncHistoryCard = (v: SyncHistoryView): AdaptiveCardJson => renderCard(syncHistoryTemplate, v);

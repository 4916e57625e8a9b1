/**
 * Alert cards: one alert group (Acknowledge, Snooze 1 / 7 / 30 days with a reason, Open fix, pages of tenants, and a
 * Universal Actions `refresh` so everyone who opens it sees its current state), and the lists of `alerts`,
 * `alerts history` and `expiring`. Templates in ./templates, view models from src/dialogs/alerts.
 */
import type { AlertCardView, AlertListView } from "../dialogs/alerts/alertView";
import type { DigestView } from "../dialogs/alerts/digestView";
import { renderCard, type AdaptiveCardJson } from "./render";
import alertTemplate from "./templates/alert.json";
import alertListTemplate from "./templates/alertList.json";
import digestTemplate from "./templates/digest.json";

export const alertCard = (v: AlertCardView): AdaptiveCardJson => renderCard(alertTemplate, v);
/** `alerts`, `alerts history`, `expiring` (same layout: title, rows, pages). */
export const alertListCard = (v: AlertListView): AdaptiveCardJson => renderCard(alertListTemplate, v);
export const digestCard = (v: DigestView): AdaptiveCardJson => renderCard(digestTemplate, v);

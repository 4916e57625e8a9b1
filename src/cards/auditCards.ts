/** The `audit` card: the newest entries of the audit trail. */
import type { AuditView } from "../dialogs/auditView";
import { renderCard, type AdaptiveCardJson } from "./render";
import auditTemplate from "./templates/audit.json";

export const auditCard = (v: AuditView): AdaptiveCardJson => renderCard(auditTemplate, v);

/**
 * What the bot says about who may do what (src/bot/access/guard.ts decides). Pure text, no I/O.
 * Everyone in the team may read status (`check`, `tenant`, `sync status`, `alerts`); only members of the admin group
 * may change anything.
 */

/** Pure: what an action name is about, in words ("setup.verify" → "change the setup"). */
export function actionPhrase(action: string): string {
  const feature = action.split(".")[0]?.toLowerCase() ?? "";
  switch (feature) {
    case "setup":
      return "change the setup";
    case "sync":
      return "run or change syncs";
    case "alerts":
      return "change alerts";
    case "schedule":
    case "digest":
      return "change schedules";
    case "secret":
    case "rotate":
      return "rotate secrets";
    case "audit":
      return "read the audit trail";
    default:
      return "make changes";
  }
}

/** Markdown-safe group name (no `*`, `_`, brackets or backticks breaking the bold), at most 120 characters. */
function plain(name: string): string {
  return name.replace(/[*_`[\]<>]/g, "").slice(0, 120).trim();
}

/** The turn's user is not in the admin group. */
export function notAdminText(action: string, group: { id: string; name?: string }): string {
  const name = group.name !== undefined && plain(group.name) !== "" ? `**${plain(group.name)}** (${group.id})` : `**${group.id}**`;
  return `Only members of the admin group ${name} can ${actionPhrase(action)}. Everyone may read status (check, tenant). Ask an admin to add you to the group if you need to.`;
}

/** Azure mode without ADMIN_GROUP_ID: nobody may change anything. */
export function noAdminGroupText(action: string): string {
  return `Nobody can ${actionPhrase(action)} yet: no admin group is configured. Whoever deployed Tenant Pilot sets ADMIN_GROUP_ID to the Entra group of its admins.`;
}

/** Membership could not be checked (Microsoft did not answer). */
export function membershipUnknownText(action: string, correlationId: string): string {
  return `I could not check that you are in the admin group, so I did not ${actionPhrase(action)}. Try again in a moment. (Reference: ${correlationId})`;
}

/** Membership needs the user's sign-in. */
export const ACCESS_SIGN_IN_TEXT = "Changes are for admins only and I check that as you: sign in first (send **setup status** as a message), then try again.";

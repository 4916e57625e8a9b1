/**
 * `setup mem`: the steps of the Intune (Microsoft Endpoint Manager) multi-tenant guide, in our words, each with the
 * checks that verify it (codes of src/checks), ending with the five-field form. Pure data.
 */
import { ADMIN_AGENTS_CODES } from "../../checks/adminAgents";
import { SECRET_CODES } from "../../checks/clientSecrets";
import { links } from "../../checks/links";
import { MEM_APP_CODES } from "../../checks/memApps";
import type { StepDef } from "./types";

const M = MEM_APP_CODES;

export const MEM_STEPS: readonly StepDef[] = [
  {
    id: "pcApp",
    title: "The Partner Center web app",
    instructions: [
      "Sign in to Partner Center as a global administrator: **Settings** (gear) > **Account settings** > **App management**.",
      "No web app yet: **Add new web app**. One already: **Add key**. Copy its app id, your account (tenant) id and the key: the key is shown only once.",
      "No **App management** in the menu: the multi-tenant integration is not possible with this account; use one single-tenant integration per customer instead.",
      "Customers bought through an **indirect reseller** are not supported: the integration needs direct access to their devices.",
    ],
    links: [{ title: "Partner Center: App management", url: links.partnerCenterAppManagement() }],
    verify: { scope: "apps", codes: [M.pcNotFound] },
  },
  {
    id: "pcPermissions",
    title: "The web app's permissions and admin consent",
    instructions: [
      "In Entra ID, **App registrations**, open the web app (by default **Partner Center Web App**), **API permissions**.",
      "Delegated: **Directory.AccessAsUser.All**, **User.Read** and Partner Center's **user_impersonation**; application: **Directory.Read.All**. Then **Grant admin consent**.",
    ],
    links: [{ title: "Entra ID: App registrations", url: links.appRegistrations() }],
    verify: { scope: "apps", codes: [M.pcNotFound, M.pcPermissionMissing, M.pcConsentMissing, M.pcGrantsUnreadable] },
  },
  {
    id: "lifecycleApp",
    title: "The lifecycle app registration",
    instructions: [
      "**App registrations** > **New registration**, a name such as **Lifecycle Manager MEM Integration**.",
      "Supported account types: **Accounts in any organizational directory (Multitenant)**. Note its application (client) id.",
    ],
    links: [{ title: "Entra ID: App registrations", url: links.appRegistrations() }],
    verify: { scope: "apps", codes: [M.lcNotFound, M.lcNotMultitenant] },
  },
  {
    id: "defender",
    title: "Defender for Endpoint tracking (optional)",
    instructions: [
      "To report endpoint protection, the lifecycle app also needs **WindowsDefenderATP** > application permission **Machine.Read.All** (with admin consent).",
      "Choose below whether to track it; the next step then checks that permission too.",
    ],
    links: [{ title: "Entra ID: App registrations", url: links.appRegistrations() }],
    defenderChoice: true,
  },
  {
    id: "lcPermissions",
    title: "The lifecycle app's permissions and admin consent",
    instructions: [
      "**API permissions** > **Add a permission** > **Microsoft Graph** > application permissions: **Organization.Read.All**, **DeviceManagementManagedDevices.Read.All**, **DeviceManagementApps.Read.All**.",
      "Then **Grant admin consent**.",
    ],
    links: [{ title: "Entra ID: App registrations", url: links.appRegistrations() }],
    verify: { scope: "apps", codes: [M.lcNotFound, M.lcPermissionMissing, M.lcConsentMissing, M.lcGrantsUnreadable] },
  },
  {
    id: "lcAdminAgents",
    title: "The lifecycle app in AdminAgents",
    instructions: ["In Entra ID, open the group **AdminAgents** (the name must be exactly that), **Members** > **Add members**, and add the lifecycle app."],
    links: [{ title: "Entra ID: Groups", url: links.groups() }],
    verify: {
      scope: "adminagents",
      codes: [ADMIN_AGENTS_CODES.groupNotFound, ADMIN_AGENTS_CODES.lifecycleAppNotMember, ADMIN_AGENTS_CODES.lifecycleAppUnreadable, M.lcNotFound],
    },
  },
  {
    id: "secret",
    title: "A client secret for the lifecycle app",
    instructions: [
      "**Certificates & secrets** > **New client secret**; keep the recommended expiry of **6 months**.",
      "Copy the secret's **value** (not its secret ID) now: it cannot be shown again. A new one can replace it later without downtime.",
    ],
    links: [{ title: "Entra ID: App registrations", url: links.appRegistrations() }],
    verify: { scope: "apps", codes: [SECRET_CODES.none, SECRET_CODES.allExpired, SECRET_CODES.expiring, SECRET_CODES.longLifetime] },
  },
  {
    id: "form",
    title: "Save the integration",
    instructions: [
      "Enter the five values. Keys are checked by signing in with them (in your tenant, and in one customer for the lifecycle app) and stored encrypted; they are never shown again.",
    ],
    links: [],
    form: true,
  },
];

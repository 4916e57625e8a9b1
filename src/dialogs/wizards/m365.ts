/**
 * `setup m365`: the six steps of the Microsoft 365 multi-tenant guide, in our words, each with the checks that
 * verify it (codes of src/checks). Pure data.
 */
import { ADMIN_AGENTS_CODES } from "../../checks/adminAgents";
import { GDAP_CODES } from "../../checks/customerChain";
import { links } from "../../checks/links";
import { LIFECYCLE_GROUP_CODES } from "../../checks/lifecycleGroup";
import { BLOCKING_CODE } from "../../checks";
import { SERVICE_ACCOUNT_CODES } from "../../checks/serviceAccount";
import type { StepDef } from "./types";

const SA = SERVICE_ACCOUNT_CODES;

/** The chain codes of a customer (dates and resellers are not this step's business). */
export const CHAIN_CODES: readonly string[] = [...Object.values(GDAP_CODES), BLOCKING_CODE];

export const M365_STEPS: readonly StepDef[] = [
  {
    id: "serviceAccount",
    title: "A dedicated service account",
    instructions: [
      "In Microsoft Entra ID, create a new user only for Tenant Pilot (for example **LifecycleManagerServiceAccount**), with **Account enabled** and an auto-generated password.",
      "Sign in once as that user to finish Microsoft's first-time setup and register MFA: the integration cannot authorize without it.",
    ],
    links: [{ title: "Entra ID: Users", url: links.users() }],
    verify: { scope: "gdap", codes: [SA.notFound, SA.disabled, SA.noMfa, SA.mfaUnreadable] },
  },
  {
    id: "globalAdmin",
    title: "Global Administrator, for setup only",
    instructions: [
      "Open the service account, **Assigned roles**, **Add assignments**, and assign **Global Administrator**.",
      "It is needed only until the integration is connected (step 6); then you replace it with Application Administrator or Cloud Application Administrator.",
    ],
    links: [{ title: "Entra ID: Users", url: links.users() }],
    verify: { scope: "gdap", codes: [SA.notFound, SA.noSetupRole, SA.rolesUnreadable, SA.missingRole] },
  },
  {
    id: "adminAgents",
    title: "The service account in AdminAgents",
    instructions: [
      "In Entra ID, open the group **AdminAgents** (Partner Center API access), **Members**, **Add members**, and add the service account.",
    ],
    links: [{ title: "Entra ID: Groups", url: links.groups() }],
    verify: {
      scope: "adminagents",
      codes: [ADMIN_AGENTS_CODES.groupNotFound, ADMIN_AGENTS_CODES.serviceAccountNotMember, ADMIN_AGENTS_CODES.serviceAccountUnreadable, SA.notFound],
    },
  },
  {
    id: "lifecycleGroup",
    title: "The GDAP Lifecycle Manager group",
    instructions: [
      "Create a group of type **Security** with membership type **Assigned**, named for example **GDAP Lifecycle Manager**.",
      "Add the service account to its members.",
    ],
    links: [{ title: "Entra ID: Groups", url: links.groups() }],
    verify: { scope: "gdap", codes: Object.values(LIFECYCLE_GROUP_CODES) },
  },
  {
    id: "customers",
    title: "The lifecycle group in every customer's GDAP",
    instructions: [
      "For each customer, open **Admin relationships** in Partner Center and the active GDAP relationship; find the security group assigned **Application Administrator** or **Cloud Application Administrator**.",
      "In Entra ID, add the **GDAP Lifecycle Manager** group as a member of that group.",
      "A customer without a GDAP relationship: request one with Application Administrator or Cloud Application Administrator; once the customer approves it, add the group as above.",
    ],
    links: [{ title: "Partner Center: GDAP relationships", url: links.adminRelationships() }],
    verify: { scope: "gdap", codes: CHAIN_CODES, perCustomer: true },
  },
  {
    id: "connect",
    title: "Connect, then least privilege",
    instructions: [
      "Connect: the **service account** (not your own account) signs in and authorizes Tenant Pilot.",
      "Once connected, replace **Global Administrator** on the service account with **Application Administrator** or **Cloud Application Administrator**, then press Verify.",
    ],
    links: [{ title: "Entra ID: Users", url: links.users() }],
    verify: { scope: "gdap", codes: [SA.notFound, SA.globalAdmin, SA.missingRole, SA.rolesUnreadable], needsConnected: true },
  },
];

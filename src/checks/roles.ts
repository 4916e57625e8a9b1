/** Directory role template ids the checks care about, and their display names for messages. */

export const ROLE = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  applicationAdministrator: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
  cloudApplicationAdministrator: "158c047a-c907-4556-b7ef-446551a6b5f7",
} as const;

/** Either is enough for the lifecycle group in a customer tenant and for the service account after setup. */
export const APP_ADMIN_ROLES: readonly string[] = [ROLE.applicationAdministrator, ROLE.cloudApplicationAdministrator];

const NAMES: Record<string, string> = {
  [ROLE.globalAdministrator]: "Global Administrator",
  [ROLE.applicationAdministrator]: "Application Administrator",
  [ROLE.cloudApplicationAdministrator]: "Cloud Application Administrator",
  "3a2c62db-5318-420d-8d74-23affee5d9d5": "Intune Administrator",
  "f2ef992c-3afb-46b9-b7cf-a126ee74c451": "Global Reader",
  "5d6b6bb7-de71-4623-b4af-96380a352509": "Security Reader",
  "194ae4cb-b126-40b2-bd5b-6091b380977d": "Security Administrator",
  "e8611ab8-c189-46e8-94e1-60213ab1f814": "Privileged Role Administrator",
  "fe930be7-5e62-47db-91af-98c3a49a38b1": "User Administrator",
  "88d8e3e3-8f55-4a1e-953a-9b9898b8876b": "Directory Readers",
  "7698a772-787b-4ac8-901f-60d6b08affd2": "Cloud Device Administrator",
  "29232cdf-9323-42fd-ade2-1d097af3e4de": "Exchange Administrator",
  "729827e3-9c14-49f7-bb1b-9608f156bbb8": "Helpdesk Administrator",
};

/** Display name of a role template id (the id itself when unknown). */
export function roleName(id: string): string {
  return NAMES[id.toLowerCase()] ?? id;
}

export function hasRole(roles: readonly string[], id: string): boolean {
  return roles.some((r) => r.toLowerCase() === id);
}

/** Application Administrator or Cloud Application Administrator among `roles`. */
export function hasAppAdminRole(roles: readonly string[]): boolean {
  return APP_ADMIN_ROLES.some((id) => hasRole(roles, id));
}

/** Directory role display names → role template ids (reference/microsoft-apis.md §2). */

export const ROLE_TEMPLATE_IDS: Readonly<Record<string, string>> = {
  "Global Administrator": "62e90394-69f5-4237-9190-012177145e10",
  "Application Administrator": "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
  "Cloud Application Administrator": "158c047a-c907-4556-b7ef-446551a6b5f7",
  "Intune Administrator": "3a2c62db-5318-420d-8d74-23affee5d9d5",
  "Global Reader": "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
  "Security Reader": "5d6b6bb7-de71-4623-b4af-96380a352509",
  "Security Administrator": "194ae4cb-b126-40b2-bd5b-6091b380977d",
  "Privileged Role Administrator": "e8611ab8-c189-46e8-94e1-60213ab1f814",
  "User Administrator": "fe930be7-5e62-47db-91af-98c3a49a38b1",
  "Directory Readers": "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
  "Cloud Device Administrator": "7698a772-787b-4ac8-901f-60d6b08affd2",
  "Exchange Administrator": "29232cdf-9323-42fd-ade2-1d097af3e4de",
  "Helpdesk Administrator": "729827e3-9c14-49f7-bb1b-9608f156bbb8",
};

export const GLOBAL_ADMINISTRATOR = ROLE_TEMPLATE_IDS["Global Administrator"];

const byLowerName = new Map(Object.entries(ROLE_TEMPLATE_IDS).map(([k, v]) => [k.toLowerCase(), v]));
const nameById = new Map(Object.entries(ROLE_TEMPLATE_IDS).map(([k, v]) => [v, k]));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A role's template id from its display name (case-insensitive) or its id (any GUID is accepted as is); undefined if unknown. */
export function roleTemplateId(ref: string): string | undefined {
  const t = ref.trim();
  if (GUID.test(t)) return t.toLowerCase();
  return byLowerName.get(t.toLowerCase());
}

/** Display name of a known role template id. */
export function roleDisplayName(templateId: string): string | undefined {
  return nameById.get(templateId.toLowerCase());
}

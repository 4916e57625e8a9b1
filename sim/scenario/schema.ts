/**
 * Scenario files describe the Microsoft cloud the simulator plays: the partner (MSP) tenant, its customers,
 * throttling, latency and faults. Validated at load; `z.toJSONSchema(ScenarioSchema)` gives the editor schema
 * (sim/scenario.schema.json).
 */
import { z } from "zod/v4";

/**
 * An ISO 8601 instant, or a time relative to the simulator's clock: "now", "+12d", "-3d", "+5h", "-90m", "+30s",
 * "+2w", "-6mo" (30 days), "-2y" (365 days).
 */
export const DateSpec = z
  .string()
  .regex(
    /^(now|[+-]\d+(\.\d+)?(mo|[smhdwy])|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)$/,
    'expected an ISO date-time or a relative time like "now", "+12d", "-3d", "+5h", "-90m", "+2w", "-6mo", "-2y"',
  );

export const Guid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "expected a GUID");

/** A directory role: its template id, or its display name ("Application Administrator"). Resolved to the template id at load. */
export const RoleRef = z.string().min(1);

/** ISO 8601 duration as GDAP uses it: "P730D", "PT0S", "P180D". */
export const IsoDuration = z.string().regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, "expected an ISO 8601 duration such as P730D");

export const UserSchema = z.strictObject({
  id: Guid,
  userPrincipalName: z.string().includes("@"),
  displayName: z.string().min(1),
  accountEnabled: z.boolean().default(true),
  /** At least one MFA method registered (authentication/methods lists more than the password). */
  mfaRegistered: z.boolean().default(true),
  /** Directory roles held in this tenant (active assignments). */
  directoryRoles: z.array(RoleRef).default([]),
  /** Served as createdDateTime (absent: null, Graph's "creation time could not be determined"). */
  createdDateTime: DateSpec.optional(),
  /** Licences assigned to the user: skuPartNumbers (or skuIds) of the tenant's subscribedSkus; served as assignedLicenses. */
  assignedLicenses: z.array(z.string().min(1)).default([]),
  /** Graph's userType. */
  userType: z.enum(["Member", "Guest"]).default("Member"),
  /** Last interactive sign-in, served in signInActivity (absent: never signed in, null). */
  lastSignInDateTime: DateSpec.optional(),
});

export const MemberRef = z.strictObject({
  type: z.enum(["user", "group", "servicePrincipal"]),
  id: Guid,
});

export const GroupSchema = z.strictObject({
  id: Guid,
  displayName: z.string().min(1),
  description: z.string().optional(),
  securityEnabled: z.boolean().default(true),
  mailEnabled: z.boolean().default(false),
  members: z.array(MemberRef).default([]),
  /** Served as createdDateTime (absent: null). */
  createdDateTime: DateSpec.optional(),
});

export const PasswordCredentialSchema = z.strictObject({
  keyId: Guid,
  displayName: z.string().optional(),
  /** The secret a client presents at the token endpoint. Never returned by Graph (only `hint`, its first 3 characters). */
  secretText: z.string().min(8),
  startDateTime: DateSpec,
  endDateTime: DateSpec,
});

/** Permissions by their value on the resource, e.g. graph: ["DeviceManagementManagedDevices.Read.All"]. */
export const PermissionSet = z.strictObject({
  graph: z.array(z.string()).default([]),
  partnerCenter: z.array(z.string()).default([]),
  defender: z.array(z.string()).default([]),
});

export const ApplicationSchema = z.strictObject({
  /** Object id of the application in the partner tenant. */
  id: Guid,
  appId: Guid,
  displayName: z.string().min(1),
  signInAudience: z.enum(["AzureADMyOrg", "AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"]),
  /** Object id of its service principal in the partner tenant (absent: no service principal there). */
  servicePrincipalId: Guid.optional(),
  passwordCredentials: z.array(PasswordCredentialSchema).default([]),
  /** Application permissions the registration requests (requiredResourceAccess, type Role). */
  requiredApplicationPermissions: PermissionSet.prefault({}),
  /** Delegated permissions the registration requests (requiredResourceAccess, type Scope). */
  requiredDelegatedPermissions: PermissionSet.prefault({}),
  /** Application permissions admin-consented in the partner tenant (appRoleAssignments of its service principal). */
  grantedApplicationPermissions: PermissionSet.prefault({}),
  /** Delegated permissions admin-consented in the partner tenant (oauth2PermissionGrants, consentType AllPrincipals). */
  grantedDelegatedPermissions: PermissionSet.prefault({}),
  /** Identifier URIs, e.g. api://botid-{appId} for the Teams SSO app. */
  identifierUris: z.array(z.string()).default([]),
  /** Registered in Partner Center App management as the partner's web app. */
  partnerCenterWebApp: z.boolean().default(false),
  /**
   * Owners of the registration: object ids of partner users or service principals. An app token holding only
   * Application.ReadWrite.OwnedBy reaches the registrations whose owners include its service principal. Absent: the
   * simulator treats the app as the owner of its own registration (and of no other).
   */
  owners: z.array(Guid).optional(),
  /** Served as createdDateTime (absent: null). */
  createdDateTime: DateSpec.optional(),
  /** Web redirect URIs: the authorize endpoint refuses others (AADSTS50011). Absent: any redirect_uri is accepted. */
  redirectUris: z.array(z.string().min(1)).optional(),
});

/** Tenant-wide policies of the partner tenant. */
export const PartnerPoliciesSchema = z.strictObject({
  /** Longest client secret lifetime the app management policy allows (addPassword beyond it is refused). */
  maxPasswordLifetimeDays: z.int().min(1).max(36_500).default(730),
});

export const AccessAssignmentSchema = z.strictObject({
  id: Guid.optional(),
  /** Security group in the partner tenant. */
  groupId: Guid,
  status: z.enum(["pending", "active", "deleting", "deleted", "error"]).default("active"),
  roles: z.array(RoleRef).min(1),
  createdDateTime: DateSpec.optional(),
});

export const GdapRelationshipSchema = z.strictObject({
  /** Defaults to a deterministic "{guid}-{guid}" id. */
  id: z.string().optional(),
  displayName: z.string().min(1).max(50),
  status: z.enum([
    "activating", "active", "approvalPending", "approved", "created", "expired", "expiring",
    "terminated", "terminating", "terminationRequested",
  ]),
  roles: z.array(RoleRef).min(1),
  duration: IsoDuration.default("P730D"),
  autoExtendDuration: z.enum(["PT0S", "P0D", "P180D"]).default("PT0S"),
  createdDateTime: DateSpec.default("-400d"),
  activatedDateTime: DateSpec.optional(),
  /** null until active; for active relationships defaults to activated + duration. */
  endDateTime: DateSpec.optional(),
  accessAssignments: z.array(AccessAssignmentSchema).default([]),
  /** A resellerDelegatedAdminRelationship (indirect reseller) instead of a plain one. */
  reseller: z
    .strictObject({ indirectProviderTenantId: Guid, isPartnerConsentPending: z.boolean().default(false) })
    .optional(),
});

export const ConsentedAppSchema = z.strictObject({
  appId: Guid,
  /** Object id of the app's service principal in the customer tenant; generated when absent. */
  servicePrincipalId: Guid.optional(),
  /** Application permissions granted (app role assignments) in this tenant. */
  applicationPermissions: PermissionSet.prefault({}),
});

export const OsName = z.enum(["Windows", "macOS", "iOS", "Android", "Linux"]);

export const DeviceSchema = z.strictObject({
  id: Guid,
  deviceName: z.string().min(1),
  operatingSystem: OsName,
  osVersion: z.string().default("10.0.22631.4460"),
  complianceState: z.enum(["compliant", "noncompliant", "conflict", "error", "inGracePeriod", "unknown"]).default("compliant"),
  serialNumber: z.string().default(""),
  manufacturer: z.string().default(""),
  model: z.string().default(""),
  userPrincipalName: z.string().default(""),
  enrolledDateTime: DateSpec.default("-200d"),
  lastSyncDateTime: DateSpec.default("-1d"),
  isEncrypted: z.boolean().default(true),
  apps: z.array(z.strictObject({ displayName: z.string(), version: z.string(), publisher: z.string().default("") })).default([]),
});

/** Inventory generated deterministically (and lazily: never materialised as a whole) from a seed. */
export const GeneratedInventorySchema = z.strictObject({
  devices: z.int().min(0).max(1_000_000),
  appsPerDevice: z.int().min(0).max(500).default(20),
  /** Distinct applications in the tenant's catalogue that devices draw from. */
  appCatalogSize: z.int().min(1).max(100_000).default(300),
  osMix: z.partialRecord(OsName, z.number().min(0)).default({ Windows: 0.7, macOS: 0.1, iOS: 0.1, Android: 0.1 }),
  noncompliantRatio: z.number().min(0).max(1).default(0.05),
  seed: z.int().optional(),
});

export const InventorySchema = z.union([
  z.strictObject({ devices: z.array(DeviceSchema) }),
  z.strictObject({ generate: GeneratedInventorySchema }),
]);

export const SkuSchema = z.strictObject({
  skuPartNumber: z.string(),
  skuId: Guid.optional(),
  prepaidUnits: z.int().min(0).default(25),
  consumedUnits: z.int().min(0).default(20),
});

export const CustomerSchema = z.strictObject({
  tenantId: Guid,
  displayName: z.string().min(1),
  /** Default verified domain, e.g. fabrikam.onmicrosoft.com. */
  domain: z.string().min(3),
  /** As Partner Center reports it. "none": not a Partner Center customer at all. */
  relationshipToPartner: z.enum(["reseller", "advisor", "indirectReseller", "none"]).default("reseller"),
  /** Users in the tenant: decides the identity throttling bucket (<50, 50-500, >500). */
  userCount: z.int().min(1).default(100),
  users: z.array(UserSchema).default([]),
  gdapRelationships: z.array(GdapRelationshipSchema).default([]),
  consentedApps: z.array(ConsentedAppSchema).default([]),
  intune: z.strictObject({ licensed: z.boolean().default(true) }).prefault({}),
  defender: z.strictObject({ onboarded: z.boolean().default(false) }).prefault({}),
  subscribedSkus: z.array(SkuSchema).default([]),
  inventory: InventorySchema.default({ devices: [] }),
});

/** Many similar customers described in a few lines (benchmarks, load tests). Generated lazily and deterministically. */
export const GeneratedCustomersSchema = z.strictObject({
  count: z.int().min(1).max(100_000),
  namePrefix: z.string().default("Customer"),
  domainSuffix: z.string().default("example.onmicrosoft.com"),
  /** Every generated customer is healthy: active GDAP with these roles assigned to these partner groups, these apps consented. */
  gdapRoles: z.array(RoleRef).default(["Application Administrator"]),
  accessGroupIds: z.array(Guid).default([]),
  gdapEndsIn: DateSpec.default("+365d"),
  consentedApps: z.array(ConsentedAppSchema).default([]),
  inventory: GeneratedInventorySchema.optional(),
  seed: z.int().optional(),
});

export const ThrottleLimit = z.strictObject({
  /** Requests (or resource units) allowed per window. */
  limit: z.number().positive(),
  windowSeconds: z.number().positive(),
});

export const ThrottlingSchema = z.strictObject({
  /** "microsoft": Microsoft's published limits (reference/microsoft-apis.md §7, §8); "off": none. Individual limits override. */
  profile: z.enum(["microsoft", "off"]).default("microsoft"),
  graphPerApp: ThrottleLimit.optional(),
  intunePerAppPerTenant: ThrottleLimit.optional(),
  intunePerTenant: ThrottleLimit.optional(),
  /** Resource units per 10 s for tenants of <50 / 50-500 / >500 users. */
  identityPerAppTenant: z.strictObject({ small: z.number(), medium: z.number(), large: z.number(), windowSeconds: z.number().default(10) }).optional(),
  defenderPerMinute: z.number().positive().optional(),
  defenderPerHour: z.number().positive().optional(),
  teamsPerConversation: z.array(ThrottleLimit).optional(),
  teamsPerAppPerTenant: ThrottleLimit.optional(),
});

export const LatencySchema = z.strictObject({
  fixedMs: z.number().min(0).default(0),
  jitterMs: z.number().min(0).default(0),
});

export const ServiceName = z.enum(["login", "graph", "partnerCenter", "defender", "teams"]);

export const FaultSchema = z.strictObject({
  id: z.string().optional(),
  service: ServiceName,
  /** Regular expression matched against the request path (without query), e.g. "^/v1.0/deviceManagement/managedDevices". */
  path: z.string().default(".*"),
  method: z.enum(["GET", "POST", "PATCH", "PUT", "DELETE"]).optional(),
  /** Only requests for this tenant (token `tid`, or the tenant in the token endpoint path). */
  tenantId: Guid.optional(),
  kind: z.enum([
    "status",          // answer `status` with Microsoft's error body for it
    "throttleNoRetryAfter", // 429 without Retry-After
    "reset",           // destroy the connection without a response
    "slow",            // add delayMs before answering normally
    "truncatePage",    // a paged answer that ends without its @odata.nextLink
    "tokenOutage",     // token endpoint answers 503 temporarily_unavailable
    "secretExpired",   // client secrets of the app are treated as expired from now on (AADSTS7000222)
  ]),
  status: z.int().min(400).max(599).optional(),
  delayMs: z.int().min(0).max(120_000).optional(),
  /** Chance per matching request, drawn from the scenario's seeded random source. */
  probability: z.number().min(0).max(1).default(1),
  /** Skip this many matching requests before the fault starts. */
  after: z.int().min(0).default(0),
  /** Stop after this many injections (absent: no limit). */
  count: z.int().min(1).optional(),
});

export const TeamsSchema = z.strictObject({
  /** Accept Bot Connector calls without a bearer token (local mode: the bot runs without an app id). */
  allowAnonymous: z.boolean().default(true),
  /** Conversations from which the app was removed: sends answer 403 MessageWritesBlocked. */
  blockedConversations: z.array(z.string()).default([]),
}).prefault({});

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  /** Seed for every random choice (jitter, faults, generated data). */
  seed: z.int().default(1),
  /** Start of the simulator clock (default: the real time at load). Relative dates are resolved against the clock at load. */
  now: z.iso.datetime({ offset: true }).optional(),
  partner: z.strictObject({
    tenantId: Guid,
    displayName: z.string().min(1),
    domain: z.string().min(3),
    users: z.array(UserSchema).default([]),
    groups: z.array(GroupSchema).default([]),
    applications: z.array(ApplicationSchema).default([]),
    subscribedSkus: z.array(SkuSchema).default([]),
    policies: PartnerPoliciesSchema.prefault({}),
  }),
  customers: z.array(CustomerSchema).default([]),
  generatedCustomers: GeneratedCustomersSchema.optional(),
  throttling: ThrottlingSchema.prefault({}),
  latency: LatencySchema.prefault({}),
  faults: z.array(FaultSchema).default([]),
  teams: TeamsSchema,
  /**
   * Settings for the product's local mode (signed-in user, service account, lifecycle group and apps, Defender): the
   * simulator accepts any object here and ignores it; the product validates it.
   */
  rehearsal: z.looseObject({}).optional(),
});

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type User = z.infer<typeof UserSchema>;
export type Group = z.infer<typeof GroupSchema>;
export type Application = z.infer<typeof ApplicationSchema>;
export type PartnerPolicies = z.infer<typeof PartnerPoliciesSchema>;
export type PasswordCredential = z.infer<typeof PasswordCredentialSchema>;
export type GdapRelationship = z.infer<typeof GdapRelationshipSchema>;
export type AccessAssignment = z.infer<typeof AccessAssignmentSchema>;
export type Customer = z.infer<typeof CustomerSchema>;
export type Device = z.infer<typeof DeviceSchema>;
export type GeneratedInventory = z.infer<typeof GeneratedInventorySchema>;
export type GeneratedCustomers = z.infer<typeof GeneratedCustomersSchema>;
export type Fault = z.infer<typeof FaultSchema>;
export type Throttling = z.infer<typeof ThrottlingSchema>;
export type Service = z.infer<typeof ServiceName>;

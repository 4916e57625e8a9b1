/**
 * What the checks read: one plain snapshot of the partner tenant and its customers, built by the readers in
 * src/graph (I/O) and judged by the pure checks in src/checks. Plain data only (JSON-serialisable): no SDK types,
 * no functions, so a snapshot can be written to a fixture, stored, or built by hand in a table test.
 *
 * Every read that can fail on its own is a `Readable<T>`: the checks name what could not be read and why, and never
 * treat "could not read" as "absent".
 */

/** ISO 8601 instant. */
export type Iso = string;

/** Why a read failed, already mapped from Microsoft's codes (src/graph/errors). */
export interface ReadFailure {
  /** Stable code of src/graph's error mapping, e.g. "forbidden", "notConsented", "secretExpired", "intuneNotLicensed". */
  code: string;
  /** One sentence an admin understands (never Microsoft's raw message, never a token). */
  message: string;
  /** The permission or role that was missing, when Microsoft named it. */
  missing?: string;
}

export type Readable<T> = { ok: true; value: T } | { ok: false; error: ReadFailure };

/** Where the checks got an identity from: what setup recorded, the scenario's rehearsal block, or discovery by name. */
export type ChoiceSource = "setup" | "rehearsal" | "discovered";

export interface Choice {
  source: ChoiceSource;
  /** What discovery looked for, e.g. `the security group named "GDAP Lifecycle Manager"` (for the "assumed" line). */
  assumption?: string;
}

export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  accountEnabled: boolean;
}

export interface ServiceAccountSnapshot extends Choice {
  user: DirectoryUser;
  /** Role template ids of the user's directory role assignments in the partner tenant. */
  directoryRoles: Readable<string[]>;
  /** Authentication methods other than password ("microsoftAuthenticator", "phone", "fido2", ...). */
  mfaMethods: Readable<string[]>;
  /** Member of AdminAgents (transitively). */
  inAdminAgents: Readable<boolean>;
}

export interface GroupMemberRef {
  id: string;
  type: "user" | "group" | "servicePrincipal" | "other";
}

export interface LifecycleGroupSnapshot extends Choice {
  id: string;
  displayName: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  /** Graph `groupTypes` ("DynamicMembership" means not assigned membership; "Unified" is a Microsoft 365 group). */
  groupTypes: string[];
  members: Readable<GroupMemberRef[]>;
}

export interface PasswordCredentialInfo {
  keyId: string;
  displayName: string | null;
  startDateTime: Iso;
  endDateTime: Iso;
  /** First characters Graph shows (`hint`), never the secret. */
  hint: string | null;
}

/** A permission by name on a resource, resolved from the resource's service principal (never hard-coded GUIDs). */
export interface PermissionRef {
  /** "graph" | "partnerCenter" | "defender" for the known resources, else the resource's appId. */
  resource: string;
  kind: "application" | "delegated";
  /** e.g. "DeviceManagementManagedDevices.Read.All", "user_impersonation"; the id when the name could not be resolved. */
  name: string;
}

export interface AppSnapshot extends Choice {
  appId: string;
  objectId: string;
  displayName: string;
  signInAudience: string;
  passwordCredentials: PasswordCredentialInfo[];
  /** From the registration's requiredResourceAccess. */
  required: PermissionRef[];
  /** Granted in the partner tenant with admin consent: app role assignments (application) and AllPrincipals grants (delegated). */
  granted: Readable<PermissionRef[]>;
  /** Service principal in the partner tenant; null when the app has none (never consented in the partner tenant). */
  servicePrincipalId: string | null;
  /** The service principal is a member of AdminAgents (read from the principal's side or through beta). */
  inAdminAgents: Readable<boolean>;
}

export type GdapStatus =
  | "activating" | "active" | "approvalPending" | "approved" | "created" | "expired" | "expiring"
  | "terminated" | "terminating" | "terminationRequested" | "unknownFutureValue";

export type AccessAssignmentStatus = "pending" | "active" | "deleting" | "deleted" | "error" | "unknownFutureValue";

export interface AccessAssignmentSnapshot {
  id: string;
  status: AccessAssignmentStatus;
  /** The security group in the partner tenant (accessContainer.accessContainerId). */
  groupId: string;
  /** Role template ids. */
  roles: string[];
}

export interface GdapRelationshipSnapshot {
  id: string;
  displayName: string;
  status: GdapStatus;
  /** Role template ids of the relationship (accessDetails.unifiedRoles). */
  roles: string[];
  /** ISO 8601 duration: "PT0S" / "P0D" = off, "P180D" = on. */
  autoExtendDuration: string;
  createdDateTime: Iso | null;
  activatedDateTime: Iso | null;
  endDateTime: Iso | null;
  /** A resellerDelegatedAdminRelationship (indirect reseller). */
  isReseller: boolean;
  accessAssignments: Readable<AccessAssignmentSnapshot[]>;
}

export interface CustomerSnapshot {
  tenantId: string;
  displayName: string;
  /** Primary / default domain when known (Partner Center), for `tenant <domain>`. */
  domain: string | null;
  /** Where the customer was found. */
  sources: ("gdap" | "partnerCenter")[];
  /** Partner Center `relationshipToPartner` ("reseller", "indirectReseller", "advisor", ...), null when not listed there. */
  relationshipToPartner: string | null;
  /** Partner Center `associatedPartnerId`: set for an indirect reseller's customer (the indirect reseller's id). */
  associatedPartnerId?: string;
  relationships: GdapRelationshipSnapshot[];
  /**
   * The lifecycle app tried in this customer: client-credentials token (consent) and one Intune read.
   * Absent when the lifecycle app's key is not stored (consent cannot be tested).
   */
  lifecycleApp?: {
    /** Application permissions the token carried (`roles`), or why no token was issued (notConsented, ...). */
    token: Readable<{ roles: string[] }>;
    /** `GET deviceManagement/managedDevices?$top=1`: ok, or intuneNotLicensed / forbidden / ... . Absent when no token. */
    intune?: Readable<true>;
  };
  /**
   * Customer-side confirmation, once the Microsoft 365 integration is connected: one cheap read in this customer as the
   * service account, through GDAP (`GET /organization`). Absent when not connected.
   */
  customerSide?: Readable<true>;
}

export interface PartnerSnapshot {
  takenAt: Iso;
  partner: { tenantId: string; displayName: string; domain: string | null };
  /** null: not found (the finding says how it was looked for). */
  serviceAccount: ServiceAccountSnapshot | null;
  /** AdminAgents group id; null when the partner has no AdminAgents group. */
  adminAgentsGroupId: string | null;
  lifecycleGroup: LifecycleGroupSnapshot | null;
  /**
   * Group ids among every access container of every customer's assignments that contain the lifecycle group,
   * directly or through nested groups (checkMemberGroups, transitive). Computed once for the partner.
   */
  lifecycleGroupContainedIn: Readable<string[]>;
  /** Display names of the partner's groups met in assignments, for messages ("the group is in GDAP Helpdesk instead"). */
  groupNames: Record<string, string>;
  lifecycleApp: AppSnapshot | null;
  partnerCenterApp: AppSnapshot | null;
  /**
   * How an identity that came back null was looked for, e.g. `the user "svc@contoso.com" chosen in setup` or
   * `the security group named "GDAP Lifecycle Manager" (or containing "Lifecycle Manager")`. Optional: without it the
   * "not found" finding describes the default discovery of the setup guides.
   */
  lookedFor?: Partial<Record<"serviceAccount" | "lifecycleGroup" | "lifecycleApp" | "partnerCenterApp", string>>;
  /** Defender tracking is on (setup / rehearsal): WindowsDefenderATP Machine.Read.All becomes required. */
  defenderTracking: boolean;
  /** The lifecycle app's key is stored, so consent could be tried in each customer. */
  lifecycleKeyKnown: boolean;
  /** The Microsoft 365 integration is connected (the service account authorized Tenant Pilot). */
  m365Connected: boolean;
  /** GDAP relationships could not be read at all (then `customers` holds only Partner Center's). */
  gdapRead: Readable<true>;
  /** Partner Center customers could not be read (no Partner Center app key, or a failure). */
  partnerCenterRead: Readable<true>;
  customers: CustomerSnapshot[];
  /**
   * Why a part above is null / a fallback because a read FAILED (not because it is absent): `partner` (organization,
   * then partner shows the tenant id), `groups` (the group list: lifecycle group, AdminAgents and names unknown),
   * `serviceAccount`, `apps` (app registrations). Absent when every such read succeeded.
   */
  lookupFailures?: Partial<Record<"partner" | "groups" | "serviceAccount" | "apps", ReadFailure>>;
}

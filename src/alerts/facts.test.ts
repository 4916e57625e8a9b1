import { ROLE } from "../checks/roles";
import { app, assignment, customer, fail, inDays, NOW, ok, partner, relationship, serviceAccount } from "../checks/testing/build";
import { factsFromSnapshot } from "./facts";

describe("factsFromSnapshot", () => {
  it("both apps' secrets (dates and label only, never a value), active relationships with an end date", () => {
    const f = factsFromSnapshot(
      partner({
        customers: [
          customer({
            relationships: [
              relationship({ autoExtendDuration: "PT0S", endDateTime: inDays(20) }),
              relationship({ id: "rel-ga", roles: [ROLE.globalAdministrator], endDateTime: inDays(100) }),
              relationship({ id: "rel-old", status: "expired", endDateTime: inDays(-3) }),
            ],
          }),
        ],
      }),
    );
    expect(f.secrets.map((s) => [s.app, s.keyId, s.label])).toEqual([
      ["lifecycle", "k-1", '"lifecycle-2025" (abc…)'],
      ["partnerCenter", "k-pc", '"pc-key" (xyz…)'],
    ]);
    expect(f.gdap.map((r) => [r.relationshipId, r.autoExtendOff, r.globalAdmin])).toEqual([
      ["rel-1", true, false],
      ["rel-ga", false, true],
    ]);
    expect(f.takenAt).toBe(NOW.toISOString());
  });

  it("one registration as both apps (as in the demo): each of its secrets once, as the lifecycle app's", () => {
    const f = factsFromSnapshot(partner({ partnerCenterApp: app() }));
    expect(f.secrets.map((s) => [s.app, s.keyId])).toEqual([["lifecycle", "k-1"]]);
  });

  it.each([
    ["working", customer(), { consent: true, lifecycleGroupInGdap: true }],
    ["not consented", customer({ lifecycleApp: { token: fail("notConsented", "no") } }), { consent: false, lifecycleGroupInGdap: true }],
    ["token failed otherwise: unknown", customer({ lifecycleApp: { token: fail("network", "down") } }), { consent: null, lifecycleGroupInGdap: true }],
    ["group not in any assignment", customer({ relationships: [relationship({ accessAssignments: [assignment({ groupId: "other" })] })] }), { consent: true, lifecycleGroupInGdap: false }],
    ["assignments unreadable", customer({ relationships: [relationship({ accessAssignments: fail("forbidden", "no") })] }), { consent: true, lifecycleGroupInGdap: null }],
  ])("access: %s", (_n, c, expected) => {
    expect(factsFromSnapshot(partner({ customers: [c] })).access[0]).toMatchObject(expected);
  });

  it("remembers what once worked (so a later loss is 'lost') and when Microsoft 365 was first seen connected", () => {
    const first = factsFromSnapshot(partner());
    expect(first.access[0]).toMatchObject({ consentSeen: true, groupSeen: true });
    expect(first.m365ConnectedSince).toBe(NOW.toISOString());
    const later = factsFromSnapshot(partner({ takenAt: inDays(3), customers: [customer({ lifecycleApp: { token: fail("notConsented", "no") } })] }), first);
    expect(later.access[0]).toMatchObject({ consent: false, consentSeen: true });
    expect(later.m365ConnectedSince).toBe(NOW.toISOString());
    expect(first.access[0].newlyReachable).toBeUndefined(); // the first check: nothing is "new"
    const gained = factsFromSnapshot(partner({ customers: [customer(), customer({ tenantId: "c-2", displayName: "Newco" })] }), first);
    expect(gained.access.map((x) => [x.tenantId, x.newlyReachable])).toEqual([
      ["c-1", undefined],
      ["c-2", true],
    ]);
    expect(factsFromSnapshot(partner({ m365Connected: false }), first).m365ConnectedSince).toBeUndefined();
  });

  it("service account's Global Administrator: true / false / unknown", () => {
    expect(factsFromSnapshot(partner({ serviceAccount: serviceAccount({ directoryRoles: ok([ROLE.globalAdministrator]) }) })).serviceAccountGlobalAdmin).toBe(true);
    expect(factsFromSnapshot(partner()).serviceAccountGlobalAdmin).toBe(false);
    expect(factsFromSnapshot(partner({ serviceAccount: serviceAccount({ directoryRoles: fail("forbidden", "no") }) })).serviceAccountGlobalAdmin).toBeNull();
    expect(factsFromSnapshot(partner({ serviceAccount: null })).serviceAccountGlobalAdmin).toBeNull();
  });
});

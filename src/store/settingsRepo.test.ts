import { useTestCosmos } from "../../test/helpers/cosmos";
import { manualClock } from "../clock";
import { createSettingsRepo, type MspSettingsChoices } from "./settingsRepo";
import { DocConflictError, DocInvalidError } from "./versionedDoc";

const PARTNER_A = "11111111-2222-3333-4444-555555555555";
const PARTNER_B = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const APP = "0f8b3c2a-1d4e-4f6a-9b7c-2e5d8a1f3c4b";

describe("settings repository (embedded Cosmos)", () => {
  const cosmos = useTestCosmos();
  const clock = manualClock("2025-05-01T08:00:00Z");
  const repo = () => createSettingsRepo(cosmos.store.containers.settings, { clock });

  it("saves with etags, stamps time and author, and refuses a stale write", async () => {
    const r = repo();
    expect(await r.get(PARTNER_A)).toBeUndefined();
    const v1 = await r.save(PARTNER_A, { source: "setup", serviceAccountUpn: "svc@contoso.example" }, { etag: undefined, by: "admin@contoso.example" });
    expect(v1.value).toEqual({
      source: "setup",
      serviceAccountUpn: "svc@contoso.example",
      updatedAt: "2025-05-01T08:00:00.000Z",
      updatedBy: "admin@contoso.example",
    });
    clock.advance(60_000);
    const v2 = await r.save(PARTNER_A, { ...v1.value, lifecycleAppId: APP }, { etag: v1.etag });
    expect(v2.value).toMatchObject({ lifecycleAppId: APP, updatedAt: "2025-05-01T08:01:00.000Z" });
    expect(v2.value.updatedBy).toBeUndefined();
    // Two admins pressed the same button: the second one's version is stale.
    await expect(r.save(PARTNER_A, { source: "setup", defender: true }, { etag: v1.etag })).rejects.toBeInstanceOf(DocConflictError);
    await expect(r.save(PARTNER_A, { source: "setup" }, { etag: undefined })).rejects.toMatchObject({ status: 409 });
    expect(await r.get(PARTNER_A)).toEqual(v2);
    // Partners are apart.
    expect(await r.get(PARTNER_B)).toBeUndefined();
  });

  it("patch applies an update on the latest version, and writes nothing when nothing changes", async () => {
    const r = repo();
    const first = await r.patch(PARTNER_B, (cur) => ({ ...(cur ?? { source: "rehearsal" }), defender: true }), { by: "a@b.example" });
    expect(first.value).toMatchObject({ source: "rehearsal", defender: true, updatedBy: "a@b.example" });
    clock.advance(1000);
    const same = await r.patch(PARTNER_B, (cur) => ({ source: "rehearsal", defender: cur?.defender ?? false }));
    expect(same).toEqual(first);
    const second = await r.patch(PARTNER_B, (cur) => ({ ...(cur ?? { source: "setup" }), m365Connected: true }));
    expect(second.value).toMatchObject({ source: "rehearsal", defender: true, m365Connected: true });
    expect(second.etag).not.toBe(first.etag);
  });

  test.each<[string, MspSettingsChoices]>([
    ["a non-GUID app id", { source: "setup", lifecycleAppId: "not-a-guid" }],
    ["a UPN without @", { source: "setup", serviceAccountUpn: "svc" }],
    ["an empty group name", { source: "setup", lifecycleGroupName: "" }],
    ["an unknown source", { source: "wizard" } as unknown as MspSettingsChoices],
  ])("refuses %s and stores nothing", async (_label, choices) => {
    const partner = "22222222-3333-4444-5555-666666666666";
    await expect(repo().save(partner, choices, { etag: undefined })).rejects.toBeInstanceOf(DocInvalidError);
    expect(await repo().get(partner)).toBeUndefined();
  });

  it("refuses a partner tenant id that is not a GUID (rejects, does not throw)", async () => {
    await expect(repo().get("contoso")).rejects.toBeInstanceOf(DocInvalidError);
  });
});

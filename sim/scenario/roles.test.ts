import { roleDisplayName, roleTemplateId } from "./roles";

test.each([
  ["Global Administrator", "62e90394-69f5-4237-9190-012177145e10"],
  ["global administrator", "62e90394-69f5-4237-9190-012177145e10"],
  ["Application Administrator", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"],
  ["Cloud Application Administrator", "158c047a-c907-4556-b7ef-446551a6b5f7"],
  ["Intune Administrator", "3a2c62db-5318-420d-8d74-23affee5d9d5"],
  ["Global Reader", "f2ef992c-3afb-46b9-b7cf-a126ee74c451"],
  ["Security Reader", "5d6b6bb7-de71-4623-b4af-96380a352509"],
  ["Security Administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d"],
  ["Privileged Role Administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814"],
  ["User Administrator", "fe930be7-5e62-47db-91af-98c3a49a38b1"],
  ["Directory Readers", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"],
  ["Cloud Device Administrator", "7698a772-787b-4ac8-901f-60d6b08affd2"],
  ["Exchange Administrator", "29232cdf-9323-42fd-ade2-1d097af3e4de"],
  ["Helpdesk Administrator", "729827e3-9c14-49f7-bb1b-9608f156bbb8"],
  ["  Global Reader ", "f2ef992c-3afb-46b9-b7cf-a126ee74c451"],
  ["9B895D92-2CD3-44C7-9D02-A6AC2D5EA5C3", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3"],
  ["11111111-2222-3333-4444-555555555555", "11111111-2222-3333-4444-555555555555"],
])("roleTemplateId(%s)", (ref, id) => {
  expect(roleTemplateId(ref)).toBe(id);
});

test("unknown names are undefined; ids map back to names", () => {
  expect(roleTemplateId("Chief Wizard")).toBeUndefined();
  expect(roleDisplayName("62e90394-69f5-4237-9190-012177145e10")).toBe("Global Administrator");
});

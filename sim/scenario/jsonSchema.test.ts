import { readFileSync } from "node:fs";
import path from "node:path";
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText } from "./jsonSchema";

test("sim/scenario.schema.json is current (regenerate: npx tsx scripts/gen-scenario-schema.ts)", () => {
  const onDisk = readFileSync(path.join(__dirname, "../..", SCENARIO_SCHEMA_FILE), "utf8");
  expect(onDisk).toBe(scenarioJsonSchemaText());
});

/** Writes sim/scenario.schema.json from the zod scenario schema: `npx tsx scripts/gen-scenario-schema.ts`. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText } from "../sim/scenario/jsonSchema";

const target = path.join(__dirname, "..", SCENARIO_SCHEMA_FILE);
writeFileSync(target, scenarioJsonSchemaText());
console.log(`wrote ${SCENARIO_SCHEMA_FILE}`);

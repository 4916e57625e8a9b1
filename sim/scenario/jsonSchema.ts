/** The editor JSON Schema of scenario files (sim/scenario.schema.json), generated from the zod schema. */
import { z } from "zod/v4";
import { ScenarioSchema } from "./schema";

export const SCENARIO_SCHEMA_FILE = "sim/scenario.schema.json";

export function scenarioJsonSchemaText(): string {
  const schema = z.toJSONSchema(ScenarioSchema, { io: "input" });
  return `${JSON.stringify({ ...schema, title: "Tenant Pilot simulator scenario" }, null, 2)}\n`;
}

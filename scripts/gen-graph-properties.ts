/** Writes sim/graph/declaredProperties.ts from @microsoft/microsoft-graph-types: `npx tsx scripts/gen-graph-properties.ts`. */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { DECLARED_PROPERTIES_FILE, declaredPropertiesText } from "../sim/graph/graphTypes";

const target = path.join(__dirname, "..", DECLARED_PROPERTIES_FILE);
writeFileSync(target, declaredPropertiesText());
console.log(`wrote ${DECLARED_PROPERTIES_FILE}`);

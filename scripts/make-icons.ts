/**
 * Writes appPackage/color.png (192x192) and appPackage/outline.png (32x32, white on transparent).
 * Run: npx tsx scripts/make-icons.ts   (the PNGs are committed; rerun only to change the design)
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { colorIcon, outlineIcon } from "./lib/icons";
import { encodePng } from "./lib/png";

const dir = path.resolve(__dirname, "..", "appPackage");
writeFileSync(path.join(dir, "color.png"), encodePng(colorIcon()));
writeFileSync(path.join(dir, "outline.png"), encodePng(outlineIcon()));
console.log(`wrote ${path.join(dir, "color.png")} and ${path.join(dir, "outline.png")}`);

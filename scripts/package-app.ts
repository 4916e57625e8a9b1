/**
 * Builds the Teams app package: appPackage/build/appPackage.zip (+ the filled manifest.json next to it).
 *
 *   MICROSOFT_APP_ID=<bot app id> BOT_DOMAIN=<host> npm run package:app
 *   (or: npx tsx --env-file=.env scripts/package-app.ts)
 *
 * Optional: TEAMS_APP_ID (default: the bot id), APP_VERSION (default: package.json version), DEVELOPER_NAME,
 * DEVELOPER_WEBSITE_URL, PRIVACY_URL, TERMS_OF_USE_URL (default: https://BOT_DOMAIN, /privacy, /terms).
 * Every problem is listed; exit code 1.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildAppPackage } from "./lib/appPackage";
import { APP_PACKAGE_DIR } from "./lib/manifest";
import { VERSION } from "../src/version";

function main(): number {
  const r = buildAppPackage(process.env, { version: VERSION });
  if (!r.ok) {
    process.stderr.write(
      [`Cannot build the Teams app package: ${r.problems.length} problem${r.problems.length === 1 ? "" : "s"}.`, ...r.problems.map((p) => `  - ${p}`)].join("\n") + "\n",
    );
    return 1;
  }
  const out = path.join(APP_PACKAGE_DIR, "build");
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "manifest.json"), JSON.stringify(r.manifest, null, 2) + "\n");
  writeFileSync(path.join(out, "appPackage.zip"), r.zip);
  process.stdout.write(`Wrote ${path.relative(process.cwd(), path.join(out, "appPackage.zip"))}: upload it in Teams (Apps > Manage your apps > Upload an app).\n`);
  return 0;
}

process.exitCode = main();

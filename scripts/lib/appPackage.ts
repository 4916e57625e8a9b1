/**
 * Builds the Teams app package: fills the manifest template, checks it against the official schema, the bot's command
 * registry and the icon rules, and zips manifest.json + color.png + outline.png.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { MENU_COMMANDS } from "../../src/dialogs/commands";
import { decodePng } from "./png";
import { APP_PACKAGE_DIR, fillTemplate, manifestCommands, MANIFEST_TEMPLATE, readPackageInputs, validateManifest } from "./manifest";
import { createZip } from "./zip";

/** Pure: icon problems per Teams' rules (color 192x192; outline 32x32, white on transparent). */
export function checkIcons(colorPng: Buffer, outlinePng: Buffer): string[] {
  const problems: string[] = [];
  try {
    const color = decodePng(colorPng);
    if (color.width !== 192 || color.height !== 192) problems.push(`color.png is ${color.width}x${color.height}, must be 192x192`);
  } catch (err) {
    problems.push(`color.png: ${err instanceof Error ? err.message : "unreadable"}`);
  }
  try {
    const outline = decodePng(outlinePng);
    if (outline.width !== 32 || outline.height !== 32) problems.push(`outline.png is ${outline.width}x${outline.height}, must be 32x32`);
    let notWhite = 0;
    let opaque = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const alpha = outline.data[i + 3];
      if (alpha > 0 && (outline.data[i] !== 255 || outline.data[i + 1] !== 255 || outline.data[i + 2] !== 255)) notWhite++;
      if (alpha > 0) opaque++;
    }
    if (notWhite > 0) problems.push(`outline.png has ${notWhite} visible pixels that are not white`);
    if (opaque === outline.width * outline.height) problems.push("outline.png has no transparent background");
  } catch (err) {
    problems.push(`outline.png: ${err instanceof Error ? err.message : "unreadable"}`);
  }
  return problems;
}

/** Pure: differences between the manifest's command lists and the bot's command registry. */
export function checkCommands(manifest: unknown): string[] {
  const expected = MENU_COMMANDS.map((c) => ({ title: c.name, description: c.description }));
  const lists = manifestCommands(manifest);
  if (lists.length === 0) return ["the bot has no commandLists"];
  const problems: string[] = [];
  lists.forEach((cmds, i) => {
    if (JSON.stringify(cmds) !== JSON.stringify(expected)) {
      problems.push(
        `commandLists[${i}] is ${JSON.stringify(cmds.map((c) => c.title))}, the bot's commands (src/dialogs/commands.ts) are ${JSON.stringify(expected.map((c) => c.title))} with their descriptions`,
      );
    }
  });
  return problems;
}

export type BuildResult = { ok: true; manifest: Record<string, unknown>; zip: Buffer } | { ok: false; problems: string[] };

export function buildAppPackage(env: NodeJS.ProcessEnv, opts: { version: string; dir?: string } = { version: "0.0.0" }): BuildResult {
  const dir = opts.dir ?? APP_PACKAGE_DIR;
  const inputs = readPackageInputs(env, opts.version);
  if (!inputs.ok) return inputs;
  const template = readFileSync(opts.dir ? path.join(dir, "manifest.json") : MANIFEST_TEMPLATE, "utf8");
  const filled = fillTemplate(template, inputs.inputs);
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  const color = readFileSync(path.join(dir, "color.png"));
  const outline = readFileSync(path.join(dir, "outline.png"));
  const problems = [
    ...validateManifest(manifest).map((p) => `manifest ${p}`),
    ...checkCommands(manifest),
    ...checkIcons(color, outline),
  ];
  if (problems.length > 0) return { ok: false, problems };
  const zip = createZip([
    { name: "manifest.json", data: Buffer.from(JSON.stringify(manifest, null, 2) + "\n", "utf8") },
    { name: "color.png", data: color },
    { name: "outline.png", data: outline },
  ]);
  return { ok: true, manifest, zip };
}

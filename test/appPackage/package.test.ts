/** The app package: icons, PNG and ZIP encoders, and the package build end to end (in memory). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildAppPackage, checkIcons } from "../../scripts/lib/appPackage";
import { colorIcon, outlineIcon } from "../../scripts/lib/icons";
import { APP_PACKAGE_DIR } from "../../scripts/lib/manifest";
import { decodePng, encodePng, readPngHeader } from "../../scripts/lib/png";
import { createZip, readZip } from "../../scripts/lib/zip";

const color = readFileSync(path.join(APP_PACKAGE_DIR, "color.png"));
const outline = readFileSync(path.join(APP_PACKAGE_DIR, "outline.png"));

describe("icons", () => {
  it("color.png is 192x192 and outline.png 32x32 white on transparent", () => {
    expect(readPngHeader(color)).toMatchObject({ width: 192, height: 192 });
    expect(readPngHeader(outline)).toMatchObject({ width: 32, height: 32 });
    expect(checkIcons(color, outline)).toEqual([]);
  });

  it("the committed PNGs are what scripts/make-icons.ts draws", () => {
    expect(encodePng(colorIcon()).equals(color)).toBe(true);
    expect(encodePng(outlineIcon()).equals(outline)).toBe(true);
  });

  it("checkIcons catches a coloured outline and wrong sizes", () => {
    const bad = outlineIcon();
    bad.data[0] = 10;
    bad.data[3] = 255;
    expect(checkIcons(outline, encodePng(bad))).toEqual([
      "color.png is 32x32, must be 192x192",
      "outline.png has 1 visible pixels that are not white",
    ]);
    expect(checkIcons(Buffer.from("nope"), outline)).toEqual(["color.png: not a PNG file"]);
  });
});

describe("png", () => {
  it("round-trips RGBA pixels", () => {
    const img = { width: 3, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => (i * 37) % 256) };
    const back = decodePng(encodePng(img));
    expect(back.width).toBe(3);
    expect(Array.from(back.data)).toEqual(Array.from(img.data));
  });
  it("detects corruption", () => {
    const png = Buffer.from(color);
    png[40] ^= 0xff;
    expect(() => readPngHeader(png)).toThrow(/CRC/);
  });
});

describe("zip", () => {
  it("writes entries that read back with matching CRCs, reproducibly", () => {
    const entries = [
      { name: "manifest.json", data: Buffer.from('{"a":1}'.repeat(50)) },
      { name: "dir/tiny.bin", data: Buffer.from([1]) },
      { name: "empty.txt", data: Buffer.alloc(0) },
    ];
    const zip = createZip(entries);
    expect(readZip(zip)).toEqual(entries);
    expect(createZip(entries).equals(zip)).toBe(true);
  });
  it.each(["", "/abs", "a/../b", "a\\b"])("refuses the entry name %p", (name) => {
    expect(() => createZip([{ name, data: Buffer.alloc(1) }])).toThrow(/invalid entry name/);
  });
  it("refuses duplicates", () => {
    expect(() => createZip([{ name: "a", data: Buffer.alloc(1) }, { name: "a", data: Buffer.alloc(1) }])).toThrow(/duplicate/);
  });
});

describe("buildAppPackage", () => {
  it("zips the filled manifest and both icons at the root", () => {
    const r = buildAppPackage({ MICROSOFT_APP_ID: "0f8b3c2a-1d4e-4f6a-9b7c-2e5d8a1f3c4b", BOT_DOMAIN: "bot.example.com" }, { version: "0.1.0" });
    if (!r.ok) throw new Error(r.problems.join("\n"));
    const entries = readZip(r.zip);
    expect(entries.map((e) => e.name)).toEqual(["manifest.json", "color.png", "outline.png"]);
    const manifest = JSON.parse(entries[0].data.toString("utf8")) as Record<string, unknown>;
    expect(manifest).toEqual(r.manifest);
    expect(manifest.validDomains).toEqual(["bot.example.com"]);
    expect(entries[1].data.equals(color)).toBe(true);
    expect(entries[2].data.equals(outline)).toBe(true);
  });

  it("lists every missing setting", () => {
    const r = buildAppPackage({}, { version: "0.1.0" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.split(":")[0])).toEqual(["MICROSOFT_APP_ID", "BOT_DOMAIN"]);
  });
});

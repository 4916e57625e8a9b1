import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createWorkDir, waitUntilSync, WORK_DIR_PREFIX } from "./workDir";

describe("createWorkDir", () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(path.join(os.tmpdir(), "tp-workdir-test-"));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it("creates tenant-pilot-local-* and removes it with its content, idempotently", () => {
    const w = createWorkDir(base);
    expect(path.basename(w.path).startsWith(WORK_DIR_PREFIX)).toBe(true);
    mkdirSync(path.join(w.path, "devTools"));
    writeFileSync(path.join(w.path, "devTools", "log.txt"), "x");
    w.remove();
    expect(existsSync(w.path)).toBe(false);
    expect(() => w.remove()).not.toThrow();
    expect(readdirSync(base)).toEqual([]);
  });
});

describe("waitUntilSync", () => {
  it("returns true once the condition holds, false at the deadline", () => {
    let n = 0;
    expect(waitUntilSync(() => ++n >= 3, 1000, 1)).toBe(true);
    expect(waitUntilSync(() => false, 30, 5)).toBe(false);
  });
});

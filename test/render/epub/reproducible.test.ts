/**
 * Reproducibility: the same Book gives byte-identical EPUBs in separate processes with different
 * time zones and locales (jszip's DOS dates, Date formatting and sort order must not leak).
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { zipDate, zipEpub } from "../../../src/render/epub/zip.js";
import { BUILT_IN_TEMPLATES_DIR } from "../../../src/render/templates.js";
import { CORPUS } from "../../fixtures/paths.js";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..", "..");
// The child runs child-render.ts straight from the sources (no bundle): the loader transpiles each
// file with the declared `typescript` package, so paths resolve as they do in the repository.
const loader = join(repo, "test", "support", "ts-loader.mjs");
const child = join(here, "child-render.ts");

async function hashIn(env: Record<string, string>, which: string): Promise<{ hash: string; offset: string }> {
  const { stdout } = await run(process.execPath, ["--import", loader, child, which, BUILT_IN_TEMPLATES_DIR], { env: { PATH: process.env.PATH ?? "", ...env }, cwd: repo });
  const [hash = "", offset = ""] = stdout.trim().split(" ");
  return { hash, offset };
}

test("two renders in different time zones and locales give the same SHA-256", async () => {
  for (const which of ["article", "chapters"]) {
    const [a, b] = await Promise.all([
      hashIn({ TZ: "UTC", LANG: "C", LC_ALL: "C" }, which),
      hashIn({ TZ: "Pacific/Auckland", LANG: "de_DE.UTF-8", LC_ALL: "de_DE.UTF-8" }, which),
    ]);
    // The processes really did see different time zones.
    expect(a.offset).toBe("0");
    expect(b.offset).toBe("-780");
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash, which).toBe(a.hash);
  }
});

test.skipIf(!existsSync(`${CORPUS}/communist-manifesto`))("a manuscript copied to another path, built in another time zone and locale, gives the same SHA-256", async () => {
  const source = `${CORPUS}/communist-manifesto`;
  const copy = await mkdtemp(join(tmpdir(), "imprint-epub-copy-"));
  try {
    await cp(source, join(copy, "elsewhere", "manifesto"), { recursive: true });
    const [a, b] = await Promise.all([
      hashIn({ TZ: "UTC", LANG: "C", LC_ALL: "C" }, source),
      hashIn({ TZ: "Pacific/Auckland", LANG: "de_DE.UTF-8", LC_ALL: "de_DE.UTF-8" }, join(copy, "elsewhere", "manifesto")),
    ]);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
});

test("zip entry dates are the book's moment in UTC, clamped to the DOS range", async () => {
  expect(zipDate("1975-01-01T00:00:00Z").toISOString()).toBe("1980-01-01T00:00:00.000Z");
  expect(zipDate("2024-07-31T12:34:56Z").toISOString()).toBe("2024-07-31T12:34:56.000Z");
  expect(zipDate("2200-01-01T00:00:00Z").getUTCFullYear()).toBe(2107);
  const bytes = await zipEpub({ entries: [{ path: "EPUB/a.txt", bytes: "a" }], modified: "2024-07-31T12:34:56Z" });
  // Local file header of the first entry: DOS time at offset 10, date at 12 (little endian).
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const time = view.getUint16(10, true);
  const date = view.getUint16(12, true);
  expect([time >> 11, (time >> 5) & 63, (time & 31) * 2]).toEqual([12, 34, 56]);
  expect([(date >> 9) + 1980, (date >> 5) & 15, date & 31]).toEqual([2024, 7, 31]);
});

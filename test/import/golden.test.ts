/**
 * Golden: the repository's manuscript is the seed, imported. Re-importing the seed must give
 * manuscript/editorial-note.md and 01-text.md byte for byte (UPDATE_GOLDEN=1 rewrites them).
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { importManuscript } from "../../src/import/index.js";
import { SEED_TEXT } from "../fixtures/paths.js";
import { expectGolden } from "../support/golden.js";

it("re-importing the seed gives manuscript/editorial-note.md and 01-text.md byte for byte", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "imprint-import-")), "ms");
  const result = await importManuscript({ file: SEED_TEXT, outDir: out, editorialNote: "first" });
  expect(result.diagnostics).toEqual([]);
  for (const name of ["editorial-note.md", "01-text.md"]) expectGolden({ path: join("manuscript", name), text: readFileSync(join(out, name), "utf8") });
  expect(readdirSync("manuscript").filter((f) => f.endsWith(".md")).sort()).toEqual(["01-text.md", "editorial-note.md"]);
});

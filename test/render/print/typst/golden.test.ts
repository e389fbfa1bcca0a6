/**
 * The typst source of the seed as a readable golden file: the data the template walks
 * (/book.json: front matter, contents, every block as a tree, page geometry, design), exactly as
 * compiled in the final pass. `UPDATE_GOLDEN=1` rewrites it; review the diff before committing.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { renderTypst } from "../../../../src/render/print/typst/index.js";
import { createTemplates } from "../../../../src/render/templates.js";
import { seedBook } from "../../../helpers/books.js";

const GOLDEN = join(import.meta.dirname, "golden", "seed");

it("compiles the seed from the data in golden/seed/book.json", async () => {
  const result = await renderTypst({ book: await seedBook(), templates: createTemplates() });
  expect(result.diagnostics).toEqual([]);
  const shown = JSON.stringify(result.source!.data, null, 1) + "\n";
  const file = join(GOLDEN, "book.json");
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, shown);
  }
  expect(shown).toBe(readFileSync(file, "utf8"));
});

/**
 * A paragraph that is only a raw-HTML `<img>` (how mdBook books, e.g. the Rust book, write their
 * figures) prints as a picture at its size, not as an image one glyph high.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { BOOKS_DIR, ROOT } from "../../../helpers/books.js";

it("prints a paragraph holding only an <img> at the image's size", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-raw-img-"));
  mkdirSync(join(dir, "img"));
  copyFileSync(join(BOOKS_DIR, "odd-names", "images", "photo #1?.png"), join(dir, "img", "photo.png"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Raw images\nauthors: Ada Writer\nlanguage: en\n");
  writeFileSync(join(dir, "01-text.md"), '# Pictures\n\nBefore the picture.\n\n<img alt="A photo" src="img/photo.png" class="center">\n\nAfter the picture.\n');
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  // pdfimages: the 4×4 px image set one glyph high (11 pt) prints at 26 ppi; at its own size, 72.
  const row = execFileSync("pdfimages", ["-list", join(out, `${report.slug}.pdf`)]).toString().split("\n")[2] ?? "";
  const ppi = Number(row.trim().split(/\s+/)[12]);
  expect(ppi).toBeGreaterThan(60);
  expect(ppi).toBeLessThanOrEqual(100);
}, 120_000);

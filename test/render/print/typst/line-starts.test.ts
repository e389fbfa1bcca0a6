/**
 * No line of the typst PDF starts with a compound's hyphen or an em dash (LaTeX never breaks
 * before either; typst, after Unicode, may break on both sides of an em dash, and beside the
 * boxes that keep short compound parts together). Many paragraphs, each shifted by a word, put
 * the compounds and dashes at many places along the line. Read back with pdftotext.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { ROOT } from "../../../helpers/books.js";

it("never starts a line with a compound's hyphen or an em dash", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-line-starts-"));
  const fillers = ["a", "an", "the", "some", "quite", "several", "markedly", "remarkable"];
  const sentence = "is read as a line-by-line script of one-to-several items by a brother-in-law, and zero-cost abstractions—higher-level features—come free to the mother-in-law, twice.";
  const paragraphs = Array.from({ length: 48 }, (_, k) => `${fillers.slice(0, 1 + (k % fillers.length)).join(" ")} ${"word ".repeat(k % 5)}${sentence}`);
  writeFileSync(join(dir, "metadata.yaml"), "title: Line starts\nauthors: Ada Writer\nlanguage: en\n");
  writeFileSync(join(dir, "01-text.md"), ["# Text", "", ...paragraphs.flatMap((p) => [p, ""])].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const lines = execFileSync("pdftotext", [join(out, `${report.slug}.pdf`), "-"], { stdio: ["ignore", "pipe", "ignore"] }).toString().split("\n");
  expect(lines.filter((l) => /compound|line-by|script/.test(l)).length).toBeGreaterThan(40);
  expect(lines.filter((l) => /^[-\u2010\u2014]/.test(l))).toEqual([]);
}, 120_000);

/**
 * Quotations nested deep (a reply chain pasted from e-mail) stay readable in print: a quote inside
 * a quote keeps its size, and past the third level it is indented less, so the innermost words are
 * as large as the first level's and keep most of the measure. Compounded, fifteen levels had been
 * 5 pt type a word a line. Both print engines, read back from the PDF (pdftotext -bbox).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { ROOT } from "../../../helpers/books.js";
import { words } from "./bbox-words.js";

const sentence = (depth: number): string => `Depth${depth} the committee met on Tuesday and agreed, after much discussion, that the budget would be revised in the spring.`;

it.each(["typst", "chromium"] as const)("keeps a quotation nested fifteen deep at its first level's size and most of the measure (%s)", async (pdfEngine) => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-nested-quotes-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Nested quotes\nauthors: Ada Writer\nlanguage: en\n");
  const body = `${sentence(0)} ${sentence(0)}`;
  writeFileSync(join(dir, "01-text.md"), ["# Thread", "", body, "", ...[1, 3, 15].flatMap((d) => [`${"> ".repeat(d)}${sentence(d)}`, ""])].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine });
  expect(report.ok).toBe(true);
  const all = words(join(out, "nested-quotes.pdf"));
  const lineOf = (marker: string) => {
    const first = all.find((w) => w.text === marker);
    if (!first) throw new Error(`${marker} not in the PDF`);
    return first;
  };
  const height = (w: { yMin: number; yMax: number }) => w.yMax - w.yMin;
  const body0 = lineOf("Depth0");
  const [one, three, fifteen] = [lineOf("Depth1"), lineOf("Depth3"), lineOf("Depth15")];
  // The same size at every level (the first level's, a little smaller than the text's).
  expect(height(fifteen)).toBeCloseTo(height(one), 1);
  expect(height(three)).toBeCloseTo(height(one), 1);
  expect(height(one)).toBeGreaterThan(0.85 * height(body0));
  // The words of the innermost quote's first line span at least half of the text's measure.
  const measure = Math.max(...all.filter((w) => Math.abs(w.yMin - body0.yMin) < 1).map((w) => w.xMax)) - body0.xMin;
  const inner = all.filter((w) => Math.abs(w.yMin - fifteen.yMin) < 1);
  expect(Math.max(...inner.map((w) => w.xMax)) - fifteen.xMin).toBeGreaterThan(0.5 * measure);
}, 120_000);

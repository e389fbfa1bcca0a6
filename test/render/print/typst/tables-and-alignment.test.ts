/**
 * A table column aligned right or centred in the Markdown (pandoc's simple and pipe tables) keeps
 * its alignment in print, and so does a raw-HTML paragraph centred or set right, as the HTML
 * editions show them; a table too wide for the measure is scaled to fit (typst) or set smaller
 * (Chromium) instead of its cells running into each other or its last columns being cut off. Read back from the PDF's text layer (pdftotext -bbox).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { ROOT } from "../../../helpers/books.js";
import { words, type Word } from "./bbox-words.js";

it("keeps right and centred table columns and paragraphs in the typst PDF", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-align-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Aligned\nauthors: Ada Writer\nlanguage: en\n");
  writeFileSync(join(dir, "01-text.md"), [
    "# Tables", "",
    "| Right | Left | Centre | Default |", "|------:|:-----|:------:|---------|", "| 12 | 12 | 12 | 12 |", "| 123 | 123 | 123 | 123 |", "| 1 | 1 | 1 | 1 |", "",
    "A paragraph of ordinary prose, long enough to wrap across more than a single line on the page, so its lines are justified to both edges.", "",
    '<p style="text-align: center">Finis</p>', "",
    '<p style="text-align: right">Signed, the author</p>', "",
  ].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const all = words(join(out, `${report.slug}.pdf`));
  const header = all.find((w) => w.text === "Right");
  expect(header).toBeDefined();
  // The three body rows, each four cells, left to right.
  const rows = [["12"], ["123"], ["1"]].map(([n]) => all.filter((w) => w.text === n && w.yMin > (header?.yMin ?? 0)).slice(0, 4));
  for (const r of rows) expect(r).toHaveLength(4);
  const column = (i: number) => rows.map((r) => r[i] as Word);
  const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
  expect(spread(column(0).map((w) => w.xMax))).toBeLessThan(0.5); // right: one right edge
  expect(spread(column(0).map((w) => w.xMin))).toBeGreaterThan(5);
  expect(spread(column(1).map((w) => w.xMin))).toBeLessThan(0.5); // left
  expect(spread(column(2).map((w) => (w.xMin + w.xMax) / 2))).toBeLessThan(0.5); // centred
  expect(spread(column(2).map((w) => w.xMin))).toBeGreaterThan(3);
  expect(spread(column(3).map((w) => w.xMin))).toBeLessThan(0.5); // default: start

  // The justified paragraph gives the text block's edges.
  const finis = all.find((w) => w.text === "Finis") as Word;
  const prose = all.filter((w) => w.yMin >= (all.find((x) => x.text === "paragraph")?.yMin ?? Infinity) && w.yMin < finis.yMin);
  expect(new Set(prose.map((w) => w.yMin)).size).toBeGreaterThan(1);
  const left = Math.min(...prose.map((w) => w.xMin));
  const right = Math.max(...prose.map((w) => w.xMax));
  // Within the few points a justified line's last comma or hyphen hangs into the margin.
  expect(Math.abs((finis.xMin + finis.xMax) / 2 - (left + right) / 2)).toBeLessThan(3);
  const author = all.find((w) => w.text === "author") as Word;
  expect(Math.abs(author.xMax - right)).toBeLessThan(4);
  expect(all.find((w) => w.text === "Signed,")?.xMin).toBeGreaterThan((left + right) / 2);
}, 120_000);

// The Chromium engine cannot scale a table to its measure: it sets a table of many columns smaller (templates/print.css).
it.each(["typst", "chromium"] as const)("%s: fits a table of figures too wide for the measure, its cells apart and inside the text block", async (engine) => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-wide-table-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Wide\nauthors: Ada Writer\nlanguage: en\n");
  const cols = 14;
  const rows = [0, 1, 2, 3].map((r) => `|${Array.from({ length: cols }, (_, i) => `${r * 7 + i},${String(i * 37).padStart(3, "0")}`).join("|")}|`);
  writeFileSync(join(dir, "01-text.md"), ["# Figures", "", "A paragraph before the table, long enough to fill a whole line of the page and show where the text block ends.", "", `|${Array.from({ length: cols }, (_, i) => `Year ${2000 + i}`).join("|")}|`, `|${"--:|".repeat(cols)}`, ...rows, ""].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: engine });
  expect(report.ok).toBe(true);
  const all = words(join(out, `${report.slug}.pdf`));
  const prose = all.filter((w) => w.yMin === all.find((x) => x.text === "before")?.yMin);
  const right = Math.max(...prose.map((w) => w.xMax));
  const figures = all.filter((w) => /^\d+,\d{3}$/.test(w.text));
  expect(figures).toHaveLength(cols * 4);
  for (const w of figures) expect(w.xMax).toBeLessThanOrEqual(right + 1);
  // Along each row, every figure ends before the next one starts.
  const lines = new Map<number, Word[]>();
  for (const w of figures) lines.set(Math.round(w.yMin), [...(lines.get(Math.round(w.yMin)) ?? []), w]);
  expect(lines.size).toBe(4);
  for (const line of lines.values()) {
    const sorted = [...line].sort((a, b) => a.xMin - b.xMin);
    for (let i = 1; i < sorted.length; i++) expect((sorted[i] as Word).xMin).toBeGreaterThan((sorted[i - 1] as Word).xMax + 1);
  }
}, 120_000);

// A five-column table of code and words (the Rustonomicon's PhantomData table, with pandoc's
// column widths): Chromium hyphenates or keeps words whole; only wide tables break anywhere.
it("chromium: a five-column table breaks no word without a hyphen", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-five-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Five\nauthors: T\nlanguage: en\n");
  const rows = ["T", "&'a T", "&'a mut T", "*const T", "*mut T", "fn(T)", "fn() -> T", "fn(T) -> T", "Cell<&'a ()>"];
  writeFileSync(join(dir, "01.md"), [
    "# Table", "",
    "| Phantom type                | variance of `'a` | variance of `T`   | `Send`/`Sync`<br/>(or lack thereof)       | dangling `'a` or `T` in drop glue<br/>(_e.g._, `#[may_dangle] Drop`) |",
    "|-----------------------------|:----------------:|:-----------------:|:-----------------------------------------:|:------------------------------------------------:|",
    ...rows.map((r) => `| \`PhantomData<${r}>\` | **cov**ariant | **contra**variant | \`Send + !Sync\` | disallowed |`), "",
  ].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "chromium" });
  expect(report.ok).toBe(true);
  const text = execFileSync("pdftotext", [join(out, `${report.slug}.pdf`), "-"], { encoding: "utf8" }).replace(/[\u2010-]\n/g, "");
  expect(text.match(/PhantomData/g)?.length).toBe(rows.length);
  expect(text.match(/covariant/g)?.length).toBe(rows.length);
  expect(text.match(/contravariant/g)?.length).toBe(rows.length);
}, 120_000);

it("gives a table the column widths the manuscript gives (a grid table's, a Word table's), as the HTML editions do (typst)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-widths-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Widths\nauthors: Ada Writer\nlanguage: en\n");
  // pandoc: a table 79 % of the measure wide, its columns 26 % and 52 % (a third and two thirds of it).
  const grid = ["+------------------+-------------------------------------+", "| Left             | Right                               |", "+==================+=====================================+", "| a                | b                                   |", "+------------------+-------------------------------------+"];
  const prose = "A paragraph of ordinary prose, long enough to wrap across more than a single line on the page, so its lines are justified to both edges.";
  writeFileSync(join(dir, "01-text.md"), ["# Tables", "", prose, "", ...grid, ""].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const all = words(join(out, `${report.slug}.pdf`));
  const first = all.find((w) => w.text === "A") as Word;
  const measure = Math.max(...all.filter((w) => Math.abs(w.yMin - first.yMin) < 1).map((w) => w.xMax)) - first.xMin;
  const left = all.find((w) => w.text === "Left") as Word;
  const right = all.find((w) => w.text === "Right") as Word;
  // The first column is a third of a table 79 % of the measure wide: ~26 % of the measure.
  expect((right.xMin - left.xMin) / measure).toBeGreaterThan(0.22);
  expect((right.xMin - left.xMin) / measure).toBeLessThan(0.3);
}, 60_000);

it("keeps a short table on one page, centred on the measure, wherever it falls (typst)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-short-table-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Short tables\nauthors: Ada Writer\nlanguage: en\n");
  // Chapters of 12 to 32 one-line paragraphs, each then a header and three rows: in some, the
  // table falls at the foot of a page (it had been split there, its header repeated). Each opens
  // with a justified paragraph whose first line spans the measure.
  const wide = "Measure this paragraph of ordinary prose, long enough to wrap across more than a single line on the page, so its first line is justified to both edges.";
  const line = "A line of prose, long enough to fill most of one line.";
  const chapters = Array.from({ length: 21 }, (_, i) => [`# Chapter ${i + 1}`, "", wide, "", ...Array.from({ length: 12 + i }, () => [line, ""]).flat(), "| Item | Price |", "|:--|--:|", `| H${i} | 1 |`, "| bread | 500 |", `| Z${i} | 3000 |`, ""]);
  writeFileSync(join(dir, "01-text.md"), chapters.flat().join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const pdf = join(out, `${report.slug}.pdf`);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf]).toString())?.[1]);
  const pageOf = new Map<string, number>();
  let centred = 0;
  for (let p = 1; p <= pages; p++) {
    const all = words(pdf, p);
    for (const w of all) if (/^[HZ]\d+$/.test(w.text)) pageOf.set(w.text, p);
    // On a page with both a table and a measure line: the table as far in from either side.
    const first = all.find((w) => w.text === "Measure");
    const item = all.find((w) => w.text === "Item");
    const price = all.find((w) => w.text === "Price");
    if (!first || !item || !price) continue;
    const right = Math.max(...all.filter((o) => Math.abs(o.yMin - first.yMin) < 1).map((o) => o.xMax));
    expect(Math.abs((item.xMin - first.xMin) - (right - price.xMax))).toBeLessThan(2);
    centred++;
  }
  expect(centred).toBeGreaterThan(3);
  for (let i = 0; i < 21; i++) expect(pageOf.get(`Z${i}`), `chapter ${i + 1}'s table`).toBe(pageOf.get(`H${i}`));
}, 120_000);

/**
 * A table column aligned right or centred in the Markdown (pandoc's simple and pipe tables) keeps
 * its alignment in print, and so does a raw-HTML paragraph centred or set right, as the HTML
 * editions show them. Read back from the PDF's text layer (pdftotext -bbox).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { ROOT } from "../../../helpers/books.js";

interface Word { text: string; xMin: number; xMax: number; yMin: number }

function words(pdf: string): Word[] {
  const xml = execFileSync("pdftotext", ["-bbox", pdf, "-"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ text: m[4] ?? "", xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]) }));
}

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

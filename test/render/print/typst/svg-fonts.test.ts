/**
 * An SVG figure set in PostScript's Times (graphviz's default, and the Rust book's figures) prints
 * in its metric twin, Liberation Serif (installed by `npm run setup`), so its words fit the boxes
 * the SVG drew for Times' widths; the book face, wider, ran out of them.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { svgWithMetricTwins } from "../../../../src/render/print/typst/svg-fonts.js";
import { ROOT } from "../../../helpers/books.js";

it("leads a core face's family list with its metric twin, in attributes, style attributes and <style>", () => {
  expect(svgWithMetricTwins('<text font-family="Times,serif">')).toBe('<text font-family="Liberation Serif, Times,serif">');
  expect(svgWithMetricTwins('<g style="font-family: Helvetica; font-size: 3px">')).toBe('<g style="font-family: Liberation Sans, Helvetica; font-size: 3px">');
  expect(svgWithMetricTwins("<style>text { font-family: Courier, monospace }</style>")).toBe("<style>text { font-family: Liberation Mono, Courier, monospace }</style>");
  expect(svgWithMetricTwins('<text font-family="Source Serif 4">')).toBe('<text font-family="Source Serif 4">');
});

it("prints a graphviz-style SVG's Times text in Liberation Serif, every word in the text layer", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-svg-fonts-"));
  mkdirSync(join(dir, "img"));
  writeFileSync(join(dir, "img", "box.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect x="8" y="5" width="60" height="25" fill="none" stroke="black"/><text x="10.68" y="22" font-family="Times,serif" font-size="14">capacity</text></svg>');
  writeFileSync(join(dir, "metadata.yaml"), "title: Figures\nauthors: Ada Writer\nlanguage: en\n");
  writeFileSync(join(dir, "01-text.md"), "# Figures\n\n![A box holding the word capacity](img/box.svg)\n");
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const pdf = join(out, `${report.slug}.pdf`);
  expect(execFileSync("pdffonts", [pdf]).toString()).toMatch(/LiberationSerif/);
  expect(execFileSync("pdftotext", [pdf, "-"]).toString()).toContain("capacity");
}, 120_000);

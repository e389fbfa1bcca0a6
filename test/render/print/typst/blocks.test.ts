/**
 * Block-level HTML as the typst PDF sets it, read back from the text layer (pdftotext -bbox):
 * inline raw HTML at the top level keeps its word spaces and its own line, a hard line break
 * starts the next line flush, lettered and roman lists keep their numbering, and a list stands a
 * line apart from the paragraph after it.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { ROOT } from "../../../helpers/books.js";
import { words, type Word } from "./bbox-words.js";

it("sets raw inline HTML, hard breaks, lettered lists and the space around lists as a browser or LaTeX would", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-blocks-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Blocks\nauthors: Ada Writer\nlanguage: en\n");
  writeFileSync(join(dir, "01-text.md"), [
    "# Blocks", "",
    "<span>one</span> <span>two</span>", "<div>three</div>", "",
    "Hard\\", "break.", "",
    "a. alpha", "b. beta", "",
    "Between the lists.", "",
    "iii. third", "iv. second", "",
    "After the list.", "",
  ].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const all = words(join(out, `${report.slug}.pdf`));
  const at = (text: string): Word => {
    const w = all.find((x) => x.text === text);
    if (!w) throw new Error(`"${text}" is not in the PDF's text layer`);
    return w;
  };
  const pitch = at("break.").yMin - at("Hard").yMin;
  expect(pitch).toBeGreaterThan(5);
  // "one two" on one line with a space (two words), "three" flush on the next.
  expect(at("two").yMin).toBe(at("one").yMin);
  expect(at("three").yMin).toBeCloseTo(at("one").yMin + pitch, 0);
  expect(at("three").xMin).toBeCloseTo(at("one").xMin, 1);
  // The line after a hard break starts where its first line does.
  expect(at("break.").xMin).toBeCloseTo(at("Hard").xMin, 1);
  // Each list keeps its own numbering.
  for (const marker of ["a.", "b.", "iii.", "iv."]) at(marker);
  expect(all.some((w) => w.text === "1." || w.text === "2.")).toBe(false);
  // A blank line (one pitch more) between the last item and the paragraph after the list.
  expect(at("After").yMin - at("second").yMin).toBeCloseTo(2 * pitch, 0);
}, 120_000);

/**
 * Code that typst cannot break at a space (a long hash, a path, a line of digits) must wrap inside
 * the text block, not run past the trim and be cut off on paper; ordinary code still wraps at its
 * spaces. Read back from the PDF's text layer (pdftotext -bbox).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { ROOT } from "../../../helpers/books.js";
import { words, type Word } from "./bbox-words.js";

it("wraps a run of code longer than a line inside the text block, in a code block and inline", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-long-code-"));
  const block = `AAAA${"0123456789".repeat(9)}ZZEND`;
  const inline = `BBBB${"0123456789".repeat(7)}YYEND`;
  writeFileSync(join(dir, "metadata.yaml"), "title: Code\nauthors: Ada Writer\nlanguage: en\n");
  writeFileSync(join(dir, "01-text.md"), [
    "# Code", "",
    "A paragraph of ordinary prose, long enough to wrap across more than a single line on the page, so its lines are justified to both edges.", "",
    "```", block, "let x = 1; // an ordinary line of code that is long enough to wrap at its spaces here", "```", "",
    `Inline \`${inline}\` code.`, "",
  ].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const all = words(join(out, `${report.slug}.pdf`));
  const prose = all.filter((w) => w.yMin === all.find((x) => x.text === "paragraph")?.yMin);
  const right = Math.max(...prose.map((w) => w.xMax));
  // Each run comes back whole, in pieces on consecutive lines, every piece inside the block.
  for (const [run, first, last] of [[block, "AAAA", "ZZEND"], [inline, "BBBB", "YYEND"]] as const) {
    const start = all.findIndex((w) => w.text.startsWith(first));
    const end = all.findIndex((w) => w.text.endsWith(last));
    expect(start).toBeGreaterThanOrEqual(0);
    const pieces = all.slice(start, end + 1);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.map((w) => w.text).join("")).toBe(run);
    for (const w of pieces) expect(w.xMax).toBeLessThanOrEqual(right + 1);
  }
  // Ordinary code breaks at a space: "its" ends a line, "spaces" starts the next.
  const its = all.find((w) => w.text === "its") as Word;
  const spaces = all.find((w) => w.text === "spaces") as Word;
  expect(spaces.yMin).toBeGreaterThan(its.yMin);
}, 120_000);

it("keeps short inline code whole, on the text's baseline: no line ends after its hyphens (`-f/--` | `from`)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-inline-code-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Code\nauthors: Ada Writer\nlanguage: en\n");
  // The same sentence with one more word each time, so the code falls at every place in a line.
  const paragraphs = Array.from({ length: 14 }, (_, i) => `${"word ".repeat(i)}The input format is given with the \`-f/--from\` option, and \`--syntax-highlighting\` or \`tex_math_dollars\` apply as written.`);
  writeFileSync(join(dir, "01-text.md"), ["# Code", "", ...paragraphs.flatMap((p) => [p, ""])].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const all = words(join(out, `${report.slug}.pdf`));
  const codes = all.filter((w) => w.text.startsWith("-f/--from") || w.text.startsWith("--syntax-highlighting"));
  expect(codes.length).toBe(28);
  // No piece of them ends a line: each comes back as one word.
  expect(all.filter((w) => /^(-f\/--?|--|--syntax-)$/.test(w.text))).toEqual([]);
  // The code sits on the line of the prose beside it (a box set on its bottom edge rode a fifth of a line high).
  for (const code of codes) {
    const before = all[all.indexOf(code) - 1] as Word;
    if (Math.abs(before.yMin - code.yMin) < 6) expect(Math.abs(before.yMax - code.yMax)).toBeLessThan(1.5);
  }
}, 120_000);

it("continues a wrapped code line under its own text, past its indent, and keeps every line on the code's pitch", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-code-hang-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Code\nauthors: Ada Writer\nlanguage: en\n");
  writeFileSync(join(dir, "01-text.md"), [
    "# Code", "",
    "```",
    "fn main() {",
    "    let total = first_value_of_the_series + second_value_of_the_series + third_value_of_the_series;",
    "",
    "    println!(\"{}\", total);",
    "}",
    "```", "",
  ].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const all = words(join(out, `${report.slug}.pdf`));
  const at = (text: string) => all.find((w) => w.text === text) as Word;
  const fn = at("fn");
  const let_ = at("let");
  const third = at("third_value_of_the_series;");
  // The long line wrapped: its last word is on a line of its own below "let".
  expect(third.yMin).toBeGreaterThan(let_.yMin + 1);
  // Each continuation line starts right of the line's own text ("let", indented four), not at the margin.
  const lineStarts = [...new Set(all.filter((w) => w.yMin > let_.yMin + 1 && w.yMin <= third.yMin).map((w) => w.yMin))].map((y) => Math.min(...all.filter((w) => w.yMin === y).map((w) => w.xMin)));
  expect(lineStarts.length).toBeGreaterThan(0);
  const char = (let_.xMax - let_.xMin) / 3;
  for (const x of lineStarts) expect(x).toBeGreaterThan(let_.xMin + char);
  // The lines keep one pitch: fn → let is one, and println sits two below the long line's last (the blank line kept).
  const pitch = let_.yMin - fn.yMin;
  const println = all.find((w) => w.text.startsWith("println!")) as Word;
  expect(println.yMin - third.yMin).toBeCloseTo(2 * pitch, 0);
  expect(at("}").yMin - println.yMin).toBeCloseTo(pitch, 0);
}, 120_000);

it("breaks short inline code of several words at its spaces only, so a command never stretches a whole line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-inline-spaces-"));
  writeFileSync(join(dir, "metadata.yaml"), "title: Code\nauthors: Ada Writer\nlanguage: en\n");
  // The command falls at every place in a line, so some copies of it reach a line's end.
  const paragraphs = Array.from({ length: 14 }, (_, i) => `${"word ".repeat(i)}To locate a file by name in the current directory, \`find . -iname some-thing.txt\` (or similar) is the way.`);
  writeFileSync(join(dir, "01-text.md"), ["# Code", "", ...paragraphs.flatMap((p) => [p, ""])].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const all = words(join(out, `${report.slug}.pdf`));
  const finds = all.flatMap((w, i) => (w.text === "find" ? [i] : []));
  expect(finds.length).toBe(14);
  let broken = 0;
  for (const i of finds) {
    const [find, dot, iname, pattern] = all.slice(i, i + 4) as [Word, Word, Word, Word];
    // Every piece comes back whole: no line ends after "-" or inside the pattern's hyphen.
    expect([dot.text, iname.text, pattern.text]).toEqual([".", "-iname", "some-thing.txt"]);
    if (pattern.yMin > find.yMin + 1) broken++;
  }
  // Some copies went over a line end, at a space between the pieces.
  expect(broken).toBeGreaterThan(0);
}, 120_000);

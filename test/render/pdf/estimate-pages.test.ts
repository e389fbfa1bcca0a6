/**
 * The page-count guess that picks the first pass's gutter (src/render/estimate-pages.ts): near the
 * real count, so a long book is typeset once, not twice, and proportional to the trim. Checked
 * against what typst really sets, for prose, and for a manual of code, tables and option lists
 * (pandoc's manual had been guessed at half its pages from its words).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { estimatePages } from "../../../src/render/pdf/index.js";
import { renderTypst } from "../../../src/render/print/typst/index.js";
import { CORPUS_DIR, fixtureBook, seedBook, SEED_DIR } from "../../helpers/books.js";

/** A manual: sections of option lists, 30-line code examples and 40-row tables, little prose. */
function manualDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "imprint-estimate-"));
  writeFileSync(join(dir, "metadata.yaml"), 'title: "A manual"\nauthors: ["A. Writer"]\nlanguage: en\n');
  const chapter = (n: number): string => {
    const code = Array.from({ length: 30 }, (_, i) => `  option_${n}_${i} = compute(${i}, "a value that makes the line longer than most")`).join("\n");
    const rows = Array.from({ length: 40 }, (_, i) => `| \`--flag-${i}\` | ${i} | What the flag ${i} does, briefly. |`).join("\n");
    const options = Array.from({ length: 12 }, (_, i) => `\`--option-${i}\`\n:   Sets option ${i} for the run.`).join("\n\n");
    return `# Chapter ${n}\n\nA short introduction to the chapter's commands.\n\n\`\`\`\n${code}\n\`\`\`\n\n| Flag | Value | Meaning |\n| --- | --- | --- |\n${rows}\n\n${options}\n`;
  };
  for (let n = 1; n <= 6; n++) writeFileSync(join(dir, `${String(n).padStart(2, "0")}-chapter.md`), chapter(n));
  return dir;
}

describe("estimatePages", () => {
  it("shrinks with a larger trim", async () => {
    const book = await seedBook();
    const letter = await seedBook({ print: { trim: { name: "letter", widthMm: 215.9, heightMm: 279.4 } } });
    expect(estimatePages({ book: letter })).toBeLessThan(estimatePages({ book }));
  });

  it.each([
    ["the seed", SEED_DIR],
    ["an essay", `${CORPUS_DIR}/civil-disobedience`],
    ["a pamphlet in chapters", `${CORPUS_DIR}/communist-manifesto`],
    ["a manual of code, tables and option lists", "manual"],
  ])("guesses %s within a fifth of the pages typst sets", async (_name, dir) => {
    const { book, templates } = await fixtureBook(dir === "manual" ? manualDir() : dir);
    const guess = estimatePages({ book });
    const { pageCount } = await renderTypst({ book, templates });
    expect(Math.abs(guess - pageCount) / pageCount, `guessed ${guess}, typst set ${pageCount}`).toBeLessThanOrEqual(0.2);
  }, 60_000);
});

/**
 * The typst engine on every kind of block (verse, figure, quotation, rule, notes, other scripts and
 * emoji), notes at the foot of the page (print.notes: footnotes), and choosing the engine from
 * metadata.yaml and from the command line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { parseMetadata } from "../../../../src/load/metadata.js";
import { DEFAULT_PRINT_ENGINE, PRINT_ENGINE_NAMES, printEngineFor } from "../../../../src/render/print/engine.js";
import { renderTypst } from "../../../../src/render/print/typst/index.js";
import { createTemplates } from "../../../../src/render/templates.js";
import { booksFixture, featuresBook, ROOT, seedBook } from "../../../helpers/books.js";
import { boxes } from "../../pdf/pdf-inspect.js";
import { runCli } from "../../../cli/run.js";
import { pageText, scratch, tool } from "../../pdf/helpers.js";
import { words } from "./bbox-words.js";

const templates = createTemplates();

/** A one-file book's typst PDF: its path, and the words (with boxes) of the first page holding `word`. */
async function typstPageWith({ metadata, text, word }: { metadata: string; text: string; word: string }): Promise<{ pdf: string; onPage: ReturnType<typeof words> }> {
  const dir = mkdtempSync(join(tmpdir(), "imprint-typst-page-"));
  writeFileSync(join(dir, "metadata.yaml"), metadata);
  writeFileSync(join(dir, "01.md"), text);
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const pdf = join(out, `${report.slug}.pdf`);
  const page = Array.from({ length: report.pageCount ?? 0 }, (_, i) => i + 1).find((n) => tool("pdftotext", ["-f", String(n), "-l", String(n), pdf, "-"]).includes(word));
  expect(page, word).toBeDefined();
  return { pdf, onPage: words(pdf, page) };
}

const text = (file: string): string => tool("pdftotext", [file, "-"]).replace(/\u00ad\n/g, "");

describe("the typst engine's blocks and scripts", () => {
  it("sets verse line for line, keeps every script's text, and uses Type 3 only for colour emoji", async () => {
    const result = await renderTypst({ book: await featuresBook(), templates });
    expect(result.diagnostics).toEqual([]);
    const file = scratch("typst-features.pdf", result.artifacts[0]!.bytes);
    const all = text(file);
    for (const words of ["Ἄνδρα μοι", "Война и мир", "中文", "日本語", "A red rectangle on white", "A block quotation of one paragraph", "The first note, with emphasis."]) expect(all).toContain(words);
    const layout = tool("pdftotext", ["-layout", file, "-"]).split("\n").map((l) => l.trim());
    expect(layout).toContain("The first line of a verse");
    expect(layout.some((l) => l.startsWith("an indented second line"))).toBe(true);
    const fonts = tool("pdffonts", [file]).split("\n").slice(2).filter(Boolean);
    const type3 = fonts.filter((f) => /Type 3/.test(f));
    expect(type3.length).toBeLessThanOrEqual(1);
    expect(fonts.filter((f) => /SourceSerif4|NotoSerif|NotoNaskh/.test(f)).every((f) => /CID/.test(f))).toBe(true);
  });

  it("binds a right-to-left book on the right: its rectos bleed on the left", async () => {
    const result = await renderTypst({ book: await booksFixture("rtl-arabic", { print: { bleed: true } }), templates });
    expect(result.diagnostics).toEqual([]);
    const bytes = result.artifacts[0]!.bytes;
    expect((await boxes(bytes, 0)).trim).toEqual([9, 9, 441, 657]);
    expect((await boxes(bytes, 1)).trim).toEqual([0, 9, 432, 657]);
    expect(text(scratch("typst-rtl.pdf", bytes))).toContain("المحتويات");
  });

  it("runs every contents line of a right-to-left book right to left, a Latin title's too", async () => {
    const { onPage } = await typstPageWith({ metadata: "title: كتاب\nlanguage: ar\n", text: "# Python\n\nنص.\n\n# مقدمة\n\nنص.\n", word: "Python" });
    const title = onPage.find((w) => w.text.includes("Python"));
    // The number on the title's line: the only word of digits within a point of its baseline.
    const number = onPage.find((w) => /^\d+$/.test(w.text) && title && Math.abs(w.yMin - title.yMin) < 3);
    expect(title && number).toBeTruthy();
    expect((number as { xMax: number }).xMax).toBeLessThan((title as { xMin: number }).xMin);
  });

  it("sets code at 0.875em of the text, as the stylesheets do (typst's own 0.8em made it 7.5 pt in 11 pt text)", async () => {
    const { onPage } = await typstPageWith({ metadata: "title: Code\nlanguage: en\n", text: "# Code\n\nText with `inlineword` in it.\n\n```js\nfunction add(a, b) {\n  return a + b;\n}\n```\n", word: "function" });
    // Noto Sans Mono advances 0.6 em a character: a word's width gives its size.
    const size = (text: string): number => {
      const w = onPage.find((x) => x.text === text);
      expect(w, text).toBeDefined();
      return (w!.xMax - w!.xMin) / text.length / 0.6;
    };
    for (const text of ["function", "inlineword"]) expect(size(text)).toBeCloseTo(0.875 * 11, 0);
  });

  it("keeps a table's caption on the page its table starts on", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imprint-caption-"));
    writeFileSync(join(dir, "metadata.yaml"), "title: Tables\nauthors: T\nlanguage: en\n");
    // Enough text that the caption is the last line of page 5 unless it sticks to its table.
    const filler = Array.from({ length: 13 }, (_, i) => `Para ${i} ${"word ".repeat(40).trim()}`).join("\n\n");
    writeFileSync(join(dir, "01.md"), `# One\n\n${filler}\n\nShort line.\n\n: Fruit prices\n\n| Fruit  | Price |\n|:-------|------:|\n| Apple  | $1.34 |\n| Banana | $0.50 |\n| Cherry | $0.70 |\n\nAfter.\n`);
    const out = join(dir, "out");
    const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
    expect(report.ok).toBe(true);
    const pdf = join(out, `${report.slug}.pdf`);
    const pages = Array.from({ length: report.pageCount ?? 0 }, (_, i) => tool("pdftotext", ["-f", String(i + 1), "-l", String(i + 1), pdf, "-"]));
    const captionPage = pages.findIndex((p) => p.includes("Fruit prices"));
    expect(captionPage).toBeGreaterThan(0);
    expect(pages.findIndex((p) => p.includes("Apple"))).toBe(captionPage);
  });

  it("sets notes at the foot of the page with print.notes: footnotes", async () => {
    const book = await featuresBook({ print: { notes: "footnotes" } });
    const result = await renderTypst({ book, templates });
    expect(result.diagnostics).toEqual([]);
    const file = scratch("typst-footnotes.pdf", result.artifacts[0]!.bytes);
    const opener = Number(result.pageStarts.find((s) => s.blockId === book.sections[0]!.blocks[0]!.id)!.page);
    const page = pageText(file, opener);
    expect(page).toContain("a heading should not be.");
    expect(page).toContain("The first note, with emphasis.");
    // The note runs on after its number, on the same line ("1The first note…" in the text layer).
    expect(page).toMatch(/^\s*\S{1,3} ?The first note, with emphasis\./m);
    expect(text(file)).not.toMatch(/^Notes$/m);
    // With endnotes (the default) the note waits for the end of its section, under "Notes".
    const endnotes = await renderTypst({ book: await featuresBook(), templates });
    expect(text(scratch("typst-endnotes.pdf", endnotes.artifacts[0]!.bytes))).toMatch(/^Notes$/m);
  });
});

describe("choosing the print engine", () => {
  it("reads print.engine and print.notes from metadata.yaml, and refuses other values naming what is valid", () => {
    const ok = parseMetadata({ text: "title: T\nlanguage: en\nprint:\n  engine: typst\n  notes: footnotes\n", file: "metadata.yaml" });
    expect(ok.value?.metadata.print).toMatchObject({ engine: "typst", notes: "footnotes" });
    const plain = parseMetadata({ text: "title: T\nlanguage: en\n", file: "metadata.yaml" });
    expect(plain.value?.metadata.print.engine).toBeUndefined();
    expect(plain.value?.metadata.print.notes).toBe("endnotes");
    const bad = parseMetadata({ text: "title: T\nlanguage: en\nprint:\n  engine: latex\n", file: "metadata.yaml" });
    expect(bad.diagnostics[0]).toMatchObject({ code: "meta/field", line: 4, field: "print.engine" });
    expect(bad.diagnostics[0]!.message).toContain("engine must be typst or chromium");
  });

  it("takes the command line's engine first, then the book's, then the default", async () => {
    const book = await seedBook();
    expect(PRINT_ENGINE_NAMES).toEqual(expect.arrayContaining(["typst", "chromium"]));
    expect(printEngineFor({ book })).toBe(DEFAULT_PRINT_ENGINE);
    book.metadata.print.engine = "typst";
    expect(printEngineFor({ book })).toBe("typst");
    expect(printEngineFor({ requested: "chromium", book })).toBe("chromium");
  });

  it("builds the PDF with typst when metadata.yaml asks for it, without a browser", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imprint-typst-build-"));
    writeFileSync(join(dir, "metadata.yaml"), "title: Typst book\nlanguage: en\nprint:\n  engine: typst\n");
    writeFileSync(join(dir, "01-text.md"), "# One\n\nA paragraph.\n");
    const out = join(dir, "dist");
    const report = await build({ dir, out, formats: ["pdf"], cwd: ROOT, env: { PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chromium" } });
    expect(report.diagnostics).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.browser).toBeUndefined();
    expect(tool("pdfinfo", [join(out, "typst-book.pdf")])).toMatch(/Producer:\s+imprint .*typst/);
  });

  it("takes --pdf-engine typst on the command line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imprint-typst-cli-"));
    writeFileSync(join(dir, "metadata.yaml"), "title: Cli book\nlanguage: en\n");
    writeFileSync(join(dir, "01-text.md"), "A paragraph.\n");
    const out = join(dir, "dist");
    const run = await runCli(["build", dir, "--out", out, "--formats", "pdf", "--pdf-engine", "typst", "--quiet"]);
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    const pdf = readFileSync(join(out, "cli-book.pdf"));
    expect(tool("pdfinfo", [scratch("typst-cli.pdf", pdf)])).toMatch(/Producer:\s+imprint .*typst/);
    const usage = await runCli(["build", dir, "--pdf-engine", "latex"]);
    expect(usage.code).toBe(2);
  });
});

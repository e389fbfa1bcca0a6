import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createNativePandoc } from "../../src/convert/native.js";
import { createWasmPandoc } from "../../src/convert/wasm.js";
import { escapeMarkdownLine } from "../../src/import/escape-markdown.js";
import { importManuscript } from "../../src/import/index.js";
import { isHeadingText } from "../../src/import/plain-text.js";
import { parseMetadata } from "../../src/load/metadata.js";
import { htmlBlocks, nativeHtml, nativePandocAvailable, wasmHtml } from "./pandoc-both.js";
import { SEED_TEXT } from "../fixtures/paths.js";

const FIXTURE = "test/fixtures/import-plain";
const SEED = SEED_TEXT;
const temp = (): string => mkdtempSync(join(tmpdir(), "imprint-import-"));

describe("importManuscript: plain text", () => {
  it("makes metadata.yaml, editorial-note.md and 01-text.md with headings by the rule", async () => {
    const out = join(temp(), "ms");
    const result = await importManuscript({ file: `${FIXTURE}/article.txt`, outDir: out, editorialNote: "first" });
    expect(result.diagnostics).toEqual([]);
    expect(result.value?.files.map((f) => f.slice(out.length + 1)).sort()).toEqual(["01-text.md", "editorial-note.md", "metadata.yaml"]);
    expect(readFileSync(join(out, "editorial-note.md"), "utf8")).toBe("The Editor says: this is reprinted.\n");
    expect(readFileSync(join(out, "01-text.md"), "utf8")).toBe(
      "## A Short Heading\n\nFirst paragraph with \\*stars\\*, “quotes” and 1. a number.\n\n## 1\\. Not a list\n\nIs this a question?\n\n## The End\n",
    );
    const meta = parseMetadata({ text: readFileSync(join(out, "metadata.yaml"), "utf8"), file: "metadata.yaml" });
    expect(meta.diagnostics).toEqual([]);
    expect(meta.value).toBeDefined();
    expect(readFileSync(join(out, "metadata.yaml"), "utf8")).toContain('title: "A Short Heading"');
  });

  it("without --editorial-note first, the first line is text", async () => {
    const out = join(temp(), "ms");
    const result = await importManuscript({ file: `${FIXTURE}/article.txt`, outDir: out });
    expect(result.diagnostics).toEqual([]);
    expect(existsSync(join(out, "editorial-note.md"))).toBe(false);
    expect(readFileSync(join(out, "01-text.md"), "utf8")).toMatch(/^The Editor says: this is reprinted\.\n\n## A Short Heading\n/);
  });

  it("refuses to overwrite a manuscript unless forced", async () => {
    const out = join(temp(), "ms");
    await importManuscript({ file: `${FIXTURE}/article.txt`, outDir: out });
    writeFileSync(join(out, "01-text.md"), "edited by hand\n");
    const again = await importManuscript({ file: `${FIXTURE}/article.txt`, outDir: out });
    expect(again.value).toBeUndefined();
    expect(again.diagnostics.map((d) => d.code)).toEqual(["import/exists"]);
    expect(readFileSync(join(out, "01-text.md"), "utf8")).toBe("edited by hand\n");
    const forced = await importManuscript({ file: `${FIXTURE}/article.txt`, outDir: out, force: true });
    expect(forced.diagnostics).toEqual([]);
    expect(readFileSync(join(out, "01-text.md"), "utf8")).not.toBe("edited by hand\n");
  });

  it("rejects invalid UTF-8, naming file, line and column", async () => {
    const out = join(temp(), "ms");
    const result = await importManuscript({ file: `${FIXTURE}/latin1.txt`, outDir: out });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toMatchObject([{ code: "load/encoding", file: `${FIXTURE}/latin1.txt`, line: 1, column: 4, severity: "error" }]);
    expect(existsSync(out)).toBe(false);
  });

  it("rejects an unsupported extension, listing what is supported", async () => {
    const result = await importManuscript({ file: `${FIXTURE}/book.pdf`, outDir: join(temp(), "ms") });
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]?.code).toBe("import/unsupported");
    expect(result.diagnostics[0]?.message).toContain(".txt, .text, .md, .markdown, .docx, .odt");
  });

  it("a missing file is load/unreadable", async () => {
    const result = await importManuscript({ file: `${FIXTURE}/nope.txt`, outDir: join(temp(), "ms") });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["load/unreadable"]);
  });

  it("the heading rule: short, a letter, no closing punctuation", () => {
    expect(isHeadingText("Interference of the regional ultraright")).toBe(true);
    expect(isHeadingText("A cyberattack")).toBe(true);
    expect(isHeadingText("July 31, 2024.")).toBe(false);
    expect(isHeadingText("Why now?")).toBe(false);
    expect(isHeadingText("“A quoted title”")).toBe(false);
    expect(isHeadingText("* * *")).toBe(false);
    expect(isHeadingText("one two three four five six seven eight nine ten eleven twelve thirteen")).toBe(false);
    expect(isHeadingText("x".repeat(81))).toBe(false);
  });
});

// Re-importing the seed byte for byte is a golden test: test/import/golden.test.ts.
describe("the repository's manuscript is the seed, imported", () => {
  it("its four headings are the seed's lines 9, 20, 30 and 44", () => {
    const text = readFileSync("manuscript/01-text.md", "utf8");
    expect(text.split("\n").filter((l) => l.startsWith("## "))).toEqual([
      "## Interference of the regional ultraright",
      "## Migratory, energetic and diplomatic challenges",
      "## A cyberattack",
      "## Transparency of the electoral process",
    ]);
  });

  it.each([
    ["native", (md: string) => Promise.resolve(nativeHtml(md))],
    ["wasm", wasmHtml],
  ] as const)("through %s pandoc, every seed line comes back as written", async (name, html) => {
    if (name === "native" && !nativePandocAvailable()) return;
    const seed = readFileSync(SEED, "utf8").split("\n").filter((l) => l.trim() !== "");
    const note = htmlBlocks(await html(readFileSync("manuscript/editorial-note.md", "utf8")));
    const text = htmlBlocks(await html(readFileSync("manuscript/01-text.md", "utf8")));
    expect([...note, ...text].map((b) => b.text.replace(/\n/g, " "))).toEqual(seed);
    expect(text.filter((b) => b.tag === "h2")).toHaveLength(4);
  });
});

describe("importManuscript: Markdown and word processors", () => {
  it("copies Markdown as written, moving a YAML block's title into metadata.yaml", async () => {
    const dir = temp();
    writeFileSync(join(dir, "essay.md"), '---\ntitle: "On *Things*: 2"\nlang: fr\nauthor: X\n---\n\n# Heading\n\nText with *emphasis* and "quotes".\n');
    const out = join(dir, "ms");
    const result = await importManuscript({ file: join(dir, "essay.md"), outDir: out });
    expect(result.diagnostics).toEqual([]);
    expect(readFileSync(join(out, "01-text.md"), "utf8")).toBe('# Heading\n\nText with *emphasis* and "quotes".\n');
    const yaml = readFileSync(join(out, "metadata.yaml"), "utf8");
    expect(yaml).toContain('title: "On *Things*: 2"');
    expect(yaml).toContain('language: "fr"');
    expect(parseMetadata({ text: yaml, file: "metadata.yaml" }).diagnostics).toEqual([]);
  });

  it.skipIf(!nativePandocAvailable())("imports a .docx through pandoc, images extracted into images/", async () => {
    const dir = temp();
    // A real .docx made by pandoc itself from Markdown with an image.
    writeFileSync(join(dir, "red.png"), Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAwMAAAB8AAnOTg5wAAAAASUVORK5CYII=", "base64"));
    writeFileSync(join(dir, "in.md"), "# Report\n\nHe said “yes” and it’s \\$5.\n\n![Red square](red.png)\n");
    execFileSync("pandoc", ["-f", "markdown", "-o", "in.docx", "in.md"], { cwd: dir });
    const pandoc = await createNativePandoc();
    const out = join(dir, "ms");
    const result = await importManuscript({ file: join(dir, "in.docx"), outDir: out, pandoc });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const images = readdirSync(join(out, "images"));
    expect(images).toHaveLength(1);
    const md = readFileSync(join(out, "01-text.md"), "utf8");
    expect(md).toContain(`](images/${images[0]}`);
    expect(readFileSync(join(out, "metadata.yaml"), "utf8")).toContain('title: "Report"');
    const blocks = htmlBlocks(nativeHtml(md));
    expect(blocks[1]?.text).toBe("He said “yes” and it’s $5.");
  });

  it.skipIf(!nativePandocAvailable())("an .odt named .docx (or a .docx named .odt) is refused saying what it is and how to rename it", async () => {
    const dir = temp();
    writeFileSync(join(dir, "in.md"), "# Report\n\nText.\n");
    execFileSync("pandoc", ["-f", "markdown", "-o", "real.odt", "in.md"], { cwd: dir });
    execFileSync("pandoc", ["-f", "markdown", "-o", "real.docx", "in.md"], { cwd: dir });
    renameSync(join(dir, "real.odt"), join(dir, "odt.docx"));
    renameSync(join(dir, "real.docx"), join(dir, "docx.odt"));
    const pandoc = await createNativePandoc();
    const a = await importManuscript({ file: join(dir, "odt.docx"), outDir: join(dir, "a"), pandoc });
    expect(a.diagnostics.map((d) => [d.code, d.message])).toEqual([["load/unreadable", "the file is not a valid .docx (it is an OpenDocument text (.odt) named .docx; rename it .odt and import it again)"]]);
    const b = await importManuscript({ file: join(dir, "docx.odt"), outDir: join(dir, "b"), pandoc });
    expect(b.diagnostics[0]?.message).toContain("it is a Word document (.docx) named .odt; rename it .docx");
    expect(existsSync(join(dir, "a"))).toBe(false);
  });

  it.skipIf(!nativePandocAvailable())("a .docx whose stated language its text plainly is not gets the text's, with a warning and a comment", async () => {
    const dir = temp();
    const text = "The quick brown fox jumps over the lazy dog while the committee debates the budget for the next fiscal year, and everyone in the village waits for the decision. ".repeat(6);
    writeFileSync(join(dir, "in.md"), `# A report\n\n${text}\n`);
    execFileSync("pandoc", ["-f", "markdown", "-o", "in.docx", "in.md", "-M", "lang=ru-RU"], { cwd: dir });
    const pandoc = await createNativePandoc();
    const out = join(dir, "ms");
    const result = await importManuscript({ file: join(dir, "in.docx"), outDir: out, pandoc });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.field])).toEqual([["import/metadata", "warning", "language"]]);
    expect(readFileSync(join(out, "metadata.yaml"), "utf8")).toMatch(/^language: "en" # the document says "ru-RU"/m);
  });

  it.skipIf(!nativePandocAvailable())("a .docx of the seed and of tricky text comes back character for character (both pandocs)", async () => {
    const dir = temp();
    const seed = readFileSync(SEED, "utf8").split("\n").filter((l) => l.trim() !== "");
    const tricky = ["Ph.D. in and Mr. Smith", "a “b … ” c", "Uruguay -– that", "‘open single", "\"straight\" it's", "1. not a list", "$5 *x* [y] <z> @w", "--- and ...", "# hash"];
    const lines = [...seed, ...tricky];
    writeFileSync(join(dir, "in.md"), lines.map(escapeMarkdownLine).join("\n\n") + "\n");
    execFileSync("pandoc", ["-f", "markdown", "-o", "in.docx", "in.md"], { cwd: dir });
    execFileSync("pandoc", ["-f", "markdown", "-o", "in.odt", "in.md"], { cwd: dir });
    const backends = [await createNativePandoc(), await createWasmPandoc()];
    try {
      for (const pandoc of backends) {
        for (const ext of ["docx", "odt"]) {
          const out = join(dir, `ms-${pandoc.name}-${ext}`);
          const result = await importManuscript({ file: join(dir, `in.${ext}`), outDir: out, pandoc });
          expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
          const md = readFileSync(join(out, "01-text.md"), "utf8");
          for (const html of [nativeHtml(md), await wasmHtml(md)]) {
            expect({ backend: pandoc.name, ext, text: htmlBlocks(html).map((b) => b.text.replace(/\n/g, " ")) }).toEqual({ backend: pandoc.name, ext, text: lines });
          }
        }
      }
    } finally {
      for (const b of backends) await b.close();
    }
  });

  it("--editorial-note first takes a Markdown file's first paragraph, and warns when it is a heading", async () => {
    const dir = temp();
    writeFileSync(join(dir, "a.md"), "The editors say *this*.\n\n## Part\n\nText.\n");
    const out = join(dir, "ms");
    expect((await importManuscript({ file: join(dir, "a.md"), outDir: out, editorialNote: "first" })).diagnostics).toEqual([]);
    expect(readFileSync(join(out, "editorial-note.md"), "utf8")).toBe("The editors say *this*.\n");
    expect(readFileSync(join(out, "01-text.md"), "utf8")).toBe("## Part\n\nText.\n");
    writeFileSync(join(dir, "b.md"), "# Title\n\nText.\n");
    const b = await importManuscript({ file: join(dir, "b.md"), outDir: join(dir, "ms-b"), editorialNote: "first" });
    expect(b.diagnostics.map((d) => d.code)).toEqual(["import/editorial-note"]);
    expect(existsSync(join(dir, "ms-b", "editorial-note.md"))).toBe(false);
  });

  it("a .docx without a pandoc backend is convert/pandoc-missing", async () => {
    const dir = temp();
    writeFileSync(join(dir, "x.docx"), "not really");
    const result = await importManuscript({ file: join(dir, "x.docx"), outDir: join(dir, "ms") });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["convert/pandoc-missing"]);
  });
});

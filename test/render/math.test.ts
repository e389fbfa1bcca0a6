/**
 * TeX math in every edition (test/fixtures/books/math): pandoc's MathML reaches the EPUB (marked
 * `mathml`, with the math face and the MathML accessibility feature, clean in EPUBCheck, epubcheck-ts
 * and Ace), the HTML edition (math face inlined; Chromium lays the formulas out as math), and the
 * typst PDF, where templates/typst/math.typ sets them in STIX Two Math as typst math: no TeX source
 * reaches any page, a displayed formula is centred on a line of its own.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { Font } from "fonteditor-core";
import { renderEpub } from "../../src/render/epub/index.js";
import { renderHtml } from "../../src/render/html/index.js";
import { renderTypst } from "../../src/render/print/typst/index.js";
import { createTemplates } from "../../src/render/templates.js";
import { booksFixture } from "../helpers/books.js";
import { expectAllChecksClean, openEpub } from "./epub/inspect.js";
import { scratch, tool } from "./pdf/helpers.js";
import { words } from "./print/typst/bbox-words.js";
import puppeteer from "puppeteer";
import { BROWSER } from "./test-browser.js";

/** A fresh page in real Chromium for `use`, closed after. */
async function withPage(use: (page: import("puppeteer").Page) => Promise<void>): Promise<void> {
  const browser = await puppeteer.launch({ executablePath: BROWSER, headless: true, args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-gpu"] });
  try {
    await use(await browser.newPage());
  } finally {
    await browser.close();
  }
}

const templates = createTemplates();
const TEX = /\\(frac|sqrt|int|sum|begin|hat|mathbb|sin)\b/;

describe("TeX math", () => {
  it("is MathML in the EPUB: the documents that hold it say so, the math face travels with it, and every checker is silent", async () => {
    const book = await booksFixture("math");
    const epub = await openEpub(await renderEpub({ book, templates }));
    const opf = await epub.text("EPUB/package.opf");
    const section = /<item [^>]*href="s1\.xhtml"[^>]*>/.exec(opf)?.[0] ?? "";
    expect(section).toMatch(/properties="[^"]*\bmathml\b/);
    // The contents list the heading with its formula: the navigation document holds MathML too.
    expect(opf).toMatch(/href="nav\.xhtml"[^>]*properties="nav mathml"/);
    expect(opf).not.toMatch(/href="title-page\.xhtml"[^>]*mathml/);
    expect(opf).toMatch(/<meta property="schema:accessibilityFeature">MathML<\/meta>/);
    // The math face travels cut to the formulas' characters (and the italic letters a reading
    // system shows for them), its MATH table kept: under 100 kB, not the whole face's 730.
    expect(opf).toMatch(/href="fonts\/stix-two-math\.ttf" media-type="font\/ttf"/);
    const face = await epub.bytesOf("EPUB/fonts/stix-two-math.ttf");
    expect(face.byteLength).toBeLessThan(100_000);
    const font = Font.create(Buffer.from(face), { type: "ttf" }).get();
    const tables = Buffer.from(face.subarray(12, 12 + 16 * new DataView(face.buffer, face.byteOffset).getUint16(4))).toString("latin1");
    expect(tables).toContain("MATH");
    for (const ch of ["∫", "∑", "√", "±", "𝑥", "𝛼", "ℝ", "{"]) expect(font.cmap[ch.codePointAt(0)!], ch).toBeDefined();
    expect(font.cmap["中".codePointAt(0)!]).toBeUndefined();
    const xhtml = await epub.text("EPUB/s1.xhtml");
    expect(xhtml).toContain('<math display="block" xmlns="http://www.w3.org/1998/Math/MathML">');
    expect(xhtml).toMatch(/<mfrac>/);
    // The TeX source stays, for assistive technology, as the formula's annotation.
    expect(xhtml).toContain('<annotation encoding="application/x-tex">\\int_0^\\infty');
    expect(await epub.text("EPUB/css/book.css")).toMatch(/font-family: "STIX Two Math"/);
    // A contents panel shows a link's plain text: the formula's, not its TeX annotation too.
    const nav = await epub.text("EPUB/nav.xhtml");
    const link = /<a [^>]*>Why <math[\s\S]*?<\/a>/.exec(nav)?.[0] ?? "";
    expect(link).toContain("<msqrt>");
    expect(link.replace(/<[^>]+>/g, "")).toBe("Why 2 is irrational");
    await expectAllChecksClean(epub.bytes, "math.epub");
  });

  it("carries no math face in a book without formulas", async () => {
    const epub = await openEpub(await renderEpub({ book: await booksFixture("article"), templates }));
    expect(epub.names.some((n) => n.includes("stix"))).toBe(false);
    expect(await epub.text("EPUB/package.opf")).not.toMatch(/mathml|>MathML</);
  });

  it.skipIf(!BROWSER)("is laid out as math by Chromium in the HTML edition, in the inlined math face (skipped: no Chromium found)", async () => {
    const result = await renderHtml({ book: await booksFixture("math"), templates });
    const html = new TextDecoder().decode(result.artifacts[0]!.bytes);
    expect(html).toMatch(/font-family: "STIX Two Math";[\s\S]*?src: url\("data:font\/ttf;base64,[^"]+"\) format\("truetype"\)/);
    await withPage(async (page) => {
      await page.setContent(html, { waitUntil: "load" });
      const found = await page.evaluate(async () => {
        await document.fonts.ready;
        const display = Array.from(document.querySelectorAll(`math[display="block"]`), (m) => m.getBoundingClientRect());
        const frac = document.querySelector("mfrac")!.getBoundingClientRect();
        const line = parseFloat(getComputedStyle(document.querySelector("p")!).lineHeight);
        // fonts.check() is true for a family no @font-face names; the face itself must be there, loaded.
        const face = Array.from(document.fonts as unknown as Iterable<FontFace>).some((f) => f.family.replace(/["']/g, "") === "STIX Two Math" && f.status === "loaded");
        return { face, displays: display.length, fracHeight: frac.height, line, displayWidth: display[0]!.width, pageWidth: document.querySelector("p")!.getBoundingClientRect().width };
      });
      expect(found.face).toBe(true);
      expect(found.displays).toBe(3);
      // A fraction is two rows, taller than a line of text; a displayed formula is a block as wide as the text.
      expect(found.fracHeight).toBeGreaterThan(found.line);
      expect(found.displayWidth).toBeCloseTo(found.pageWidth, 0);
    });
  });

  it("is typst math in the print edition: STIX Two Math, no TeX on the page, a displayed formula centred", async () => {
    const result = await renderTypst({ book: await booksFixture("math"), templates });
    expect(result.diagnostics).toEqual([]);
    const pdf = scratch("typst-math.pdf", result.artifacts[0]!.bytes);
    const fonts = tool("pdffonts", [pdf]);
    expect(fonts).toMatch(/STIXTwoMath-Regular/);
    expect(fonts).not.toMatch(/NewCM/);
    const text = tool("pdftotext", [pdf, "-"]);
    expect(text).not.toMatch(TEX);
    // Variables are math italic letters (U+1D44E 𝑎 …), roots and integrals real signs.
    for (const sign of ["𝑎𝑥", "𝑏𝑥", "√", "∫", "∑", "ℝ", "sin"]) expect(text).toContain(sign);
    // The matrix and the cases are rows of their own (a grid of cells, not one line of text).
    expect(text).toMatch(/0\s*𝑥\s*<\s*0/);
    const page = Array.from({ length: 9 }, (_, i) => i + 1).find((n) => tool("pdftotext", ["-f", String(n), "-l", String(n), pdf, "-"]).includes("∫"));
    const onPage = words(pdf, page);
    const integral = onPage.find((w) => w.text.startsWith("∫"))!;
    // The text block's edges are where its justified lines start and end.
    const left = Math.min(...onPage.map((w) => w.xMin));
    const right = Math.max(...onPage.map((w) => w.xMax));
    // The displayed formula: the integral with its limits, the integrand and the fraction beside it.
    const formula = onPage.filter((w) => w.yMin > integral.yMin - 12 && w.yMax < integral.yMax + 12);
    const centre = (Math.min(...formula.map((w) => w.xMin)) + Math.max(...formula.map((w) => w.xMax))) / 2;
    expect(formula.map((w) => w.text).join(" ")).toMatch(/√𝜋/);
    expect(integral.xMin).toBeGreaterThan(left + 60);
    expect(Math.abs(centre - (left + right) / 2)).toBeLessThan(6);
  });

  it("goes on over the page in print when a displayed formula is taller than a page: no row is lost", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imprint-tall-math-"));
    writeFileSync(join(dir, "metadata.yaml"), "title: Tall\nlanguage: en\n");
    // A derivation of 70 aligned lines (TeX's aligned), and a one-column table of 90 rows.
    const aligned = Array.from({ length: 70 }, (_, i) => `x_{${i + 1}} &= ${i + 1}000 + y`).join(" \\\\ ");
    const rows = Array.from({ length: 90 }, (_, i) => `${i + 1}01`).join(" \\\\ ");
    writeFileSync(join(dir, "01.md"), `# Tall\n\n$$\\begin{aligned} ${aligned} \\end{aligned}$$\n\n$$\\begin{matrix} ${rows} \\end{matrix}$$\n\nThe end.\n`);
    const report = await build({ dir, out: join(dir, "out"), cwd: dir, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
    expect(report.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    const text = tool("pdftotext", [join(dir, "out", "tall.pdf"), "-"]);
    for (let i = 1; i <= 70; i++) expect(text).toContain(`${i}000`);
    for (let i = 1; i <= 90; i++) expect(text).toMatch(new RegExp(`^${i}01$`, "m"));
    expect(text).toContain("The end.");
  });

  it("sets a formula's text in a script the math face lacks in the book's own faces (fonts.serif), not as blank boxes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imprint-math-text-"));
    writeFileSync(join(dir, "metadata.yaml"), "title: Conditions\nlanguage: en\n");
    writeFileSync(join(dir, "01.md"), "# Conditions\n\nIn Chinese $f(x) = 1 \\text{ 条件 } x > 0$ holds.\n");
    const report = await build({ dir, out: join(dir, "out"), cwd: dir, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
    expect(report.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    const pdf = join(dir, "out", "conditions.pdf");
    expect(tool("pdftotext", [pdf, "-"])).toMatch(/𝑓\(𝑥\) = 1 条件 𝑥 > 0/);
    expect(tool("pdffonts", [pdf])).toMatch(/NotoSerifCJK/);
  });
});

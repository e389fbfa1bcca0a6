/**
 * The print edition end to end on real Chromium: geometry, structure (title recto, imprint verso,
 * contents with the right page numbers, recto openers, blank versos), running heads and folios,
 * hyphenation, endnotes linked both ways, metadata, tags, outline, reproducibility, page starts.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allBlocks, type Book } from "../../../src/model/book.js";
import { openBrowser, type BrowserSession } from "../../../src/render/browser.js";
import { renderPdf, type PdfRenderResult } from "../../../src/render/pdf/index.js";
import { outlineEntries } from "../../../src/render/contents.js";
import { createTemplates } from "../../../src/render/templates.js";
import { seedBook, tolstoyBook, tolstoyChaptersBook } from "../../helpers/books.js";
import { CHROMIUM, pageText, scratch, tool } from "./helpers.js";
import { boxes, catalogKeys, linkTargets, outlineTitles } from "./pdf-inspect.js";

const templates = createTemplates();
let browser: BrowserSession;
const rendered = new Map<string, { result: PdfRenderResult; bytes: Uint8Array; file: string; book: Book }>();

async function render(name: string, book: Book): Promise<void> {
  const result = await renderPdf({ book, templates, browser });
  expect(result.diagnostics).toEqual([]);
  const bytes = result.artifacts[0]!.bytes;
  rendered.set(name, { result, bytes, book, file: scratch(`${name}.pdf`, bytes) });
}
const get = (name: string) => rendered.get(name)!;
const squash = (s: string): string => s.replace(/[\s\u00ad\u2010-]+/g, "");
/** First and last non-empty lines of a page (running head / folio live there). */
const lines = (file: string, page: number): string[] => pageText(file, page).split("\n").map((l) => l.trim()).filter(Boolean);

// Skipped only when the product would find no browser (findBrowser): a PDF needs one.
describe.skipIf(!CHROMIUM)("renderPdf", () => {
  beforeAll(async () => {
    const opened = await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: CHROMIUM } });
    browser = opened.value!;
    await render("seed", await seedBook());
    await render("tolstoy", await tolstoyBook());
    // The story's nine chapters, each a level-1 heading and so its own section.
    await render("chapters", await tolstoyChaptersBook());
  });
  afterAll(async () => browser?.close());

  it("is a 6x9 in, tagged PDF with every font embedded and no structural errors", async () => {
    const { file, bytes, result } = get("seed");
    expect(result.artifacts[0]!.name).toBe("venezuela-logbook-of-a-new-victory.pdf");
    const info = tool("pdfinfo", [file]);
    expect(info).toMatch(/Page size:\s+432 x 648 pts/);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(new RegExp(`Pages:\\s+${result.pageCount}\\n`));
    expect(result.pageCount % 2).toBe(0);
    const fonts = tool("pdffonts", [file]).split("\n").slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatch(/\syes\s+yes\s+yes\s/);
    expect(tool("qpdf", ["--check", file])).toContain("No syntax or stream encoding errors");
    expect(await catalogKeys(bytes)).toEqual(expect.arrayContaining(["/StructTreeRoot", "/MarkInfo", "/Outlines", "/Lang"]));
  });

  it("carries the book's metadata, imprint's name and the manuscript's date", () => {
    const info = tool("pdfinfo", ["-isodates", get("seed").file]);
    expect(info).toContain("Title:           Venezuela: Logbook of a new victory: Results");
    expect(info).toContain("Author:          Sergio Rodríguez Gelfenstein");
    expect(info).toContain("Subject:         An analysis, written on July 31, 2024, of Venezuela’s presidential election");
    expect(info).toContain("Keywords:        Venezuela Elections");
    expect(info).toMatch(/Creator:\s+imprint \d+\.\d+\.\d+/);
    expect(info).toMatch(/CreationDate:\s+2024-07-31T00:00:00Z/);
    expect(info).toMatch(/ModDate:\s+2024-07-31T00:00:00Z/);
    expect(tool("qpdf", ["--show-object=trailer", get("seed").file])).not.toContain("HeadlessChrome");
    const xmp = tool("pdfinfo", ["-meta", get("seed").file]);
    expect(xmp).toContain("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Venezuela: Logbook of a new victory: Results");
    expect(xmp).toContain("<xmp:CreateDate>2024-07-31T00:00:00Z</xmp:CreateDate>");
    expect(xmp).toContain("<rdf:li>en</rdf:li>");
  });

  it("sets the title page on a recto, the imprint on its verso, the contents on a recto", () => {
    const { file } = get("seed");
    expect(squash(pageText(file, 1))).toContain(squash("Venezuela: Logbook of a new victory"));
    expect(pageText(file, 2)).toContain("Translated by John Catalinotto");
    expect(pageText(file, 2)).toContain("Published by Workers World");
    expect(pageText(file, 3)).toContain("Contents");
  });

  it("numbers the contents with the pages the headings are printed on", () => {
    for (const name of ["seed", "chapters"]) {
      const { file } = get(name);
      const contents = lines(file, 3).slice(1);
      const entries = contents.map((l) => /^(.*?)\s+(\d+)$/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
      expect(entries.length).toBeGreaterThanOrEqual(5);
      for (const [, title, page] of entries) {
        // An untitled section is listed by its opening words and an ellipsis the text does not have.
        const words = title!.replace(/…$/, "");
        expect(squash(pageText(file, Number(page))), `${title} on page ${page}`).toContain(squash(words));
      }
    }
  });

  it("opens every section on a recto with truly blank versos before, and no folio on openers or blanks", () => {
    const { file, result, book } = get("chapters");
    const firstBlocks = new Set(book.sections.map((s) => s.blocks[0]!.id));
    const openers = [...result.pageStarts.filter((p) => firstBlocks.has(p.blockId)).map((p) => Number(p.page))];
    expect(openers.length).toBe(9);
    for (const p of openers) {
      expect(p % 2, `chapter on page ${p}`).toBe(1);
      const l = lines(file, p);
      expect(l.at(-1), `no folio on opener ${p}`).not.toMatch(/^\d+$/);
    }
    // Chapters ending on a recto are followed by a blank verso that holds nothing at all: no text,
    // and every pixel white.
    const blanks = openers.map((p) => p - 1).filter((p) => pageText(file, p).trim() === "");
    expect(blanks.length).toBeGreaterThan(0);
    for (const p of blanks) {
      const pgm = execFileSync("pdftoppm", ["-f", String(p), "-l", String(p), "-r", "20", "-gray", file]);
      const pixels = pgm.subarray(pgm.length - 120 * 180);
      expect(Math.min(...pixels), `page ${p} is blank`).toBe(255);
    }
  });

  it("prints folios and running heads: book title on versos, section title on rectos", () => {
    const { file, book } = get("tolstoy");
    const title = squash(book.metadata.title);
    for (const p of [6, 8]) {
      const l = lines(file, p);
      expect(squash(l[0]!)).toContain(title);
      expect(l.at(-1)).toBe(String(p));
    }
    const recto = lines(file, 7);
    expect(squash(recto[0]!)).toContain(squash(book.sections[0]!.title!.text));
    expect(recto.at(-1)).toBe("7");
    // The seed's section is untitled: rectos carry the level-2 heading in force.
    const seed = get("seed");
    const h = seed.book.sections[0]!.headings;
    const pageOfFirst = Number(lines(seed.file, 3).find((l) => l.startsWith(h[0]!.text))!.split(/\s+/).at(-1));
    const nextRecto = pageOfFirst % 2 === 1 ? pageOfFirst + 2 : pageOfFirst + 1;
    expect(squash(lines(seed.file, nextRecto)[0]!)).toContain(squash(h[0]!.text));
  });

  it("hyphenates the print edition only: the Book the EPUB and HTML render from is untouched", async () => {
    const book = get("seed").book;
    const html = (b: Book): string => b.sections[0]!.blocks.map((x) => x.html).join("\n");
    expect(html(book)).not.toContain("\u00ad");
    expect(html(book)).toBe(html(await seedBook()));
  });

  it("justifies and hyphenates the text with the book language's patterns", () => {
    const text = tool("pdftotext", ["-layout", get("seed").file, "-"]);
    const hyphenatedEnds = text.split("\n").filter((l) => /[a-z]\u00ad?[\u2010\u00ad-]$/.test(l.trim())).length;
    expect(hyphenatedEnds).toBeGreaterThan(10);
  });

  it("sets notes as endnotes at the end of the section, linked both ways", async () => {
    const { bytes, file } = get("tolstoy");
    const links = await linkTargets(bytes);
    const last = Number(tool("pdfinfo", [file]).match(/Pages:\s+(\d+)/)![1]);
    for (const n of [1, 2, 3, 4]) {
      const to = links.find((l) => l.dest === `s1-note-${n}`);
      const back = links.find((l) => l.dest === `ref-s1-note-${n}`);
      expect(to, `reference to note ${n}`).toBeDefined();
      expect(back, `back-link from note ${n}`).toBeDefined();
      expect(back!.page).toBeGreaterThan(to!.page);
    }
    const firstNotePage = Math.min(...links.filter((l) => l.dest.startsWith("ref-")).map((l) => l.page));
    let tail = "";
    for (let p = firstNotePage - 1; p <= last; p++) tail += squash(pageText(file, p));
    expect(tail).toContain("Notes");
    expect(tail).toContain(squash("120 desyatins"));
  });

  it("repairs outline titles where Chromium drops the space at a line wrap", async () => {
    // The bookmarks are the Book's outline (after Contents), not Chromium's heading scan.
    const chapters = get("chapters");
    expect(await outlineTitles(chapters.bytes)).toEqual(["Contents", ...[...outlineEntries(chapters.book.outline)].map((e) => e.text)]);
    expect(await outlineTitles(chapters.bytes)).toEqual(expect.arrayContaining(["I", "II", "IX"]));
    expect(await outlineTitles(get("tolstoy").bytes)).toContain("How Much Land Does a Man Need?");
    const seedTitles = await outlineTitles(get("seed").bytes);
    expect(seedTitles).toContain("Migratory, energetic and diplomatic challenges");
    // The untitled article is bookmarked by its opening words, after the editorial note.
    expect(seedTitles.slice(0, 3)).toEqual(["Contents", "Editorial note", "July 31, 2024. The presidential election in Venezuela…"]);
  });

  it("reports where each printed page's first block starts (for the EPUB page-list)", () => {
    const { file, result, book } = get("tolstoy");
    expect(result.pageStarts.length).toBeGreaterThan(10);
    const texts = new Map([...allBlocks(book)].map(({ block }) => [block.id, block.text]));
    for (const start of result.pageStarts) {
      expect(texts.has(start.blockId), start.blockId).toBe(true);
      const words = texts.get(start.blockId)!.split(/\s+/).slice(0, 2).join(" ");
      expect(squash(pageText(file, Number(start.page))), `block ${start.blockId} on page ${start.page}`).toContain(squash(words));
    }
  });

  it("gives the same bytes for the same book, also from a fresh browser", async () => {
    const fresh = (await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: CHROMIUM } })).value!;
    const again = await renderPdf({ book: await seedBook(), templates, browser: fresh }).finally(() => fresh.close());
    const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
    expect(sha(again.artifacts[0]!.bytes)).toBe(sha(get("seed").bytes));
  });

  it("with bleed: page is trim + bleed, TrimBox and BleedBox set, crop marks outside the trim", async () => {
    const book = await seedBook({ print: { bleed: true } });
    const result = await renderPdf({ book, templates, browser });
    const bytes = result.artifacts[0]!.bytes;
    const recto = await boxes(bytes, 0);
    const verso = await boxes(bytes, 1);
    const b = 3.175 * 72 / 25.4;
    const r2 = (n: number): number => Math.round(n * 100) / 100;
    expect(recto.bleed).toEqual([0, 0, r2(432 + b), r2(648 + 2 * b)]);
    expect(recto.trim).toEqual([0, r2(b), 432, r2(648 + b)]);
    expect(verso.trim).toEqual([r2(b), r2(b), r2(432 + b), r2(648 + b)]);
    expect(recto.media![0]!).toBeLessThan(0);
    const file = scratch("seed-bleed.pdf", bytes);
    expect(tool("pdfinfo", ["-box", file])).toMatch(/TrimBox:\s+0\.00\s+9\.00\s+432\.00\s+657\.00/);
    const noMarks = await renderPdf({ book, templates, browser, cropMarks: false });
    expect((await boxes(noMarks.artifacts[0]!.bytes, 0)).media).toEqual([0, 0, r2(432 + b), r2(648 + 2 * b)]);
  });

  it("mirrors the page for a right-to-left book: rectos bind on the right, folios follow the text block", async () => {
    const folioMid = (file: string, page: number): number => {
      const xml = tool("pdftotext", ["-bbox", "-f", String(page), "-l", String(page), file, "-"]);
      const m = [...xml.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(\d+)</g)].find((w) => w[4] === String(page) && Number(w[2]) > 580)!;
      return (Number(m[1]) + Number(m[3])) / 2;
    };
    const ltr = get("seed").file;
    const book = await seedBook({ print: { bleed: true } });
    book.metadata.direction = "rtl";
    const rtl = await renderPdf({ book, templates, browser, cropMarks: false });
    const file = scratch("seed-rtl.pdf", rtl.artifacts[0]!.bytes);
    // Recto (page 9): LTR text block 45..392.4 pt, RTL 39.6 (+9 bleed on the left)..387 pt.
    expect(folioMid(ltr, 9)).toBeCloseTo((45 + 432 - 39.6) / 2, 0);
    expect(folioMid(file, 9)).toBeCloseTo((39.6 + 9 + 432 + 9 - 45) / 2, 0);
    const b = 9;
    expect((await boxes(rtl.artifacts[0]!.bytes, 0)).trim).toEqual([b, b, 432 + b, 648 + b]);
  });

  // Pictures for the README: pages rendered by pdftoppm, laid out side by side by Chromium.
  it.skipIf(!process.env.UPDATE_IMAGES)("writes docs/images/pdf-*.png", async () => {
    const dir = join(import.meta.dirname, "..", "..", "..", "docs", "images");
    mkdirSync(dir, { recursive: true });
    const shots: Array<[string, string, number[]]> = [
      ["pdf-front-matter.png", get("seed").file, [1, 2, 3, 5]],
      ["pdf-opener.png", get("chapters").file, [4, 5]],
      ["pdf-spread.png", get("seed").file, [8, 9]],
      ["pdf-notes.png", get("tolstoy").file, [get("tolstoy").result.pageCount - 2, get("tolstoy").result.pageCount - 1]],
    ];
    for (const [name, file, pages] of shots) {
      const files = new Map<string, { bytes: Uint8Array; mediaType: string }>();
      for (const p of pages) {
        const png = execFileSync("pdftoppm", ["-f", String(p), "-l", String(p), "-r", "60", "-png", file]);
        files.set(`p${p}.png`, { bytes: png, mediaType: "image/png" });
      }
      const html = `<!DOCTYPE html><html><head><style>body{margin:0;background:#8a8f96;display:flex;gap:${pages.length === 2 ? 0 : 12}px;padding:12px;width:max-content}img{display:block;box-shadow:0 1px 4px rgba(0,0,0,.4)}</style></head><body>${pages.map((p) => `<img src="p${p}.png" alt="" />`).join("")}</body></html>`;
      const width = pages.length * 360 + (pages.length === 2 ? 24 : 12 * (pages.length + 1));
      writeFileSync(join(dir, name), await browser.screenshot({ html, files, width, height: 540 + 24 }));
    }
  });
});

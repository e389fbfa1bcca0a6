/**
 * The EPUB as calibre (Debian's 6.13: `ebook-meta`, `ebook-convert`) reads it: every field of
 * metadata.yaml it has a place for, exactly as given (a date on its day, the main title as the
 * title, authors with sort names, series and number, language, description, publisher, ISBN,
 * subjects, cover); and calibre's conversions to PDF and AZW3 keep every letter of the
 * typography fixture.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openBrowser, type BrowserSession } from "../../src/render/browser.js";
import { renderEpub } from "../../src/render/epub/index.js";
import type { Book } from "../../src/model/book.js";
import { fixtureBook, SEED_DIR } from "../helpers/books.js";
import { TYPOGRAPHY_DIR } from "./books.js";
import { woff2Names } from "./font-names.js";
import { expectAllChecksClean } from "../render/epub/inspect.js";
import JSZip from "jszip";

const HAVE_CALIBRE = spawnSync("ebook-meta", ["--version"]).status === 0;
// calibre's PDF output runs Qt WebEngine: headless, and without a sandbox as root (containers).
const CALIBRE_ENV = { ...process.env, QT_QPA_PLATFORM: "offscreen", QTWEBENGINE_CHROMIUM_FLAGS: process.getuid?.() === 0 ? "--no-sandbox" : "" };

let dir: string;
let browser: BrowserSession | undefined;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "imprint-calibre-"));
  browser = (await openBrowser({ env: process.env })).value;
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The EPUB a real build makes (with the browser: a PNG cover), written to a file. */
async function epubFile({ book, name }: { book: Book; name: string }): Promise<string> {
  const { templates } = await fixtureBook(TYPOGRAPHY_DIR);
  const result = await renderEpub({ book, templates, ...(browser ? { browser } : {}) });
  const path = join(dir, `${name}.epub`);
  writeFileSync(path, result.artifacts[0]!.bytes);
  return path;
}

/** calibre's own reading of the book, as the OPF it writes (`ebook-meta --to-opf`). */
function calibreOpf(epub: string): string {
  const opf = `${epub}.opf`;
  execFileSync("ebook-meta", [epub, `--to-opf=${opf}`], { env: CALIBRE_ENV, stdio: "pipe" });
  return readFileSync(opf, "utf8");
}

const textOf = (xml: string, tag: string): string[] => [...xml.matchAll(new RegExp(`<${tag}\\b[^>]*>([^<]*)</${tag}>`, "g"))].map((m) => m[1]!);
const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
/** The authors calibre lists: name, sort name, role (its OPF writes attributes in any order). */
const creators = (xml: string): Array<{ name: string; fileAs?: string; role?: string }> =>
  [...xml.matchAll(/<dc:creator\b([^>]*)>([^<]*)<\/dc:creator>/g)].map((m) => ({ name: m[2]!, fileAs: attr(m[1]!, "opf:file-as"), role: attr(m[1]!, "opf:role") }));
const metaOf = (xml: string, name: string): string | undefined => new RegExp(`<meta name="${name}" content="([^"]*)"`).exec(xml)?.[1];

describe.skipIf(!HAVE_CALIBRE)("calibre reads the metadata as metadata.yaml says", () => {
  test("title, authors and sort names, series, language, date, description, publisher, ISBN, cover", async () => {
    const { book } = await fixtureBook(TYPOGRAPHY_DIR);
    const epub = await epubFile({ book, name: "typography" });
    const opf = calibreOpf(epub);
    expect(textOf(opf, "dc:title")).toEqual(["Łódź, Dvořák and Škoda"]);
    expect(creators(opf)).toEqual([{ name: "Zdeněk Řehoř", fileAs: "Řehoř, Zdeněk", role: "aut" }]);
    expect(metaOf(opf, "calibre:series")).toBe("Letters of Central Europe");
    expect(metaOf(opf, "calibre:series_index")).toBe("2");
    expect(textOf(opf, "dc:language")).toEqual(["pol"]);
    expect(textOf(opf, "dc:date")[0]).toMatch(/^2024-07-31T/);
    expect(textOf(opf, "dc:description")).toEqual(["A short text in Polish and Czech letters for tests."]);
    expect(textOf(opf, "dc:publisher")).toEqual(["Ősz Press"]);
    expect(opf).toContain('opf:scheme="ISBN">9780306406157</dc:identifier>');
    // The cover calibre takes is the EPUB's own cover image, byte for byte.
    if (browser) {
      const cover = join(dir, "cover.png");
      execFileSync("ebook-meta", [epub, `--get-cover=${cover}`], { env: CALIBRE_ENV, stdio: "pipe" });
      const zip = await JSZip.loadAsync(readFileSync(epub));
      expect(Buffer.from(readFileSync(cover)).equals(Buffer.from(await zip.file("EPUB/images/cover.png")!.async("uint8array")))).toBe(true);
    }
  });

  test("the seed's date shows on its day and its title without the subtitle; subjects are tags", async () => {
    const { book } = await fixtureBook(SEED_DIR);
    const opf = calibreOpf(await epubFile({ book, name: "seed" }));
    expect(textOf(opf, "dc:title")).toEqual(["Venezuela: Logbook of a new victory"]);
    expect(textOf(opf, "dc:date")[0]).toMatch(/^2024-07-31T/);
    // calibre splits a subject at its commas ("Presidential elections, 2024" becomes two tags).
    expect(textOf(opf, "dc:subject")).toEqual(["Venezuela", "Elections", "Presidential elections", "2024", "Politics and government"]);
    expect(creators(opf)).toEqual([{ name: "Sergio Rodríguez Gelfenstein", fileAs: "Rodríguez Gelfenstein, Sergio", role: "aut" }]);
  });

  test.each([
    ["1848", /^1848-01-01T/],
    ["1848-02", /^1848-02-01T/],
    ["2024-12-31", /^2024-12-31T/],
    ["2024-03-01", /^2024-03-01T/],
  ])("a date %s shows in calibre as %s, never a day early nor on today's month", async (date, shown) => {
    const { book } = await fixtureBook(TYPOGRAPHY_DIR, { metadata: { date } });
    const opf = calibreOpf(await epubFile({ book, name: `date-${date}` }));
    expect(textOf(opf, "dc:date")[0]).toMatch(shown);
  });

  test("a series given as a name alone has no number", async () => {
    const { book } = await fixtureBook(TYPOGRAPHY_DIR, { metadata: { series: { name: "Pamphlets" } } });
    const opf = calibreOpf(await epubFile({ book, name: "series-name" }));
    expect(metaOf(opf, "calibre:series")).toBe("Pamphlets");
    expect(metaOf(opf, "calibre:series_index")).toBe("1");
  });
});

/** Every word of the fixture's text, with its letters. */
function fixtureWords(): string[] {
  const md = readFileSync(join(TYPOGRAPHY_DIR, "01-text.md"), "utf8");
  return [...new Set(md.replace(/\[\^1\]:?/g, " ").match(/[\p{L}]+/gu) ?? [])].filter((w) => /[^\x00-\x7f]/.test(w));
}

describe.skipIf(!HAVE_CALIBRE)("calibre's conversions keep every letter", () => {
  test("EPUB → PDF (pdftotext) and EPUB → AZW3 → text keep every accented word of the typography fixture", async () => {
    const { book } = await fixtureBook(TYPOGRAPHY_DIR);
    const epub = await epubFile({ book, name: "convert" });
    const pdf = join(dir, "out.pdf");
    const azw3 = join(dir, "out.azw3");
    const txt = join(dir, "out.txt");
    execFileSync("ebook-convert", [epub, pdf], { env: CALIBRE_ENV, stdio: "pipe", timeout: 120_000 });
    execFileSync("ebook-convert", [epub, azw3], { env: CALIBRE_ENV, stdio: "pipe", timeout: 120_000 });
    execFileSync("ebook-convert", [azw3, txt], { env: CALIBRE_ENV, stdio: "pipe", timeout: 120_000 });
    const pdfText = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"]).toString("utf8").normalize("NFC");
    const azwText = readFileSync(txt, "utf8").normalize("NFC");
    const words = fixtureWords();
    expect(words.length).toBeGreaterThan(40);
    for (const w of words) {
      expect(pdfText, `PDF: ${w}`).toContain(w);
      expect(azwText, `AZW3: ${w}`).toContain(w);
    }
  });
});

describe("the EPUB's fonts cannot be mixed up", () => {
  test("every embedded font file has its own PostScript name, and no @font-face needs unicode-range", async () => {
    const { book, templates } = await fixtureBook(TYPOGRAPHY_DIR);
    const bytes = (await renderEpub({ book, templates })).artifacts[0]!.bytes;
    const zip = await JSZip.loadAsync(bytes);
    const fonts = Object.keys(zip.files).filter((n) => n.endsWith(".woff2"));
    const names = await Promise.all(fonts.map(async (f) => woff2Names(await zip.file(f)!.async("uint8array"))));
    expect(names.map((n) => n.family)).toEqual(names.map(() => "Source Serif 4"));
    expect(new Set(names.map((n) => n.postScript)).size, names.map((n) => n.postScript).join(", ")).toBe(fonts.length);
    // Four styles, each one complete file: a reader that ignores unicode-range still has every glyph.
    const css = await zip.file("EPUB/css/book.css")!.async("string");
    expect(css).not.toContain("unicode-range");
    expect(names.map((n) => n.postScript).sort()).toEqual(["SourceSerif4-Bold", "SourceSerif4-BoldIt", "SourceSerif4-It", "SourceSerif4-Regular"]);
    // The series, dates and titles as written pass EPUBCheck, epubcheck-ts and Ace.
    await expectAllChecksClean(bytes, "typography.epub");
  });

  test("a text the latin subset covers gets one small subset per style, each its own name", async () => {
    const { book, templates } = await fixtureBook(SEED_DIR);
    const zip = await JSZip.loadAsync((await renderEpub({ book, templates })).artifacts[0]!.bytes);
    const fonts = Object.keys(zip.files).filter((n) => n.endsWith(".woff2"));
    expect(fonts).toHaveLength(4);
    expect(fonts.every((f) => f.includes("-latin-"))).toBe(true);
    const names = await Promise.all(fonts.map(async (f) => woff2Names(await zip.file(f)!.async("uint8array")).postScript));
    expect(new Set(names).size, names.join(", ")).toBe(4);
  });
});

/**
 * The Chromium print's text layer and typography, measured by the metrics script's module on real
 * PDFs: every word of the seed manuscript found by plain search, no U+00AD inside words, small caps
 * (real `smcp` from the full Source Serif 4) extracting as whole words, no Type 3 fonts for the
 * book's typeface, and the hyphenation minimums. What Chromium cannot do is written next to the
 * test that measures it, with the value it gives.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDFDocument } from "pdf-lib";
import { manuscriptText, measurePdfTypography, type PdfTypography } from "../../../src/check/typography/index.js";
import { openBrowser, type BrowserSession } from "../../../src/render/browser.js";
import { renderPdf } from "../../../src/render/pdf/index.js";
import { cleanContent, removeSoftHyphens } from "../../../src/render/pdf/text-layer.js";
import { printFontBytes, printFontFiles } from "../../../src/render/print-fonts.js";
import { createTemplates } from "../../../src/render/templates.js";
import { seedBook } from "../../helpers/books.js";
import { CHROMIUM, pageText, scratch, tool } from "./helpers.js";

describe("cleanContent", () => {
  it("drops the glyphs of soft-hyphen spans, keeps their positioning, and strips U+00AD from ligature ActualText", () => {
    const stream = "BT <002b> Tj\n/Span<</ActualText <feff00ad> >> BDC\n8.31 0 Td <0001> Tj\nEMC\n0 0 Td <0027> Tj\n/Span<</ActualText <FEFF006600AD0066> >> BDC\n0 0 Td <01a1> Tj\nEMC\n/Span<</ActualText <feff2010> >> BDC\n<01f6> Tj\nEMC ET";
    const { content, removed } = cleanContent(stream);
    expect(removed).toBe(2);
    expect(content).toBe("BT <002b> Tj\n\n8.31 0 Td \n\n0 0 Td <0027> Tj\n/Span<</ActualText <FEFF00660066> >> BDC\n0 0 Td <01a1> Tj\nEMC\n/Span<</ActualText <feff2010> >> BDC\n<01f6> Tj\nEMC ET");
    // A span holding nested marked content keeps its operators (its EMC must stay paired); its
    // ActualText becomes empty, which tells extractors the span stands for no text.
    const nested = "/Span<</ActualText <feff00ad> >> BDC /P <</MCID 3>> BDC <0001> Tj EMC EMC";
    expect(cleanContent(nested)).toEqual({ content: nested.replace("<feff00ad>", "<feff>"), removed: 1 });
  });
});

const SOFT = "pub\u00adlish\u00ading un\u00admod\u00adi\u00adfied state\u00adments from anti-im\u00adpe\u00adri\u00adal\u00adist media, the of\u00adfi\u00adcial af\u00adflict\u00ading sup\u00adport for the Bo\u00adli\u00advar\u00adi\u00adan Re\u00adpub\u00adlic and op\u00adpo\u00adsi\u00adtion";
const PLAIN = SOFT.replace(/\u00ad/g, "");

// Skipped only when the product would find no browser (findBrowser): a PDF needs one.
describe.skipIf(!CHROMIUM)("the Chromium print's text layer", () => {
  let browser: BrowserSession;
  let seed: PdfTypography;
  let seedFile: string;
  beforeAll(async () => {
    browser = (await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: CHROMIUM } })).value!;
    const book = await seedBook();
    const result = await renderPdf({ book, templates: createTemplates(), browser });
    expect(result.diagnostics).toEqual([]);
    seedFile = scratch("text-layer-seed.pdf", result.artifacts[0]!.bytes);
    seed = await measurePdfTypography({ file: seedFile, manuscript: manuscriptText(book) });
  });
  afterAll(async () => browser?.close());

  /** A narrow justified column of soft-hyphenated text, printed by Chromium as is. */
  async function rawPdf(format: "otf" | "ttf"): Promise<Uint8Array> {
    const font = printFontFiles({ format })[0]!;
    const html = `<!DOCTYPE html><html lang="en"><head><style>@font-face { font-family: "S"; src: url("${font.fileName}"); }
      body { font: 11pt/1.4 "S"; width: 150pt; text-align: justify; }</style></head><body><p>${SOFT}</p></body></html>`;
    return browser.pdf({ html, files: new Map([[font.fileName, { bytes: printFontBytes(font), mediaType: font.mediaType }]]), options: { printBackground: true } });
  }

  it("removes the soft hyphens Chromium writes for every break point, moving no glyph", async () => {
    const raw = await rawPdf("ttf");
    const rawFile = scratch("text-layer-raw.pdf", raw);
    const before = await measurePdfTypography({ file: rawFile, manuscript: PLAIN });
    // What Chromium writes: U+00AD at every break point, so search misses most long words.
    expect(before.softHyphensInWords).toBeGreaterThan(20);
    expect(before.wordsFoundPct).toBeLessThan(70);
    const doc = await PDFDocument.load(raw);
    expect(removeSoftHyphens({ doc })).toBeGreaterThan(20);
    const cleanFile = scratch("text-layer-clean.pdf", await doc.save());
    const after = await measurePdfTypography({ file: cleanFile, manuscript: PLAIN });
    expect(after.softHyphensInWords).toBe(0);
    expect(after.wordsFoundPct).toBe(100);
    // A line-end break reads as a hyphen at the end of the line.
    expect(tool("pdftotext", [cleanFile, "-"])).toMatch(/\p{L}[-\u2010]\n/u);
    // Same page image: the word boxes have not moved.
    const boxes = (file: string): string[] => [...tool("pdftotext", ["-bbox", file, "-"]).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"/g)].map((m) => `${m[1]},${m[2]}`);
    expect(boxes(cleanFile)).toEqual(boxes(rawFile));
  });

  it("finds ≥ 99 % of the seed manuscript's words by plain search, with no U+00AD inside a word", () => {
    expect(seed.missingWords).toEqual([]);
    expect(seed.wordsFoundPct).toBeGreaterThanOrEqual(99);
    expect(seed.softHyphensInWords).toBe(0);
  });

  it("sets small caps from the font, so headings, running heads and names extract as whole words", () => {
    const text = tool("pdftotext", [seedFile, "-"]);
    expect(text).toContain("Editorial note");
    expect(text).toContain("Sergio Rodríguez Gelfenstein");
    // Running head of a verso (the book's title, in small caps).
    const heads = Array.from({ length: seed.pages }, (_, i) => pageText(seedFile, i + 1).split("\n").find((l) => l.trim()) ?? "");
    expect(heads.filter((h) => /^\s*Venezuela: Logbook of a new victory\s*$/.test(h)).length).toBeGreaterThan(2);
    // What faked, tracked small caps extracted as.
    for (const broken of ["S ergio", "R odríguez", "E di", "V e n", "no t e"]) expect(text).not.toContain(broken);
  });

  it("embeds the book's typeface as TrueType: Chromium turns CFF (.otf) fonts into Type 3", async () => {
    expect(seed.type3Fonts).toBe(0);
    expect(tool("pdffonts", [seedFile])).toMatch(/SourceSerif4-Regular\s+CID TrueType/);
    // Why the print uses the TTF build: the same font as OTF (CFF outlines) comes out as Type 3.
    const otf = await measurePdfTypography({ file: scratch("text-layer-otf.pdf", await rawPdf("otf")) });
    expect(otf.type3Fonts).toBeGreaterThan(0);
  });

  // Known Chromium limit: Skia's PDF backend embeds only TrueType (glyf) outlines. The CJK fonts
  // fontconfig offers here (Noto Sans/Serif CJK) are CFF-flavoured OpenType collections, and colour
  // emoji (Noto Color Emoji) are bitmaps, so both become Type 3 fonts; no CSS avoids it. A book in
  // CJK needs a TrueType-outline CJK font installed (e.g. a glyf build), or the typst engine.
  it("embeds CJK (CFF) and colour emoji as Type 3 fonts (known Chromium limit)", async () => {
    const html = `<!DOCTYPE html><html lang="ja"><body><p>日本語の本 😀</p></body></html>`;
    const file = scratch("text-layer-cjk.pdf", await browser.pdf({ html, files: new Map(), options: { printBackground: true } }));
    const m = await measurePdfTypography({ file });
    expect(m.type3Fonts).toBeGreaterThan(0);
  });

  it("keeps metadata strings typographic on the title page (curly apostrophes), the manuscript's text as written", () => {
    expect(pageText(seedFile, 1)).toContain("the opposition’s plan");
    expect(pageText(seedFile, 1)).not.toContain("opposition's");
  });

  it("hyphenates leaving at least 2 letters before a break and 3 after, with no widows or orphans", () => {
    expect(seed.hyphenatedLines).toBeGreaterThan(10);
    expect(seed.shortBreakExamples).toEqual([]);
    expect(seed.widows).toBe(0);
    expect(seed.orphans).toBe(0);
  });

  // Known Chromium limits (measured on the seed, 6×9, Source Serif 4 11/15.4 pt):
  // - hyphens across a page turn: 0 (2 on Civil Disobedience); runs of 3+ hyphenated lines: 3. Chromium breaks lines greedily
  //   at any soft hyphen and has no `hyphenate-limit-lines` or page-turn rule; our pass cannot know
  //   where lines or pages will end.
  // - lines off the 15.4 pt grid: 25 %; spreads whose bottoms differ: 2 of 3. Every space between
  //   blocks is a whole leading (print.css, rlh), but Chromium rounds each baseline to a whole CSS
  //   pixel (15.0 / 15.75 pt alternating), up to 0.375 pt off the grid, past the 0.3 pt tolerance.
  // - word space p95 .49 em, 6 % of lines with a space over 2× natural: greedy, not total-fit, lines.
  it("measures what Chromium cannot do (known limits: see the comment above)", () => {
    expect(seed.offGridPct).toBeGreaterThan(20);
    expect(seed.wordSpaceP95Em).toBeGreaterThan(0.3);
  });
});

/**
 * The preflight against real PDFs: imprint's own (rendered by Chromium) must pass both profiles;
 * PDFs built with pdf-lib carry exactly one fault each (an unembedded font, a wrong size, too few
 * or an odd number of pages, text in the gutter, a low-resolution image, crop marks).
 */
import { deflateSync } from "node:zlib";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preflightPdf } from "../../src/check/preflight.js";
import { openBrowser, type BrowserSession } from "../../src/render/browser.js";
import { renderPdf } from "../../src/render/pdf/index.js";
import { createTemplates } from "../../src/render/templates.js";
import { seedBook } from "../helpers/books.js";
import { browserEnv, NO_BROWSER } from "../render/test-browser.js";

const SIX_BY_NINE = { widthMm: 152.4, heightMm: 228.6 };
const messages = (list: { message: string }[]): string => list.map((d) => d.message).join("\n");

/** A blank 6x9 PDF of `pages` pages; `decorate` adds the one fault under test. */
async function blankPdf(pages: number, decorate?: (doc: PDFDocument) => Promise<void>): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([432, 648]);
  await decorate?.(doc);
  return doc.save();
}

/** A grey PNG of the given size (8-bit greyscale, no filter). */
function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const raw = Buffer.alloc((width + 1) * height, 128);
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c;
}

describe("preflightPdf on faulty PDFs", () => {
  it("flags too few pages for both services and an odd count for IngramSpark", async () => {
    const short = await blankPdf(16);
    expect(messages(await preflightPdf({ bytes: short, file: "a.pdf", profile: "kdp", trim: SIX_BY_NINE }))).toMatch(/KDP: 16 pages; a paperback needs at least 24/);
    expect(messages(await preflightPdf({ bytes: short, file: "a.pdf", profile: "ingram", trim: SIX_BY_NINE }))).toMatch(/IngramSpark: 16 pages; a paperback needs at least 18/);
    const odd = await blankPdf(25);
    expect(await preflightPdf({ bytes: odd, file: "a.pdf", profile: "kdp", trim: SIX_BY_NINE })).toEqual([]);
    expect(messages(await preflightPdf({ bytes: odd, file: "a.pdf", profile: "ingram", trim: SIX_BY_NINE }))).toMatch(/25 pages, an odd number/);
  });

  it("flags a page size that is not the trim (or trim + bleed)", async () => {
    const bytes = await blankPdf(24);
    const a5 = await preflightPdf({ bytes, file: "a.pdf", profile: "kdp", trim: { widthMm: 148, heightMm: 210 } });
    expect(a5[0]?.code).toBe("check/preflight");
    expect(messages(a5)).toMatch(/24 pages \(from page 1\): trimmed to 152\.4 × 228\.6 mm, not 148\.0 × 210\.0 mm/);
    expect(messages(await preflightPdf({ bytes, file: "a.pdf", profile: "kdp", trim: SIX_BY_NINE, bleed: true }))).toMatch(/must be 155\.6 × 234\.9 mm/);
  });

  it("flags a font that is not embedded, and text in the gutter", async () => {
    const bytes = await blankPdf(24, async (doc) => {
      const font = await doc.embedFont(StandardFonts.Helvetica);
      doc.getPage(0).drawText("Too close to the spine", { x: 10, y: 300, size: 12, font });
    });
    const list = messages(await preflightPdf({ bytes, file: "a.pdf", profile: "kdp", trim: SIX_BY_NINE }));
    expect(list).toMatch(/font Helvetica is not embedded/);
    expect(list).toMatch(/page 1: text is 0\.1\d\d in from the spine edge; 24 pages need an inside margin of at least 0\.375 in/);
  });

  it("flags an image under 300 ppi at its printed size", async () => {
    const bytes = await blankPdf(24, async (doc) => {
      const image = await doc.embedPng(png(60, 60));
      doc.getPage(2).drawImage(image, { x: 100, y: 200, width: 144, height: 144 }); // 2 in: 30 ppi
      const sharp = await doc.embedPng(png(600, 600));
      doc.getPage(3).drawImage(sharp, { x: 100, y: 200, width: 144, height: 144 }); // 300 ppi
    });
    const list = await preflightPdf({ bytes, file: "a.pdf", profile: "ingram", trim: SIX_BY_NINE });
    expect(list).toHaveLength(1);
    expect(list[0]!.message).toMatch(/page 3: an image of 60 × 60 px prints at 30 ppi/);
  });
});

// Skipped only when the product would find no browser (findBrowser): these PDFs are rendered.
describe.skipIf(NO_BROWSER)("preflightPdf on imprint's own PDFs", () => {
  let browser: BrowserSession;
  const templates = createTemplates();
  beforeAll(async () => {
    browser = (await openBrowser({ env: browserEnv() })).value!;
  });
  afterAll(async () => browser?.close());

  it("passes both services when the book targets one (padded to the minimum, even, no marks)", async () => {
    for (const profile of ["kdp", "ingram"] as const) {
      const book = await seedBook({ print: { preflight: profile } });
      const r = await renderPdf({ book, templates, browser });
      expect(r.pageCount).toBe(profile === "kdp" ? 24 : 18);
      const bytes = r.artifacts[0]!.bytes;
      expect(await preflightPdf({ bytes, file: "seed.pdf", profile: "kdp", trim: SIX_BY_NINE }), profile).toEqual(profile === "kdp" ? [] : [expect.objectContaining({ message: expect.stringMatching(/18 pages/) })]);
      expect(await preflightPdf({ bytes, file: "seed.pdf", profile: "ingram", trim: SIX_BY_NINE })).toEqual([]);
    }
  });

  it("passes with bleed for a service (no crop marks), and flags crop marks when they are drawn", async () => {
    const book = await seedBook({ print: { bleed: true, preflight: "kdp" } });
    const clean = await renderPdf({ book, templates, browser });
    expect(await preflightPdf({ bytes: clean.artifacts[0]!.bytes, file: "seed.pdf", profile: "kdp", trim: SIX_BY_NINE, bleed: true })).toEqual([]);
    const marked = await renderPdf({ book, templates, browser, cropMarks: true });
    const list = await preflightPdf({ bytes: marked.artifacts[0]!.bytes, file: "seed.pdf", profile: "kdp", trim: SIX_BY_NINE, bleed: true });
    expect(list[0]?.hint).toMatch(/crop marks/);
  });
});

describe("preflightPdf and colour emoji", () => {
  it("measures an emoji in a heading (and its running heads) by its ink, not its Type 3 font's box", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { build } = await import("../../src/build.js");
    const dir = mkdtempSync(join(tmpdir(), "imprint-preflight-emoji-"));
    writeFileSync(join(dir, "metadata.yaml"), "title: Emoji\nlanguage: en\nprint:\n  preflight: kdp\n");
    const para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ".repeat(4);
    writeFileSync(join(dir, "01.md"), `# 👀 Examples\n\n${Array.from({ length: 40 }, () => para).join("\n\n")}\n`);
    // The preflight runs with the build's checks (not with checks: "none").
    const report = await build({ dir, out: join(dir, "out"), cwd: dir, formats: ["pdf"], pdfEngine: "typst" });
    expect(report.diagnostics.filter((d) => d.code === "check/preflight")).toEqual([]);
    expect(report.ok).toBe(true);
  }, 120_000);
});

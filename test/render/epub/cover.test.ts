/**
 * The generated EPUB cover is drawn by resvg, without a browser, from epub-cover-svg.liquid, and
 * looks as cover.liquid does in Chromium (the design it reproduces): compared pixel by pixel.
 * UPDATE_SCREENSHOTS=1 redraws docs/images/epub-cover.png.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// pngjs comes with qrcode (a dependency); only tests decode PNGs.
// @ts-expect-error pngjs ships no types
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openBrowser, type BrowserSession, type ServedFile } from "../../../src/render/browser.js";
import { COVER_HEIGHT, COVER_WIDTH, FALLBACK_FONT_DIRS, makeCover, rasterize, svgCover } from "../../../src/render/epub/cover.js";
import { allBookFontFiles, fontFaceCss } from "../../../src/render/fonts.js";
import { labelsFor } from "../../../src/render/labels.js";
import { createTemplates } from "../../../src/render/templates.js";
import type { Book } from "../../../src/model/book.js";
import { articleBook, seedBook } from "../../helpers/books.js";

const templates = createTemplates();
const docsImages = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "docs", "images");
let browser: BrowserSession | undefined;
let why = "";

beforeAll(async () => {
  const opened = await openBrowser({ env: process.env });
  browser = opened.value;
  why = opened.diagnostics.map((d) => d.message).join("; ");
});
afterAll(async () => {
  await browser?.close();
});

async function resvgCover(book: Book): Promise<Uint8Array> {
  const { cover, diagnostics } = await makeCover({ book, templates, labels: labelsFor({ metadata: book.metadata, templates }) });
  expect(diagnostics).toEqual([]);
  expect(cover.mediaType).toBe("image/png");
  return cover.bytes;
}

async function chromiumCover(b: BrowserSession, book: Book): Promise<Uint8Array> {
  const fonts = allBookFontFiles();
  const html = await templates.render("cover.liquid", { book, labels: labelsFor({ metadata: book.metadata, templates }), fontFaces: fontFaceCss({ files: fonts, urlPrefix: "fonts/" }) });
  const files = new Map<string, ServedFile>(fonts.map((f) => [`fonts/${f.fileName}`, { bytes: f.bytes, mediaType: f.mediaType }]));
  return b.screenshot({ html, files, width: COVER_WIDTH, height: COVER_HEIGHT, deviceScaleFactor: 1 });
}

type Decoded = { width: number; height: number; data: Buffer };
const decode = (bytes: Uint8Array): Decoded => (PNG as { sync: { read(b: Buffer): Decoded } }).sync.read(Buffer.from(bytes));

/**
 * Share of 40×40 cells whose mean brightness differs by more than 12 of 255. Glyphs a pixel or two
 * apart (resvg and Chromium anti-alias differently, and the web cut sets slightly wider) change a
 * cell little; a line set elsewhere or wrapped differently changes many.
 */
function differing(a: Uint8Array, b: Uint8Array): number {
  const pa = decode(a);
  const pb = decode(b);
  expect([pa.width, pa.height]).toEqual([pb.width, pb.height]);
  const cell = 40;
  let cells = 0;
  let off = 0;
  for (let cy = 0; cy < pa.height; cy += cell) {
    for (let cx = 0; cx < pa.width; cx += cell) {
      let sa = 0;
      let sb = 0;
      for (let y = cy; y < cy + cell; y++) {
        for (let x = cx; x < cx + cell; x++) {
          const i = (y * pa.width + x) * 4;
          sa += pa.data[i]! + pa.data[i + 1]! + pa.data[i + 2]!;
          sb += pb.data[i]! + pb.data[i + 1]! + pb.data[i + 2]!;
        }
      }
      cells++;
      if (Math.abs(sa - sb) / (cell * cell * 3) > 12) off++;
    }
  }
  return off / cells;
}

describe("the generated cover", () => {
  test("is a 1600×2560 PNG made without a browser, the same bytes every time", async () => {
    const book = await seedBook();
    const png = await resvgCover(book);
    const image = decode(png);
    expect([image.width, image.height]).toEqual([1600, 2560]);
    expect(Buffer.from(await resvgCover(book)).equals(Buffer.from(png))).toBe(true);
    mkdirSync(docsImages, { recursive: true });
    if (process.env.UPDATE_SCREENSHOTS === "1") writeFileSync(join(docsImages, "epub-cover.png"), png);
  });

  test.for(["the seed", "a book with two authors and no subtitle"])("looks as cover.liquid does in Chromium (%s)", async (name: string, ctx) => {
    if (!browser) return ctx.skip(`no browser: ${why}`);
    const book = name === "the seed" ? await seedBook() : await articleBook({ metadata: { title: "How Much Land Does a Man Need?", subtitle: undefined, slug: "two-authors", authors: [{ name: "Leo Tolstoy" }, { name: "Louise Maude" }], publisher: "Small Press" } });
    const ours = await resvgCover(book);
    const theirs = await chromiumCover(browser, book);
    if (process.env.COVER_DIFF_DIR) {
      writeFileSync(join(process.env.COVER_DIFF_DIR, `${book.metadata.slug}-resvg.png`), ours);
      writeFileSync(join(process.env.COVER_DIFF_DIR, `${book.metadata.slug}-chromium.png`), theirs);
    }
    // Measured: 2–2.5 % of cells differ (the web cut is a little wider); a line wrapped as the OTF's
    // own widths would wrap it (no allowance for that) makes 5.5 %.
    expect(differing(ours, theirs)).toBeLessThan(0.035);
  });

  test("a script the typeface lacks is drawn from the Noto fonts, not left as boxes", async (ctx) => {
    if (!FALLBACK_FONT_DIRS.some((d) => existsSync(d))) return ctx.skip("no Noto fonts in /usr/share/fonts");
    const book = await seedBook({ metadata: { title: "戰爭與和平", subtitle: undefined } });
    const { svg, text } = await svgCover({ book, templates, alt: "Cover", labels: {} });
    const withNoto = await rasterize({ svg, text });
    const without = await rasterize({ svg, text, fallbackDirs: [] });
    expect(Buffer.from(withNoto).equals(Buffer.from(without))).toBe(false);
  });
});

/**
 * With Chromium at hand: the EPUB (whose generated cover resvg draws, browser or not) stays clean
 * and reproducible, and its pages render at a phone and a tablet size (the README's pictures of them
 * are taken in epub.js by test/reading/screenshots.test.ts; the cover's by test/render/epub/cover.test.ts).
 */
import { mkdirSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openBrowser, type BrowserSession, type ServedFile } from "../../../src/render/browser.js";
import { renderEpub } from "../../../src/render/epub/index.js";
import { createTemplates } from "../../../src/render/templates.js";
import { loadBook } from "../../../src/load-book.js";
import { articleBook, chaptersBook } from "../../helpers/books.js";
import { expectAllChecksClean, openEpub, type OpenedEpub } from "./inspect.js";

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

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const MEDIA: Record<string, string> = { css: "text/css", woff2: "font/woff2", svg: "image/svg+xml", png: "image/png", jpg: "image/jpeg" };

/** One content document of the EPUB with every file it may load, as the browser session takes it. */
async function page(epub: OpenedEpub, doc: string): Promise<{ html: string; files: Map<string, ServedFile> }> {
  const files = new Map<string, ServedFile>();
  for (const name of epub.names.filter((n) => n.startsWith("EPUB/") && !n.endsWith("/"))) {
    const ext = name.split(".").pop() ?? "";
    if (!MEDIA[ext]) continue;
    files.set(posix.relative("EPUB", name), { bytes: await epub.bytesOf(name), mediaType: MEDIA[ext]! });
  }
  return { html: await epub.text(`EPUB/${doc}`), files };
}

describe("with Chromium", () => {
  test("the generated cover is a 1600×2560 PNG marked cover-image, and the EPUB stays clean", async (ctx) => {
    if (!browser) return ctx.skip(`no browser: ${why}`);
    const result = await renderEpub({ book: await articleBook(), templates, browser });
    expect(result.diagnostics).toEqual([]);
    const epub = await openEpub(result);
    const opf = await epub.text("EPUB/package.opf");
    expect(opf).toContain('<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image" />');
    const png = await epub.bytesOf("EPUB/images/cover.png");
    expect(pngSize(png)).toEqual({ width: 1600, height: 2560 });
    // The cover's raster is the same from one render to the next, so the EPUB stays reproducible.
    const again = await renderEpub({ book: await articleBook(), templates, browser });
    expect(Buffer.from(again.artifacts[0]!.bytes).equals(Buffer.from(epub.bytes))).toBe(true);
    await expectAllChecksClean(epub.bytes, "cover.epub");
  });

  test("pages at phone and tablet sizes (screenshots for the README)", async (ctx) => {
    if (!browser) return ctx.skip(`no browser: ${why}`);
    mkdirSync(docsImages, { recursive: true });
    // The repository's real manuscript, so the README shows the book a user gets.
    const real = await loadBook({ dir: "manuscript" });
    if (!real.value) throw new Error(real.diagnostics.map((d) => d.message).join("\n"));
    const article = await openEpub(await renderEpub({ book: real.value.book, templates }));
    const chapters = await openEpub(await renderEpub({ book: await chaptersBook(), templates }));
    const shots = [
      { name: "epub-phone.png", epub: article, doc: "s1.xhtml", width: 390, height: 844 },
      { name: "epub-phone-note.png", epub: article, doc: "editorial-note.xhtml", width: 390, height: 844 },
      { name: "epub-phone-title.png", epub: article, doc: "title-page.xhtml", width: 390, height: 844 },
      { name: "epub-phone-contents.png", epub: article, doc: "nav.xhtml", width: 390, height: 844 },
      { name: "epub-tablet.png", epub: chapters, doc: "s2.xhtml", width: 820, height: 1180 },
    ];
    for (const shot of shots) {
      const png = await browser.screenshot({ ...(await page(shot.epub, shot.doc)), width: shot.width, height: shot.height, deviceScaleFactor: 1 });
      expect(pngSize(png)).toEqual({ width: shot.width, height: shot.height });
      // The README's pictures of these pages come from the reading-system harness (test/reading/screenshots.test.ts).
    }
  });
});

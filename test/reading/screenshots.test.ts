/**
 * The README's pictures, taken by the reading-system harness: the EPUB as epub.js shows it and
 * the HTML edition as Chromium shows it, on a phone and a tablet, light and dark. Every run takes
 * them (so a page that no longer renders fails here); only UPDATE_SCREENSHOTS=1 writes them to
 * docs/images/, so a test run leaves the tree clean.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "../helpers/books.js";
import { NO_BROWSER } from "../render/test-browser.js";
import { readingBook } from "./books.js";
import { PHONE, Readers, TABLET, type Viewport } from "./harness.js";

const IMAGES = join(ROOT, "docs", "images");
const update = process.env.UPDATE_SCREENSHOTS === "1";
const DESKTOP: Viewport = { name: "tablet", width: 1280, height: 900 };

let readers: Readers;
beforeAll(async () => {
  if (!NO_BROWSER) readers = (await Readers.open())!;
});
afterAll(async () => {
  await readers?.close();
});

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function keep(name: string, png: Uint8Array, viewport: Viewport): void {
  expect(pngSize(png)).toEqual({ width: viewport.width, height: viewport.height });
  if (!update) return;
  mkdirSync(IMAGES, { recursive: true });
  writeFileSync(join(IMAGES, name), png);
}

describe.skipIf(NO_BROWSER)("the README's pictures", () => {
  test("the EPUB in epub.js: phone and tablet, light and dark", async () => {
    const seed = await readingBook("seed");
    const manifesto = await readingBook("manifesto");
    const shots = [
      { name: "epub-phone.png", epub: seed.epub, href: "s1.xhtml", viewport: PHONE, dark: false },
      { name: "epub-phone-dark.png", epub: seed.epub, href: "s1.xhtml", viewport: PHONE, dark: true },
      { name: "epub-phone-title.png", epub: seed.epub, href: "title-page.xhtml", viewport: PHONE, dark: false },
      { name: "epub-phone-contents.png", epub: manifesto.epub, href: "nav.xhtml", viewport: PHONE, dark: false },
      { name: "epub-phone-note.png", epub: seed.epub, href: "editorial-note.xhtml", viewport: PHONE, dark: false },
      { name: "epub-tablet.png", epub: manifesto.epub, href: "s3.xhtml", viewport: TABLET, dark: false },
      { name: "epub-tablet-dark.png", epub: manifesto.epub, href: "s3.xhtml", viewport: TABLET, dark: true },
    ];
    for (const shot of shots) {
      const view = await readers.epubjs(shot);
      keep(shot.name, await view.screenshot(), shot.viewport);
      await view.page.close();
    }
  });

  test("the HTML edition: phone, tablet and desktop, light and dark", async () => {
    const { html } = await readingBook("seed");
    const shots = [
      { name: "html-phone.png", viewport: PHONE, dark: false, at: "" },
      { name: "html-phone-dark.png", viewport: PHONE, dark: true, at: "editorial-note" },
      { name: "html-tablet.png", viewport: TABLET, dark: false, at: "" },
      { name: "html-tablet-dark.png", viewport: TABLET, dark: true, at: "s1" },
      { name: "html-desktop.png", viewport: DESKTOP, dark: false, at: "" },
    ];
    for (const shot of shots) {
      const page = await readers.web({ html, viewport: shot.viewport, dark: shot.dark, ...(shot.at ? { fragment: shot.at } : {}) });
      keep(shot.name, new Uint8Array(await page.screenshot({ type: "png" })), shot.viewport);
      await page.close();
    }
  });
});

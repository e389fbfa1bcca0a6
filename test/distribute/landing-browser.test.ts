/**
 * The landing page in real Chromium, opened from a packet folder on disk as a reader would open
 * it out of the zip: covers load from covers/ beside it under its own CSP, nothing else is
 * requested, it fits a phone's width, it turns dark with the system, and axe-core (the engine in
 * DAISY Ace) finds nothing to fault in either mode. With UPDATE_SCREENSHOTS=1 it saves the
 * README's pictures (docs/images/landing-phone*.png). Covers are drawn from the
 * fixtures' own cover template, as `imprint packet` would.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { landingPage } from "../../src/distribute/index.js";
import type { Catalogue } from "../../src/distribute/catalogue.js";
import { findBrowser } from "../../src/render/browser.js";
import { createTemplates } from "../../src/render/templates.js";
import type { Book } from "../../src/model/book.js";
import { manifestoBook, seedBook, tolstoyBook } from "../helpers/books.js";
import { readingPacket } from "./catalogue-fixture.js";

const executablePath = findBrowser({ env: process.env }).path;
const IMAGES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "images");
const update = process.env.UPDATE_SCREENSHOTS === "1";

describe.skipIf(!executablePath)("the landing page in Chromium (skipped: no Chromium found)", () => {
  let browser: Browser;
  let folder: string;
  let catalogue: Catalogue;
  const requests: string[] = [];
  const refused: string[] = [];

  /** A cover from cover.liquid (the EPUB's design), screenshot at a quarter of its 1600×2560 size. */
  async function cover(book: Book, file: string): Promise<void> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1600, height: 2560, deviceScaleFactor: 0.25 });
    await page.setContent(await createTemplates().render("cover.liquid", { book, fontFaces: "" }), { waitUntil: "load" });
    writeFileSync(file, await page.screenshot({ type: "png" }));
    await page.close();
  }

  beforeAll(async () => {
    browser = await puppeteer.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-gpu"] });
    folder = mkdtempSync(join(tmpdir(), "imprint-landing-"));
    catalogue = readingPacket({ url: "https://example.org/packets/reading/" });
    mkdirSync(join(folder, "covers"));
    mkdirSync(join(folder, "items"));
    const seed = await seedBook();
    const books: Record<string, Book> = {
      "reading-packet": { ...seed, metadata: { ...seed.metadata, title: catalogue.packet.title, subtitle: catalogue.packet.subtitle, authors: [], publisher: catalogue.packet.publisher } },
      "civil-disobedience": { ...seed, metadata: { ...seed.metadata, title: "Civil Disobedience", subtitle: undefined, authors: [{ name: "Henry David Thoreau" }] } },
      "communist-manifesto": await manifestoBook(),
      "how-much-land": await tolstoyBook(),
    };
    for (const entry of [catalogue.packet, ...catalogue.items]) {
      const book = books[entry.slug] as Book;
      await cover(book, join(folder, entry.cover?.path ?? ""));
      await cover(book, join(folder, entry.thumbnail?.path ?? ""));
      for (const e of entry.editions) writeFileSync(join(folder, e.path), "edition");
    }
    writeFileSync(join(folder, "index.html"), await landingPage({ catalogue }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  async function open({ width, height, dark }: { width: number; height: number; dark: boolean }): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width, height, deviceScaleFactor: 2, isMobile: width < 600, hasTouch: width < 600 });
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: dark ? "dark" : "light" }]);
    page.on("request", (r) => void requests.push(r.url()));
    page.on("console", (m) => {
      if (/Content Security Policy|Refused/.test(m.text())) refused.push(m.text());
    });
    await page.goto(pathToFileURL(join(folder, "index.html")).href, { waitUntil: "load", timeout: 30_000 });
    return page;
  }

  it("loads its covers from the folder beside it, and nothing else", async () => {
    const page = await open({ width: 390, height: 844, dark: false });
    const images = await page.$$eval("img", (imgs) => imgs.map((i) => ({ src: i.getAttribute("src"), ok: i.complete && i.naturalWidth > 0 })));
    await page.evaluate(() => Promise.all(Array.from(document.images).map((i) => (i.complete ? undefined : new Promise((r) => i.addEventListener("load", r))))));
    const loaded = await page.$$eval("img", (imgs) => imgs.map((i) => i.naturalWidth > 0));
    expect(images.length).toBe(4);
    expect(loaded).toEqual([true, true, true, true]);
    const base = pathToFileURL(folder).href;
    expect(requests.filter((u) => !u.startsWith(base))).toEqual([]);
    expect(refused).toEqual([]);
    await page.close();
  }, 60_000);

  it("fits a phone's width with readable text and large download buttons", async () => {
    const page = await open({ width: 360, height: 780, dark: false });
    const m = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      font: parseFloat(getComputedStyle(document.body).fontSize),
      buttons: Array.from(document.querySelectorAll(".edition")).map((a) => a.getBoundingClientRect().height),
    }));
    expect(m.scroll).toBeLessThanOrEqual(360);
    expect(m.font).toBeGreaterThanOrEqual(16);
    for (const h of m.buttons) expect(h).toBeGreaterThanOrEqual(44);
    await page.close();
  }, 60_000);

  it("turns dark with the system", async () => {
    const light = await open({ width: 390, height: 844, dark: false });
    const dark = await open({ width: 390, height: 844, dark: true });
    const bg = (p: Page) => p.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const luminance = (c: string) => (c.match(/\d+/g) ?? []).slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
    expect(luminance(await bg(light))).toBeGreaterThan(200);
    expect(luminance(await bg(dark))).toBeLessThan(60);
    await light.close();
    await dark.close();
  }, 60_000);

  it("has no accessibility violations (axe-core: WCAG 2 A/AA and best practices), light or dark", async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve("@daisy/axe-core-for-ace/axe.min.js"), "utf8");
    for (const dark of [false, true]) {
      const page = await open({ width: 390, height: 844, dark });
      // The page's own policy forbids scripts; the test's inspector is let in through CDP.
      const session = await page.createCDPSession();
      await session.send("Runtime.evaluate", { expression: axe });
      const { result } = await session.send("Runtime.evaluate", {
        expression: `axe.run(document, { resultTypes: ["violations"] }).then(r => JSON.stringify(r.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(" "))])))`,
        awaitPromise: true,
        returnByValue: true,
      });
      expect(JSON.parse(String(result.value)), `dark=${dark}`).toEqual([]);
      await page.close();
    }
  }, 60_000);

  it.skipIf(!update)("saves the README's pictures (UPDATE_SCREENSHOTS=1)", async () => {
    mkdirSync(IMAGES, { recursive: true });
    for (const shot of [{ file: "landing-phone.png", dark: false, scrollTo: undefined }, { file: "landing-phone-dark.png", dark: true, scrollTo: "#contents-title" }]) {
      const page = await open({ width: 390, height: 844, dark: shot.dark });
      if (shot.scrollTo) await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView(), shot.scrollTo);
      writeFileSync(join(IMAGES, shot.file), await page.screenshot({ type: "png" }));
      await page.close();
    }
  }, 120_000);
});

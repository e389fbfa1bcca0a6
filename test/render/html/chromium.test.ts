/**
 * The HTML edition in real Chromium (no mocks): it loads nothing from outside, uses the embedded
 * book typeface, fits a phone's width, and turns dark with the system (the README's pictures of it
 * are taken by test/reading/screenshots.test.ts). Accessibility is judged by axe-core, the
 * engine inside DAISY Ace (a dependency), in light and dark mode.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import puppeteer, { type Browser, type Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser } from "../../../src/render/browser.js";
import { renderHtml } from "../../../src/render/html/index.js";
import { loadBook } from "../../../src/load-book.js";
import { createTemplates } from "../../../src/render/templates.js";
import type { Book } from "../../../src/model/book.js";
import { chaptersBook, seedBook } from "../../helpers/books.js";

const ORIGIN = "https://book.invalid";
const executablePath = findBrowser({ env: process.env }).path;


/** The element is wider than its box and scrolls inside it: the 360 px page itself never widens. */
async function expectScrollsInItsOwnBox({ page, selector }: { page: Page; selector: string }): Promise<void> {
  const sizes = await page.evaluate((sel) => {
    const el = document.querySelector(sel) as HTMLElement;
    return { page: document.documentElement.scrollWidth, inner: window.innerWidth, content: el.scrollWidth, box: el.clientWidth };
  }, selector);
  expect(sizes.page).toBeLessThanOrEqual(360);
  expect(sizes.inner).toBe(360);
  expect(sizes.content).toBeGreaterThan(sizes.box);
  await page.close();
}

describe.skipIf(!executablePath)("HTML edition in Chromium (skipped: no Chromium found)", () => {
  let browser: Browser;
  let html: string;
  const requests: string[] = [];

  beforeAll(async () => {
    const result = await renderHtml({ book: await seedBook(), templates: createTemplates() });
    html = new TextDecoder().decode(result.artifacts[0]?.bytes);
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-gpu"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open({ width, height, dark, page: body }: { width: number; height: number; dark: boolean; page?: string }): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width, height, deviceScaleFactor: 2, isMobile: width < 600, hasTouch: width < 600 });
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: dark ? "dark" : "light" }]);
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      const url = request.url();
      if (url === `${ORIGIN}/`) {
        void request.respond({ status: 200, contentType: "text/html; charset=utf-8", body: body ?? html });
      } else {
        if (!url.startsWith("data:")) requests.push(url);
        void request.abort();
      }
    });
    await page.goto(`${ORIGIN}/`, { waitUntil: "load", timeout: 30_000 });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return page;
  }

  /** A one-file book's HTML edition on a 360-pixel phone. */
  async function phoneBook({ metadata, text }: { metadata: string; text: string }): Promise<Page> {
    const dir = mkdtempSync(join(tmpdir(), "imprint-phone-html-"));
    writeFileSync(join(dir, "metadata.yaml"), metadata);
    writeFileSync(join(dir, "01-text.md"), text);
    const loaded = await loadBook({ dir, cwd: dir });
    expect(loaded.value).toBeDefined();
    const result = await renderHtml({ book: (loaded.value as NonNullable<typeof loaded.value>).book, templates: createTemplates() });
    return open({ width: 360, height: 740, dark: false, page: new TextDecoder().decode(result.artifacts[0]?.bytes) });
  }

  it("loads nothing but itself and shows the text in Source Serif 4", async () => {
    const page = await open({ width: 390, height: 844, dark: false });
    const session = await page.createCDPSession();
    await session.send("DOM.enable");
    await session.send("CSS.enable");
    const { root } = await session.send("DOM.getDocument");
    const { nodeId } = await session.send("DOM.querySelector", { nodeId: root.nodeId, selector: "#s1 > p" });
    const { fonts } = await session.send("CSS.getPlatformFontsForNode", { nodeId });
    expect(fonts.map((f) => f.familyName)).toContain("Source Serif 4");
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);

  it("fits a 360-pixel phone without sideways scrolling", async () => {
    const page = await open({ width: 360, height: 740, dark: false });
    const { scrollWidth, innerWidth, fontSize } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      fontSize: parseFloat(getComputedStyle(document.querySelector("#s1 > p") as Element).fontSize),
    }));
    // Against the width asked for: a mobile viewport widens innerWidth to a page wider than the screen.
    expect(scrollWidth).toBeLessThanOrEqual(360);
    expect(innerWidth).toBe(360);
    expect(fontSize).toBeGreaterThanOrEqual(16);
    await page.close();
  }, 60_000);

  it("keeps a table too wide for a phone scrolling in its own box, not the page", async () => {
    const cols = 14;
    const page = await phoneBook({
      metadata: "title: Wide\nauthors: Ada Writer\nlanguage: en\n",
      text: ["# Figures", "", "Before the table.", "", `|${Array.from({ length: cols }, (_, i) => `Year ${2000 + i}`).join("|")}|`, `|${"--:|".repeat(cols)}`, `|${Array.from({ length: cols }, (_, i) => `${i},${String(i * 37).padStart(3, "0")}`).join("|")}|`, ""].join("\n"),
    });
    await expectScrollsInItsOwnBox({ page, selector: "table" });
  }, 60_000);

  it("keeps a code line too long for a phone scrolling in its own box, not the page", async () => {
    const page = await phoneBook({
      metadata: "title: Code\nauthors: Ada Writer\nlanguage: en\n",
      text: `# Code\n\nBefore.\n\n\`\`\`js\nsetTimeout(() => console.log("${"a".repeat(60)}"), ${"1".repeat(40)});\n\`\`\`\n\nAfter.\n`,
    });
    await expectScrollsInItsOwnBox({ page, selector: "pre" });
  }, 60_000);

  it("an Arabic book has nothing past either edge to swipe into (the skip link is clipped, not moved off)", async () => {
    const page = await phoneBook({
      metadata: "title: كتاب\nauthors: كاتب\nlanguage: ar\n",
      text: "# مقدمة\n\nيولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميرًا وعليهم أن يعامل بعضهم بعضًا بروح الإخاء.[^1]\n\n[^1]: حاشية.\n",
    });
    const sizes = await page.evaluate(() => {
      const link = document.querySelector(".skip-link") as HTMLElement;
      const box = link.getBoundingClientRect();
      return { dir: document.documentElement.dir, page: document.documentElement.scrollWidth, inner: window.innerWidth, linkLeft: box.left, linkRight: box.right };
    });
    expect(sizes.dir).toBe("rtl");
    expect(sizes.page).toBeLessThanOrEqual(360);
    expect(sizes.inner).toBe(360);
    expect(sizes.linkLeft).toBeGreaterThanOrEqual(0);
    expect(sizes.linkRight).toBeLessThanOrEqual(360);
    await page.close();
  }, 60_000);

  it("follows the system's dark mode", async () => {
    const colour = async (dark: boolean): Promise<number> => {
      const page = await open({ width: 390, height: 844, dark });
      const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      await page.close();
      const [r = 0, g = 0, b = 0] = (bg.match(/\d+/g) ?? []).map(Number);
      return (r + g + b) / 3;
    };
    expect(await colour(false)).toBeGreaterThan(200);
    expect(await colour(true)).toBeLessThan(60);
  }, 60_000);

  it("has no accessibility violations (axe-core: WCAG 2 A/AA and best practices), light or dark", async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve("@daisy/axe-core-for-ace/axe.min.js"), "utf8");
    const render = async (book: Book) => new TextDecoder().decode((await renderHtml({ book, templates: createTemplates() })).artifacts[0]?.bytes);
    for (const body of [html, await render(await chaptersBook())]) {
      for (const dark of [false, true]) {
        const page = await open({ width: 390, height: 844, dark, page: body });
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
    }
  }, 60_000);
});

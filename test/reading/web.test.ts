/**
 * The HTML edition as a reader uses it in Chromium: a balanced title, the same contents as the
 * EPUB's (untitled sections by their opening words), an imprint that shows an ISBN as books do
 * and no UUID, a place kept in the URL across a reload, contents one tap away on a phone, and a
 * page that prints well (Chromium's print to PDF: no screen chrome, nothing cut, sections on new
 * pages, every word there).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { NO_BROWSER } from "../render/test-browser.js";
import { readingBook } from "./books.js";
import { PHONE, Readers, TABLET } from "./harness.js";
import { checkOverride } from "../../src/load/overrides.js";
import { renderHtml } from "../../src/render/html/index.js";
import { PLACE_SCRIPT } from "../../src/render/html/place-script.js";
import { createTemplates, readBuiltInTemplates } from "../../src/render/templates.js";

let readers: Readers;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "imprint-web-"));
  if (!NO_BROWSER) readers = (await Readers.open())!;
});
afterAll(async () => {
  await readers?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The contents entries' texts of an XHTML or HTML document's toc nav. */
function tocEntries(markup: string): string[] {
  const nav = /<nav class="contents"[\s\S]*?<\/nav>/.exec(markup)?.[0] ?? "";
  return [...nav.matchAll(/<a [^>]*>([\s\S]*?)<\/a>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim());
}

describe("the HTML edition's contents and imprint agree with the EPUB", () => {
  test.each(["seed", "manifesto", "typography"] as const)("%s: the HTML contents list what the EPUB's navigation lists; no entry is the book's title", async (name) => {
    const { book, epub, html } = await readingBook(name);
    const nav = await (await JSZip.loadAsync(epub)).file("EPUB/nav.xhtml")!.async("string");
    const inEpub = tocEntries(nav);
    expect(inEpub.length).toBeGreaterThan(0);
    expect(tocEntries(html)).toEqual(inEpub);
    expect(inEpub).not.toContain(book.metadata.title);
  });

  test("an ISBN shows as ISBN and a UUID nowhere, in the HTML and the EPUB", async () => {
    const seed = await readingBook("seed");
    const seedImprint = await (await JSZip.loadAsync(seed.epub)).file("EPUB/imprint.xhtml")!.async("string");
    for (const markup of [seed.html, seedImprint]) {
      const imprint = /<section class="imprint"[\s\S]*?<\/section>/.exec(markup)![0];
      expect(imprint).not.toContain("urn:uuid");
      expect(imprint).not.toContain(seed.book.metadata.identifier.value);
    }
    const typo = await readingBook("typography");
    expect(typo.html).toContain('<p class="identifier">ISBN&#160;<span class="isbn">9780306406157</span></p>');
  });
});

describe("a manuscript's copy of web.liquid", () => {
  test("passes the override checks and still keeps the reader's place", async () => {
    const builtIn = readBuiltInTemplates().find((t) => t.name === "web.liquid")!;
    expect(await checkOverride({ source: { name: "web.liquid", text: builtIn.text, displayPath: "my-book/templates/web.liquid" }, rootReal: dir })).toEqual([]);
    const templates = createTemplates({ overrides: [{ name: "web.liquid", text: builtIn.text, origin: "manuscript", path: "my-book/templates/web.liquid" }] });
    const { book } = await readingBook("seed");
    const result = await renderHtml({ book, templates });
    expect(result.diagnostics).toEqual([]);
    expect(new TextDecoder().decode(result.artifacts[0]!.bytes)).toContain(`<script>${PLACE_SCRIPT}</script>`);
  });
});

describe.skipIf(NO_BROWSER)("the HTML edition in Chromium", () => {
  test.each([PHONE, TABLET])("the title's lines are balanced at $width px, none ends on a word alone", async (viewport) => {
    const { html } = await readingBook("seed");
    const page = await readers.web({ html, viewport });
    const lines = await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector(".titlepage .title")!);
      const byLine = new Map<number, number>();
      for (const r of Array.from(range.getClientRects())) byLine.set(Math.round(r.bottom), (byLine.get(Math.round(r.bottom)) ?? 0) + r.width);
      return [...byLine.values()];
    });
    await page.close();
    expect(lines.length).toBeGreaterThan(1);
    expect(Math.min(...lines) / Math.max(...lines), lines.join(", ")).toBeGreaterThan(0.6);
  });

  test("the ISBN stays on one line on a phone", async () => {
    const { html } = await readingBook("typography");
    const page = await readers.web({ html, viewport: PHONE });
    const rects = await page.evaluate(() => document.querySelector(".imprint .isbn")!.getClientRects().length);
    await page.close();
    expect(rects).toBe(1);
  });

  test("the URL follows the section in view and a reload opens there; the script passes the CSP", async () => {
    const { html, book } = await readingBook("manifesto");
    const page = await readers.web({ html, viewport: PHONE });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));
    const entries = await page.evaluate(() => history.length);
    const target = book.sections[3]!.title!.id;
    await page.evaluate((id) => document.getElementById(id)!.scrollIntoView(), target);
    await page.waitForFunction((id) => location.hash === `#${id}`, { timeout: 5_000 }, target);
    // Further down the same section the place is still that section (or a heading inside it).
    await page.evaluate(() => window.scrollBy(0, innerHeight * 2));
    await new Promise((r) => setTimeout(r, 200));
    const hash = await page.evaluate(() => location.hash.slice(1));
    expect(await page.evaluate((id) => document.getElementById(id)?.closest("section.section")?.id, hash)).toBe(book.sections[3]!.id);
    expect(await page.evaluate(() => history.length), "replaceState adds no history entries").toBe(entries);
    // Opened again from that URL (a bookmark, a shared link, a new tab), the page opens there.
    const again = await readers.web({ html, viewport: PHONE, fragment: hash });
    const top = await again.evaluate((id) => document.getElementById(id)!.getBoundingClientRect().top, hash);
    await again.close();
    expect(top).toBeGreaterThanOrEqual(-2);
    expect(top).toBeLessThan(PHONE.height * 0.3);
    // A reload keeps the place too (the browser restores the scroll position of the same URL).
    const before = await page.evaluate(() => scrollY);
    await page.reload({ waitUntil: "load" });
    await page.waitForFunction((y) => Math.abs(scrollY - y) < 2, { timeout: 5_000 }, before);
    expect(await page.evaluate(() => location.hash.slice(1))).toBe(hash);
    await page.close();
    expect(problems).toEqual([]);
  });

  test("on a phone the contents are one tap away from the middle of the text", async () => {
    const { html } = await readingBook("manifesto");
    const page = await readers.web({ html, viewport: PHONE });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    const link = await page.evaluate(() => {
      const a = document.querySelector("a.contents-link")!;
      const r = a.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return { width: r.width, height: r.height, top: r.top, bottom: r.bottom, onTop: hit === a || a.contains(hit) };
    });
    expect(link.onTop).toBe(true);
    expect(link.top).toBeGreaterThanOrEqual(0);
    expect(link.bottom).toBeLessThanOrEqual(PHONE.height);
    expect(link.width).toBeGreaterThanOrEqual(24);
    expect(link.height).toBeGreaterThanOrEqual(24);
    await page.click("a.contents-link");
    await page.waitForFunction(() => {
      const r = document.getElementById("contents")!.getBoundingClientRect();
      return r.top >= -2 && r.top < innerHeight / 2;
    }, { timeout: 5_000 });
    await page.close();
  });
});

describe.skipIf(NO_BROWSER)("the HTML edition printed from Chromium", () => {
  test("no screen chrome, nothing cut at the page edge, every section on a new page, every word there", async () => {
    const { html, book } = await readingBook("manifesto");
    const page = await readers.web({ html, viewport: TABLET });
    await page.emulateMediaType("print");
    const pdf = join(dir, "manifesto.pdf");
    writeFileSync(pdf, await page.pdf({ format: "A4", printBackground: false }));
    await page.close();
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"]).toString("utf8");
    expect(text).not.toContain("Skip to the text");
    // "Contents" once: the contents' own heading (no floating button, no link back). Its small
    // capitals come out of pdftotext letter-spaced ("C on t e n t s").
    expect(text.match(/C\s*o\s*n\s*t\s*e\s*n\s*t\s*s/gi)).toHaveLength(1);
    const pages = text.split("\f");
    for (const s of book.sections) {
      if (!s.title) continue;
      const first = s.title.text.split(/\s+/)[0]!;
      expect(pages.some((p) => p.trimStart().startsWith(first)), `"${s.title.text}" opens a page`).toBe(true);
    }
    // Every paragraph whole (spacing forgiven: pdftotext sets note numbers apart).
    // pdftotext joins a hyphen at a line end into one word ("wage-labor" → "wagelabor").
    const squash = (t: string): string => t.replace(/[\s-]+/g, "");
    const flat = squash(text);
    for (const s of book.sections) for (const b of s.blocks.filter((x) => x.kind === "paragraph")) expect(flat.includes(squash(b.text)), b.text.slice(0, 60)).toBe(true);
    // Nothing beyond the page's edges: every word's box inside the media box.
    const boxes = execFileSync("pdftotext", ["-bbox", pdf, "-"], { maxBuffer: 64 * 1024 * 1024 }).toString("utf8");
    const pageSize = /<page width="([\d.]+)" height="([\d.]+)"/.exec(boxes)!;
    const width = Number(pageSize[1]);
    for (const m of boxes.matchAll(/<word xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)"/g)) {
      expect(Number(m[1])).toBeGreaterThanOrEqual(0);
      expect(Number(m[2])).toBeLessThanOrEqual(width);
    }
  });
});

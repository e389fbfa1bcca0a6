/**
 * What a reader sees of the EPUB in epub.js and under Readium CSS, at phone and tablet sizes:
 * a centred title page, indents kept where a print-page marker falls, no justified text without
 * hyphenation or on a short measure, note references big enough to tap, a cover that fills its
 * page, every spine item shown and every internal link landing on its target, code wrapped, and
 * formulas set as math in the EPUB's own math face.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderEpub } from "../../src/render/epub/index.js";
import { fixtureBook } from "../helpers/books.js";
import { NO_BROWSER } from "../render/test-browser.js";
import { BOOK_NAMES, readingBook } from "./books.js";
import { PHONE, READERS, Readers, TABLET, unzipBook, VIEWPORTS, type ReaderName, type ReaderView, type Viewport } from "./harness.js";

let readers: Readers;
beforeAll(async () => {
  if (!NO_BROWSER) readers = (await Readers.open())!;
});
afterAll(async () => {
  await readers?.close();
});

async function show({ reader, name, viewport, href }: { reader: ReaderName; name: (typeof BOOK_NAMES)[number]; viewport: Viewport; href: string }): Promise<ReaderView> {
  const { epub } = await readingBook(name);
  return reader === "epubjs" ? readers.epubjs({ epub, viewport, href }) : readers.readium({ book: await unzipBook(epub), viewport, href });
}

/** Each line box of the element's text, left and right gaps to the element's content box. */
function lineGaps(doc: Document, win: Window, selector: string): Array<{ cls: string; align: string; gaps: Array<[number, number]> }> {
  return Array.from(doc.querySelectorAll(selector)).map((el) => {
    const box = el.getBoundingClientRect();
    const cs = win.getComputedStyle(el);
    const left = box.left + parseFloat(cs.paddingLeft);
    const right = box.right - parseFloat(cs.paddingRight);
    const range = doc.createRange();
    range.selectNodeContents(el);
    // One rect per line: merge the inline fragments that share a line.
    const lines = new Map<number, [number, number]>();
    for (const r of Array.from(range.getClientRects())) {
      if (r.width === 0) continue;
      const key = Math.round(r.bottom);
      const seen = lines.get(key);
      lines.set(key, seen ? [Math.min(seen[0], r.left), Math.max(seen[1], r.right)] : [r.left, r.right]);
    }
    return { cls: el.className, align: cs.textAlign, gaps: [...lines.values()].map(([a, b]) => [a - left, right - b] as [number, number]) };
  });
}

describe.skipIf(NO_BROWSER)("the EPUB in reading systems", () => {
  for (const reader of READERS) {
    for (const viewport of VIEWPORTS) {
      describe(`${reader}, ${viewport.name} ${viewport.width}×${viewport.height}`, () => {
        test.each(BOOK_NAMES)("the title page of %s is centred, every line of it", async (name) => {
          const view = await show({ reader, name, viewport, href: "title-page.xhtml" });
          const blocks = await view.inDocument(lineGaps, ".titlepage > *");
          await view.page.close();
          expect(blocks.length).toBeGreaterThan(1);
          for (const b of blocks) {
            expect(b.align, `${b.cls}`).toBe("center");
            for (const [l, r] of b.gaps) expect(Math.abs(l - r), `${b.cls}: ${l} px left, ${r} px right`).toBeLessThan(2);
          }
        });

        test.each(BOOK_NAMES)("paragraphs of %s keep their indents where a print-page marker falls", async (name) => {
          const { book } = await readingBook(name);
          const section = book.sections.find((s) => s.blocks.filter((b) => b.kind === "paragraph").length > 4) ?? book.sections[0]!;
          const view = await show({ reader, name, viewport, href: `${section.id}.xhtml` });
          const indents = await view.inDocument((doc, win) => {
            const out: Array<{ id: string; indent: number; afterMarker: boolean; previous: string }> = [];
            for (const p of Array.from(doc.querySelectorAll("section.section p[id]"))) {
              // What precedes the paragraph for a reader: the element before it, markers skipped.
              let prev = p.previousElementSibling;
              let afterMarker = p.querySelector('[role="doc-pagebreak"]') !== null && p.firstElementChild?.getAttribute("role") === "doc-pagebreak";
              while (prev && prev.getAttribute("role") === "doc-pagebreak") {
                afterMarker = true;
                prev = prev.previousElementSibling;
              }
              out.push({ id: p.id, indent: parseFloat(win.getComputedStyle(p).textIndent), afterMarker, previous: prev ? prev.tagName.toLowerCase() : "" });
            }
            return out;
          }, null);
          await view.page.close();
          const marked = indents.filter((p) => p.afterMarker);
          expect(marked.length, "paragraphs with a page marker").toBeGreaterThan(0);
          // A paragraph that follows a paragraph is indented, marker or not; one after a heading is flush.
          for (const p of indents) {
            if (p.previous === "p") expect(p.indent, `${p.id} after a paragraph${p.afterMarker ? " and a page marker" : ""}`).toBeGreaterThan(0);
            if (/^h[1-6]$/.test(p.previous)) expect(p.indent, `${p.id} after a heading`).toBe(0);
          }
        });

        test.each(BOOK_NAMES)("text of %s is justified only with hyphenation, on a measure of 30em or more", async (name) => {
          const { book } = await readingBook(name);
          const section = book.sections.reduce((a, b) => (b.blocks.length > a.blocks.length ? b : a));
          const view = await show({ reader, name, viewport, href: `${section.id}.xhtml` });
          const paragraphs = await view.inDocument((doc, win) => {
            return Array.from(doc.querySelectorAll("section.section > p")).map((p) => {
              const cs = win.getComputedStyle(p);
              return { align: cs.textAlign, hyphens: cs.hyphens, lang: (p.closest("[lang]") as HTMLElement | null)?.lang ?? "", ems: p.getBoundingClientRect().width / parseFloat(cs.fontSize) };
            });
          }, null);
          await view.page.close();
          expect(paragraphs.length).toBeGreaterThan(0);
          for (const p of paragraphs) {
            expect(p.lang, "a language for hyphenation").not.toBe("");
            expect(p.hyphens).toBe("auto");
            if (p.align === "justify") expect(p.ems, "justified on a measure of").toBeGreaterThanOrEqual(30);
          }
          if (viewport === PHONE) expect(paragraphs.every((p) => p.align !== "justify"), "ragged on a phone").toBe(true);
        });

        test.each(BOOK_NAMES)("note references of %s are at least 24×24 px to tap", async (name) => {
          const { book } = await readingBook(name);
          const section = book.sections.find((s) => s.notes.length > 0);
          if (!section) return;
          const view = await show({ reader, name, viewport, href: `${section.id}.xhtml` });
          const sizes = await view.inDocument((doc) => Array.from(doc.querySelectorAll('a[role="doc-noteref"]')).map((a) => {
            const r = a.getBoundingClientRect();
            return { id: a.id, width: r.width, height: r.height };
          }), null);
          await view.page.close();
          expect(sizes.length).toBeGreaterThan(0);
          for (const s of sizes) {
            expect(s.width, `${s.id} width`).toBeGreaterThanOrEqual(24);
            expect(s.height, `${s.id} height`).toBeGreaterThanOrEqual(24);
          }
        });

        test("the cover is whole, undistorted, centred, and as large as the reader lets images be", async () => {
          const view = await show({ reader, name: "seed", viewport, href: "cover.xhtml" });
          const fit = await view.inDocument((doc, win) => {
            const img = doc.querySelector("section.cover img, section.cover svg image") as Element;
            const box = (img.closest("svg") ?? img) as Element;
            const r = img.getBoundingClientRect();
            const section = doc.querySelector("section.cover") as Element;
            const s = section.getBoundingClientRect();
            const cs = win.getComputedStyle(box);
            const body = win.getComputedStyle(doc.body);
            // The room a page gives the cover: its column, less what the reader caps images at.
            const cap = (v: string, room: number): number => (v === "none" || v.endsWith("%") ? room : Math.min(room, parseFloat(v)));
            const pageHeight = win.innerHeight - parseFloat(body.paddingTop) - parseFloat(body.paddingBottom);
            return {
              width: r.width, height: r.height, top: r.top, bottom: r.bottom,
              centre: r.left + r.width / 2 - (s.left + s.width / 2),
              roomWidth: cap(cs.maxWidth, s.width), roomHeight: cap(cs.maxHeight, pageHeight), pageHeight: win.innerHeight,
            };
          }, null);
          await view.page.close();
          expect(fit.bottom, "not cut at the foot").toBeLessThanOrEqual(fit.pageHeight + 1);
          expect(fit.top).toBeGreaterThanOrEqual(-1);
          expect(fit.width / fit.height).toBeCloseTo(1600 / 2560, 2);
          expect(Math.abs(fit.centre), "centred across the page").toBeLessThan(2);
          expect(Math.max(fit.width / fit.roomWidth, fit.height / fit.roomHeight), JSON.stringify(fit)).toBeGreaterThan(0.95);
          // Vertically centred in the room, not hung from the top of a tall page.
          expect(Math.abs(fit.top + fit.height / 2 - fit.pageHeight / 2), "centred down the page").toBeLessThan(fit.pageHeight * 0.05);
        });
      });
    }
  }
});

describe.skipIf(NO_BROWSER)("every spine item and every link", () => {
  test.each(READERS.flatMap((r) => BOOK_NAMES.map((n) => [r, n] as const)))("%s: every spine item of %s renders and every internal link lands on its target", async (reader, name) => {
    const { epub } = await readingBook(name);
    const opened = await unzipBook(epub);
    const view = reader === "epubjs" ? await readers.epubjs({ epub, viewport: TABLET }) : await readers.readium({ book: opened, href: opened.spine[0]!, viewport: TABLET });
    const links: string[] = [];
    for (const href of opened.spine) {
      await view.display(href);
      const shown = await view.inDocument((doc, win, _) => {
        const img = doc.querySelector("img");
        return {
          path: win.location.href,
          text: doc.body.textContent?.trim().length ?? 0,
          height: doc.body.getBoundingClientRect().height,
          image: img ? (img as HTMLImageElement).naturalWidth : -1,
          links: Array.from(doc.querySelectorAll("a[href]")).map((a) => a.getAttribute("href") ?? ""),
        };
      }, null);
      expect(shown.height, `${href} has a height`).toBeGreaterThan(0);
      expect(shown.text > 0 || shown.image > 0, `${href} shows text or its image`).toBe(true);
      for (const l of shown.links) if (!/^[a-z]+:/.test(l)) links.push(l.startsWith("#") ? `${href}${l}` : l);
    }
    expect(links.length).toBeGreaterThan(0);
    for (const link of new Set(links)) {
      const id = link.split("#")[1];
      await view.display(link);
      if (id) expect(await view.onScreen(id), `${link} is on the screen`).toBe(true);
    }
    await view.page.close();
  });
});

describe.skipIf(NO_BROWSER)("code in reading systems", () => {
  test.each(READERS.flatMap((r) => [PHONE, TABLET].map((v) => [r, v.name, v] as const)))("%s, %s: a code line longer than the page wraps inside its block", async (reader, _name, viewport) => {
    const dir = mkdtempSync(join(tmpdir(), "imprint-reading-code-"));
    writeFileSync(join(dir, "metadata.yaml"), "title: Code\nauthors: Ada Writer\nlanguage: en\n");
    writeFileSync(join(dir, "01-text.md"), `# Code\n\nBefore.\n\n\`\`\`js\nsetTimeout(() => console.log("${"a".repeat(90)}"), ${"1".repeat(60)});\n\`\`\`\n\nAfter.\n`);
    const { book, templates } = await fixtureBook(dir);
    const epub = (await renderEpub({ book, templates })).artifacts[0]!.bytes;
    const opened = await unzipBook(epub);
    const href = opened.spine.find((h) => /^s\d+\.xhtml$/.test(h)) ?? opened.spine[0]!;
    const view = reader === "epubjs" ? await readers.epubjs({ epub, viewport, href }) : await readers.readium({ book: opened, href, viewport });
    const pre = await view.inDocument((doc) => {
      const el = doc.querySelector("pre") as HTMLElement;
      const text = doc.querySelector("p") as HTMLElement;
      return { scroll: el.scrollWidth, box: el.clientWidth, width: el.getBoundingClientRect().width, column: text.getBoundingClientRect().width };
    }, null);
    await view.page.close();
    expect(pre.scroll, "nothing overflows the code block").toBeLessThanOrEqual(pre.box + 1);
    expect(pre.width, "the block is no wider than the text column").toBeLessThanOrEqual(pre.column + 1);
  });
});

describe.skipIf(NO_BROWSER)("formulas in reading systems", () => {
  test.each(READERS.map((r) => [r] as const))("%s, phone: formulas are laid out as math in the EPUB's math face, and none is wider than the column", async (reader) => {
    const { book, templates } = await fixtureBook(join(import.meta.dirname, "..", "fixtures", "books", "math"));
    const epub = (await renderEpub({ book, templates })).artifacts[0]!.bytes;
    const opened = await unzipBook(epub);
    const href = opened.spine.find((h) => /^s\d+\.xhtml$/.test(h)) ?? opened.spine[0]!;
    const view = reader === "epubjs" ? await readers.epubjs({ epub, viewport: PHONE, href }) : await readers.readium({ book: opened, href, viewport: PHONE });
    const seen = await view.inDocument(async (doc) => {
      await doc.fonts.ready;
      const line = parseFloat(getComputedStyle(doc.querySelector("p")!).lineHeight) || 20;
      const frac = doc.querySelector("mfrac")!.getBoundingClientRect();
      const column = doc.querySelector("p")!.getBoundingClientRect().width;
      const displays = Array.from(doc.querySelectorAll(`math[display="block"]`), (m) => m.getBoundingClientRect().width);
      // fonts.check() is true for a family no @font-face names; the face itself must be there, loaded.
      const face = Array.from(doc.fonts as unknown as Iterable<FontFace>).some((f) => f.family.replace(/["']/g, "") === "STIX Two Math" && f.status === "loaded");
      return { face, fraction: frac.height / line, column, widest: Math.max(...displays) };
    }, null);
    await view.page.close();
    expect(seen.face, "the EPUB's STIX Two Math is loaded").toBe(true);
    expect(seen.fraction, "a fraction stands two rows high").toBeGreaterThan(1.2);
    expect(seen.widest, "a displayed formula stays in the column").toBeLessThanOrEqual(seen.column + 1);
  });
});

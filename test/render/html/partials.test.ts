/**
 * The shared partials (title page, imprint, editorial note, contents, section, notes) as all three
 * editions include them: polyglot XHTML (parses as XML), escaped metadata, links that resolve.
 */
import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { createTemplates } from "../../../src/render/templates.js";
import type { Book } from "../../../src/model/book.js";
import { articleBook, chaptersBook, HOSTILE, hostileBook } from "./books.js";

const templates = createTemplates();
const EDITIONS = ["web", "epub", "print"] as const;

async function renderAll(book: Book, edition: string): Promise<string> {
  const parts: string[] = [];
  parts.push(await templates.render("title-page.liquid", { book, edition }));
  parts.push(await templates.render("imprint-page.liquid", { book, edition }));
  parts.push(await templates.render("contents.liquid", { book, edition }));
  parts.push(await templates.render("editorial-note.liquid", { book, edition }));
  for (const section of book.sections) parts.push(await templates.render("section.liquid", { section, book, edition }));
  return parts.join("\n");
}

/** Parses as XML (the EPUB's XHTML); any error or warning fails. */
function parseXml(body: string): Document {
  const errors: string[] = [];
  const xml = `<div xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">${body}</div>`;
  const doc = new DOMParser({ onError: (level, msg) => errors.push(`${level}: ${msg}`) }).parseFromString(xml, "application/xhtml+xml");
  expect(errors).toEqual([]);
  return doc as unknown as Document;
}

function ids(doc: Document): Set<string> {
  const out = new Set<string>();
  const all = doc.getElementsByTagName("*");
  for (let i = 0; i < all.length; i++) {
    const id = all.item(i)?.getAttribute("id");
    if (id) out.add(id);
  }
  return out;
}

function hrefs(doc: Document): string[] {
  const out: string[] = [];
  const links = doc.getElementsByTagName("a");
  for (let i = 0; i < links.length; i++) out.push(links.item(i)?.getAttribute("href") ?? "");
  return out;
}

describe("shared partials", () => {
  for (const edition of EDITIONS) {
    it(`are well-formed XML and every link resolves (${edition})`, async () => {
      for (const book of [articleBook(), chaptersBook()]) {
        const html = await renderAll(book, edition);
        const doc = parseXml(html);
        const known = ids(doc);
        for (const href of hrefs(doc)) {
          expect(href.startsWith("#"), href).toBe(true);
          expect(known.has(href.slice(1)), href).toBe(true);
        }
        // epub:type only where EPUB wants it: HTML5 does not allow it.
        expect(html.includes("epub:type")).toBe(edition === "epub");
      }
    });
  }

  it("title page credits authors and translator, imprint shows only given fields", async () => {
    const book = chaptersBook();
    const title = await templates.render("title-page.liquid", { book, edition: "web" });
    expect(title).toContain(`<span class="author">Karl Marx</span> and <span class="author">Friedrich Engels</span>`);
    expect(title).toContain(`Translated by <span class="contributor">Samuel Moore</span>`);
    expect(title).toContain(`Notes by <span class="contributor">Friedrich Engels</span>`);
    const imprint = await templates.render("imprint-page.liquid", { book, edition: "print" });
    expect(imprint).toContain("ISBN 9780306406157");
    expect(imprint).toContain("Public domain in the United States");
    expect(imprint).toContain(`<time datetime="1848">1848</time>`);
    const article = await templates.render("imprint-page.liquid", { book: articleBook(), edition: "print" });
    expect(article).not.toContain(`class="rights"`);
    expect(article).toContain(`<time datetime="2024-07-31">July 31, 2024</time>`);
    expect(article).toContain("urn:uuid:1b4e28ba");
    const gb = await templates.render("imprint-page.liquid", { book: articleBook({ language: "en-GB" }), edition: "print" });
    expect(gb).toContain(">31 July 2024<");
  });

  it("contents lists titles with nested level-2 headings, or an article's level-2 headings", async () => {
    const chapters = await templates.render("contents.liquid", { book: chaptersBook(), edition: "web" });
    expect(chapters).toContain(`<a href="#s1">Chapter <em>1</em></a>`);
    expect(chapters).toContain(`<a href="#s2-part">Part of 2</a>`);
    expect(chapters).not.toContain("s2-sub");
    const article = await templates.render("contents.liquid", { book: articleBook(), edition: "epub", hrefs: { s1: "s1.xhtml", "editorial-note": "note.xhtml" }, pages: undefined });
    expect(article).toContain(`<a href="s1.xhtml#s1-interference">`);
    expect(article).toContain(`<a href="note.xhtml#editorial-note">Editorial note</a>`);
    const print = await templates.render("contents.liquid", { book: articleBook(), edition: "print", pages: { "editorial-note": "vii", "s1-interference": "3" } });
    expect(print).toContain(`Interference of the regional ultraright</a> <span class="page">3</span>`);
  });

  it("notes link back to their references; EPUB notes are footnote asides", async () => {
    const book = articleBook();
    const section = book.sections[0];
    const web = await templates.render("section.liquid", { section, book, edition: "web" });
    expect(web).toContain(`<li class="note" id="s1-note-1">`);
    expect(web).toContain(`<a class="note-label" href="#ref-s1-note-1" role="doc-backlink">1</a>`);
    const epub = await templates.render("section.liquid", { section, book, edition: "epub" });
    expect(epub).toContain(`<aside class="note" id="s1-note-1" epub:type="footnote" role="doc-footnote">`);
  });

  it("labels can be localised", async () => {
    const book = articleBook();
    const out = await templates.render("editorial-note.liquid", { book, edition: "web", labels: { editorialNote: "Nota editorial" } });
    expect(out).toContain(">Nota editorial</h2>");
  });

  it("escapes hostile metadata and never evaluates it as a template", async () => {
    const book = hostileBook();
    for (const edition of EDITIONS) {
      const html = await renderAll(book, edition);
      parseXml(html);
      expect(html).not.toContain("<script");
      expect(html).not.toContain("<b>bold");
      expect(html).not.toContain("<img src=x");
      expect(html).toContain("{{ 1000 | plus: 337 }}");
      expect(html).not.toContain("1337");
      expect(html).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(HOSTILE).toContain("</script>");
    }
  });
});

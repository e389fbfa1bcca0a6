/**
 * The shared partials (title page, imprint, editorial note, contents, section, notes) as all three
 * editions include them: polyglot XHTML (parses as XML), escaped metadata, links that resolve.
 */
import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { createTemplates } from "../../../src/render/templates.js";
import type { Book } from "../../../src/model/book.js";
import { contentsOf } from "../../../src/render/contents.js";
import { articleBook, chaptersBook, HOSTILE, hostileMetadata } from "../../helpers/books.js";

const templates = createTemplates();
const EDITIONS = ["web", "epub", "print"] as const;

async function renderAll(book: Book, edition: string): Promise<string> {
  const parts: string[] = [];
  parts.push(await templates.render("title-page.liquid", { book, edition }));
  parts.push(await templates.render("imprint-page.liquid", { book, edition }));
  parts.push(await templates.render("contents.liquid", { book, edition, contents: contentsOf({ book }) }));
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
      for (const book of [await articleBook(), await chaptersBook()]) {
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
    const book = await chaptersBook();
    const title = await templates.render("title-page.liquid", { book, edition: "web" });
    expect(title).toContain(`<span class="author">Karl Marx</span> and <span class="author">Friedrich Engels</span>`);
    expect(title).toContain(`Translated by <span class="contributor">Samuel Moore</span>`);
    expect(title).toContain(`Notes by <span class="contributor">Friedrich Engels</span>`);
    const imprint = await templates.render("imprint-page.liquid", { book, edition: "print" });
    expect(imprint).toContain('ISBN&#160;<span class="isbn">9780306406157</span>');
    expect(imprint).toContain("Public domain in the United States");
    expect(imprint).toContain(`<time datetime="1975">1975</time>`);
    const articleBookOf = await articleBook();
    const article = await templates.render("imprint-page.liquid", { book: articleBookOf, edition: "print" });
    expect(article).not.toContain(`class="rights"`);
    expect(article).toContain(`<time datetime="2024-07-31">July 31, 2024</time>`);
    expect(articleBookOf.metadata.identifier).toMatchObject({ scheme: "uuid", derived: true });
    // A UUID is for machines: the package metadata has it, the imprint page does not.
    expect(article).not.toContain(articleBookOf.metadata.identifier.value);
    const gb = await templates.render("imprint-page.liquid", { book: await articleBook({ metadata: { language: "en-GB" } }), edition: "print" });
    expect(gb).toContain(">31 July 2024<");
  });

  it("contents lists titles with nested level-2 headings, or an article's opening words and its level-2 headings", async () => {
    const chaptersOf = await chaptersBook();
    const chapters = await templates.render("contents.liquid", { book: chaptersOf, edition: "web", contents: contentsOf({ book: chaptersOf }) });
    expect(chapters).toContain(`<a href="#s1">Preface</a>`);
    expect(chapters).toContain(`<a href="#s2">I. Bourgeois and Proletarians</a>`);
    expect(chapters).toContain(`<a href="#s2-the-epochs">The epochs</a>`);
    // The level-3 heading is below the default toc-depth of 2.
    expect(chapters).not.toContain("s2-a-detail");
    const book = await articleBook();
    const contents = contentsOf({ book });
    const article = await templates.render("contents.liquid", { book, edition: "epub", contents, hrefs: { s1: "s1.xhtml", "editorial-note": "note.xhtml" }, pages: undefined });
    // The untitled article is listed by its opening words, never by the book's title.
    expect(article).toContain(`<li class="contents-level-1 contents-chapter contents-opening"><a href="s1.xhtml#s1">July 31, 2024. The presidential election in Venezuela…</a>`);
    expect(article).not.toContain(`>Venezuela: Logbook of a new victory<`);
    expect(article).toContain(`<a href="s1.xhtml#s1-interference-of-the-regional-ultraright">Interference of the regional ultraright</a>`);
    expect(article).toContain(`<a href="note.xhtml#editorial-note">Editorial note</a>`);
    const print = await templates.render("contents.liquid", { book, edition: "print", contents, pages: { "editorial-note": "vii", s1: "1", "s1-interference-of-the-regional-ultraright": "3" } });
    expect(print).toContain(`Interference of the regional ultraright</a> <span class="page">3</span>`);
    expect(print).toContain(`Editorial note</a> <span class="page">vii</span>`);
  });

  it("notes link back to their references; EPUB notes are footnote asides", async () => {
    const book = await articleBook();
    const section = book.sections[0];
    const web = await templates.render("section.liquid", { section, book, edition: "web" });
    expect(web).toContain(`<li class="note" id="s1-note-1">`);
    expect(web).toContain(`<a class="note-label" href="#ref-s1-note-1" role="doc-backlink">1</a>`);
    const epub = await templates.render("section.liquid", { section, book, edition: "epub" });
    expect(epub).toContain(`<aside class="note" id="s1-note-1" epub:type="footnote" role="doc-footnote">`);
  });

  it("labels can be localised", async () => {
    const book = await articleBook();
    const out = await templates.render("editorial-note.liquid", { book, edition: "web", labels: { editorialNote: "Nota editorial" } });
    expect(out).toContain(">Nota editorial</h2>");
  });

  it("escapes hostile metadata and never evaluates it as a template", async () => {
    const book = await articleBook({ metadata: hostileMetadata() });
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

/**
 * The EPUB edition end to end: rendered from Books of fixture manuscripts (test/helpers/books.ts), then checked by the real EPUBCheck
 * (Java 4.2.6), epubcheck-ts and DAISY Ace: any message from any of them fails the test.
 */
import { describe, expect, test } from "vitest";
import { draftEpub, renderEpub } from "../../../src/render/epub/index.js";
import { createTemplates } from "../../../src/render/templates.js";
import { articleBook, booksFixture, chaptersBook, seedBook } from "../../helpers/books.js";
import { expectAllChecksClean, openEpub } from "./inspect.js";

const templates = createTemplates();

describe("the seed-shaped article", () => {
  test("passes EPUBCheck, epubcheck-ts and Ace with nothing to report", async () => {
    const result = await renderEpub({ book: await articleBook(), templates });
    expect(result.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(result.artifacts[0]!.name).toBe("venezuela-logbook-of-a-new-victory.epub");
    expect(result.artifacts[0]!.mediaType).toBe("application/epub+zip");
    await expectAllChecksClean(result.artifacts[0]!.bytes, "venezuela-logbook.epub");
  });

  test("credits the author (aut) and the translator (trl) with file-as, invents no rights", async () => {
    const book = await articleBook();
    const epub = await openEpub(await renderEpub({ book, templates }));
    const opf = await epub.text("EPUB/package.opf");
    expect(opf).toContain('<dc:creator id="creator-1">Sergio Rodríguez Gelfenstein</dc:creator>');
    expect(opf).toContain('<meta refines="#creator-1" property="file-as">Rodríguez Gelfenstein, Sergio</meta>');
    expect(opf).toContain('<meta refines="#creator-1" property="role" scheme="marc:relators">aut</meta>');
    expect(opf).toContain('<dc:contributor id="contributor-1">John Catalinotto</dc:contributor>');
    expect(opf).toContain('<meta refines="#contributor-1" property="role" scheme="marc:relators">trl</meta>');
    expect(opf).toContain('<meta refines="#contributor-1" property="file-as">Catalinotto, John</meta>');
    // The subtitle is a second dc:title without title-type "subtitle" (calibre would join it into its title).
    expect(opf).toContain('<dc:title id="subtitle">');
    expect(opf).not.toContain('property="title-type">subtitle');
    expect(book.metadata.identifier).toMatchObject({ scheme: "uuid", derived: true });
    expect(opf).toContain(`<dc:identifier id="pub-id">${book.metadata.identifier.urn}</dc:identifier>`);
    expect(opf).toContain("<dc:date>2024-07-31T12:00:00Z</dc:date>");
    expect(opf).toContain('<meta property="dcterms:modified">2024-07-31T00:00:00Z</meta>');
    expect(opf).toContain("<dc:publisher>Workers World</dc:publisher>");
    expect(opf).not.toContain("dc:rights");
    expect(opf).toContain("<dc:source>First published in English by Workers World, August 2024.</dc:source>");
    expect(opf).toMatch(/<package [^>]*xml:lang="en"/);
  });

  test("the editorial note is its own labelled document, once, before the text", async () => {
    const epub = await openEpub(await renderEpub({ book: await articleBook(), templates }));
    const opf = await epub.text("EPUB/package.opf");
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1]);
    expect(spine).toEqual(["cover", "title-page", "imprint", "nav", "editorial-note", "sec-s1"]);
    const nav = await epub.text("EPUB/nav.xhtml");
    // The untitled article is listed by its opening words (never the book's title), its headings beside it.
    expect(nav).toMatch(/<li class="contents-level-1 contents-chapter contents-opening"><a href="s1.xhtml#s1">July 31, 2024. The presidential election in Venezuela…<\/a>\s*<\/li>\s*<li class="contents-level-2"><a href="s1.xhtml#s1-interference-of-the-regional-ultraright">Interference of the regional ultraright<\/a>/);
    expect(nav).not.toContain(">Venezuela: Logbook of a new victory</a>");
    const note = await epub.text("EPUB/editorial-note.xhtml");
    expect(note).toContain('epub:type="foreword"');
    expect(note).toContain('aria-labelledby="editorial-note-title"');
    let count = 0;
    for (const name of epub.names.filter((n) => n.endsWith(".xhtml"))) {
      if ((await epub.text(name)).includes("Workers World is publishing, unmodified")) count += 1;
    }
    expect(count).toBe(1);
  });

  test("zip: mimetype first and stored, every document has its language", async () => {
    const epub = await openEpub(await renderEpub({ book: await articleBook(), templates }));
    const head = Buffer.from(epub.bytes.slice(0, 58)).toString("latin1");
    expect(head.slice(0, 4)).toBe("PK\u0003\u0004");
    expect(epub.bytes[8]).toBe(0); // compression method 0 = STORED
    expect(head.slice(30, 38)).toBe("mimetype");
    expect(head.slice(38, 58)).toBe("application/epub+zip");
    expect(epub.names[0]).toBe("mimetype");
    for (const name of epub.names.filter((n) => n.endsWith(".xhtml"))) {
      expect(await epub.text(name), name).toMatch(/<html [^>]*lang="en" xml:lang="en"/);
      expect(await epub.text(name), name).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org|www\.idpf\.org)/);
    }
  });
});

describe("a book of chapters with notes and a figure", () => {
  test("passes all three checkers", async () => {
    const result = await renderEpub({ book: await chaptersBook(), templates });
    await expectAllChecksClean(result.artifacts[0]!.bytes, "communist-manifesto.epub");
  });

  test("notes are EPUB footnotes with links both ways; nav links are not nested", async () => {
    const epub = await openEpub(await renderEpub({ book: await chaptersBook(), templates }));
    // The second section's document and ids follow its section id, s2; the note keeps its label 2.
    const chapter = await epub.text("EPUB/s2.xhtml");
    expect(chapter).toContain('<a epub:type="noteref" class="noteref" id="ref-s2-note-1" href="#s2-note-1" role="doc-noteref">2</a>');
    expect(chapter).toMatch(/<aside class="note" id="s2-note-1" epub:type="footnote" role="doc-footnote">\s*<a class="note-label" href="#ref-s2-note-1" role="doc-backlink">2<\/a>/);
    expect(chapter).toContain("<title>I. Bourgeois and Proletarians</title>");
    const nav = await epub.text("EPUB/nav.xhtml");
    expect(nav).toContain('<a href="s2.xhtml#s2">I. Bourgeois and Proletarians</a>');
    expect(nav).toContain('epub:type="landmarks"');
    expect(nav).not.toContain("page-list");
  });

  test("metadata: two authors, translator trl, annotator ann, rights, source and date only because given", async () => {
    const opf = await (await openEpub(await renderEpub({ book: await chaptersBook(), templates }))).text("EPUB/package.opf");
    expect(opf.match(/scheme="marc:relators">aut</g)).toHaveLength(2);
    expect(opf).toContain('<meta refines="#contributor-1" property="role" scheme="marc:relators">trl</meta>');
    expect(opf).toContain('<meta refines="#contributor-2" property="role" scheme="marc:relators">ann</meta>');
    expect(opf).toContain("<dc:rights>Public domain in the United States.</dc:rights>");
    expect(opf).toContain("<dc:source>First published in London, 1848; this translation 1888.</dc:source>");
    expect(opf).toContain("<dc:date>1975-01-01T12:00:00Z</dc:date>");
    expect(opf).not.toContain("dc:publisher");
    expect(opf).not.toContain("dc:description");
    expect(opf).toContain("<dc:identifier id=\"pub-id\">urn:isbn:9780306406157</dc:identifier>");
  });

  test("accessibility metadata follows the content: visual mode and alternativeText for the figure", async () => {
    const opf = await (await openEpub(await renderEpub({ book: await chaptersBook(), templates }))).text("EPUB/package.opf");
    expect(opf).toContain('<meta property="schema:accessMode">visual</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">alternativeText</meta>');
    expect(opf).toContain('<meta property="dcterms:conformsTo" id="conformance">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>');
    // The seed has no image at all.
    const article = await (await openEpub(await renderEpub({ book: await seedBook(), templates }))).text("EPUB/package.opf");
    expect(article).not.toContain("visual");
    expect(article).not.toContain("alternativeText");
  });
});

describe("an image without alternative text", () => {
  test("is a render/image-alt warning naming the source file, and the book claims no conformance", async () => {
    const book = await booksFixture("no-alt");
    const result = await renderEpub({ book, templates });
    const warnings = result.diagnostics.filter((d) => d.code === "render/image-alt");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: "warning", file: "test/fixtures/books/no-alt/01-preface.md" });
    const opf = await (await openEpub(result)).text("EPUB/package.opf");
    expect(opf).not.toContain("dcterms:conformsTo");
    expect(opf).not.toContain("a11y:certifiedBy");
    expect(opf).not.toContain("alternativeText");
    expect(opf).toContain('<meta property="schema:accessModeSufficient">textual,visual</meta>');
    expect(opf).not.toContain('<meta property="schema:accessModeSufficient">textual</meta>');
  });
});

describe("page numbers of the print edition", () => {
  test("become page breaks, a page list and printPageNumbers; still clean", async () => {
    const result = await renderEpub({
      book: await chaptersBook(),
      templates,
      pageStarts: [
        { page: "1", blockId: "s1-b2" },
        { page: "2", blockId: "s1-b4" },
        { page: "3", blockId: "s2-b5" },
        // A block the Book does not have cannot be marked.
        { page: "99", blockId: "s2-b999" },
      ],
    });
    const epub = await openEpub(result);
    const preface = await epub.text("EPUB/s1.xhtml");
    expect(preface).toContain('<p id="s1-b2"><span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1"></span>The “Manifesto”');
    expect(preface).toContain('<span epub:type="pagebreak" role="doc-pagebreak" id="page-2" aria-label="2"></span><figure id="s1-b4">');
    expect(await epub.text("EPUB/s2.xhtml")).toContain('<p id="s2-b5"><span epub:type="pagebreak" role="doc-pagebreak" id="page-3" aria-label="3"></span>In the earlier epochs');
    const nav = await epub.text("EPUB/nav.xhtml");
    expect([...nav.matchAll(/<li><a href="([^"]+)">(\d+)<\/a><\/li>/g)].map((m) => `${m[2]}=${m[1]}`)).toEqual([
      "1=s1.xhtml#page-1",
      "2=s1.xhtml#page-2",
      "3=s2.xhtml#page-3",
    ]);
    const opf = await epub.text("EPUB/package.opf");
    expect(opf).toContain('<meta property="schema:accessibilityFeature">printPageNumbers</meta>');
    expect(opf).toContain('<meta property="schema:accessibilityFeature">pageNavigation</meta>');
    expect(opf).toContain('<dc:source id="page-source">The Communist Manifesto, print edition (6x9 trim) of urn:isbn:9780306406157</dc:source>');
    await expectAllChecksClean(epub.bytes, "paged.epub");
  });
});

describe("an EPUB drafted before the print edition's page starts", () => {
  test("fills its page markers from each set of starts it is given, the same bytes as one made at once", async () => {
    const first = [{ page: "1", blockId: "s1-b2" }, { page: "2", blockId: "s1-b4" }];
    const second = [{ page: "1", blockId: "s1-b4" }, { page: "2", blockId: "s2-b5" }];
    const book = await chaptersBook();
    draftEpub({ book, templates });
    const early = await openEpub(await renderEpub({ book, templates, pageStarts: first }));
    expect(await early.text("EPUB/s1.xhtml")).toContain('<p id="s1-b2"><span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1"></span>');
    // The same draft, other starts (a paragraph set again moved a page): only the new markers.
    const again = await renderEpub({ book, templates, pageStarts: second });
    const epub = await openEpub(again);
    const s1 = await epub.text("EPUB/s1.xhtml");
    expect(s1).not.toContain('id="s1-b2"><span epub:type="pagebreak"');
    expect(s1).toContain('<span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1"></span><figure id="s1-b4">');
    expect(await epub.text("EPUB/s2.xhtml")).toContain('<p id="s2-b5"><span epub:type="pagebreak" role="doc-pagebreak" id="page-2" aria-label="2"></span>');
    for (const doc of ["EPUB/s1.xhtml", "EPUB/s2.xhtml", "EPUB/nav.xhtml"]) expect(await epub.text(doc)).not.toMatch(/<!--\u0001/);
    // A Book never drafted (a fresh copy) comes out byte for byte the same.
    const fresh = await renderEpub({ book: await chaptersBook(), templates, pageStarts: second });
    expect(Buffer.from(fresh.artifacts[0]!.bytes).equals(Buffer.from(again.artifacts[0]!.bytes))).toBe(true);
  });
});

describe("a right-to-left book", () => {
  test("has dir and page-progression-direction rtl, and is clean", async () => {
    const b = await booksFixture("rtl-arabic");
    expect(b.metadata.direction).toBe("rtl");
    const result = await renderEpub({ book: b, templates });
    const epub = await openEpub(result);
    expect(await epub.text("EPUB/package.opf")).toContain('<spine page-progression-direction="rtl">');
    expect(await epub.text("EPUB/s1.xhtml")).toMatch(/<html [^>]*lang="ar" xml:lang="ar" dir="rtl"/);
    await expectAllChecksClean(epub.bytes, "rtl.epub");
  });
});

describe("covers", () => {
  test("the metadata's own cover image is used and marked cover-image; an editorial note with a note stays clean", async () => {
    const b = await booksFixture("own-cover");
    expect(b.metadata.cover).toBe("images/staff.svg");
    expect(b.editorialNote?.notes).toHaveLength(1);
    const result = await renderEpub({ book: b, templates });
    expect(result.diagnostics).toEqual([]);
    const epub = await openEpub(result);
    const opf = await epub.text("EPUB/package.opf");
    expect(opf).toContain('<item id="cover-image" href="images/staff.svg" media-type="image/svg+xml" properties="cover-image" />');
    expect(epub.names).not.toContain("EPUB/images/cover.svg");
    expect(epub.names).not.toContain("EPUB/images/cover.png");
    expect(await epub.text("EPUB/cover.xhtml")).toContain('<img src="images/staff.svg" alt="Cover: The Communist Manifesto by Karl Marx, Friedrich Engels" />');
    const note = await epub.text("EPUB/editorial-note.xhtml");
    expect(note).toContain('epub:type="footnote"');
    // Linked both ways inside the editorial note's own document.
    const noteId = b.editorialNote?.notes[0]?.id ?? "";
    expect(note).toContain(`href="#${noteId}"`);
    expect(note).toContain(`href="#ref-${noteId}"`);
    await expectAllChecksClean(epub.bytes, "own-cover.epub");
  });

  test("a cover the metadata names but the book lacks is a warning, and a cover is generated", async () => {
    const b = await chaptersBook({ metadata: { cover: "images/nope.jpg" } });
    const result = await renderEpub({ book: b, templates });
    expect(result.diagnostics.map((d) => `${d.severity} ${d.code} ${d.field ?? ""}`)).toEqual(["warning render/cover cover"]);
    expect((await openEpub(result)).names).toContain("EPUB/images/cover.png");
  });
});

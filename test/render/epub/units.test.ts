/** The small pure pieces of the EPUB writer. */
import { describe, expect, test } from "vitest";
import { accessibilityFacts, accessibilityMetadata, CONFORMS_TO } from "../../../src/render/epub/accessibility.js";
import { unlinkOrphanBacklinks } from "../../../src/render/epub/documents.js";
import { MARC_ROLES } from "../../../src/render/epub/package-opf.js";
import { booksFixture, chaptersBook } from "../../helpers/books.js";

describe("accessibility metadata", () => {
  test("a text-only book: textual, no alternativeText, hazards none, conformance claimed", async () => {
    const book = await booksFixture("untitled-two");
    expect(book.assets).toEqual([]);
    const meta = accessibilityMetadata({ facts: accessibilityFacts({ book, hasPageList: false }), sectionCount: 2 });
    expect(meta.accessModes).toEqual(["textual"]);
    expect(meta.accessModeSufficient).toEqual(["textual"]);
    expect(meta.features).not.toContain("alternativeText");
    expect(meta.features).not.toContain("printPageNumbers");
    expect(meta.hazards).toEqual(["none"]);
    expect(meta.conformsTo).toBe(CONFORMS_TO);
    expect(meta.summary).toContain("no images");
  });

  test("a GIF makes the hazards unknown; a note reference without its note withdraws the conformance claim", async () => {
    const gif = await booksFixture("gif");
    expect(gif.assets.map((a) => a.mediaType)).toEqual(["image/gif"]);
    const gifMeta = accessibilityMetadata({ facts: accessibilityFacts({ book: gif, hasPageList: false }), sectionCount: 1 });
    expect(gifMeta.hazards).toEqual(["unknown"]);
    expect(gifMeta.conformsTo).toBe(CONFORMS_TO);
    // The loader never makes a reference without its note (model/note-missing leaves the text as
    // written), so the Book is changed here: the second chapter loses its note.
    const book = await chaptersBook();
    // Its one reference is on its title ("# I. Bourgeois and Proletarians[^2]").
    expect(book.sections[1]!.titleNoterefs).toContain(`href="#${book.sections[1]!.notes[0]!.id}"`);
    book.sections[1]!.notes = [];
    const meta = accessibilityMetadata({ facts: accessibilityFacts({ book, hasPageList: true, pageBreakSource: "print" }), sectionCount: 2 });
    expect(meta.conformsTo).toBeUndefined();
    expect(meta.certifiedBy).toBeUndefined();
    expect(meta.features).toEqual(expect.arrayContaining(["pageNavigation", "printPageNumbers"]));
    expect(meta.pageBreakSource).toBe("print");
  });
});

test("MARC relator codes for every contributor role", () => {
  expect(MARC_ROLES).toMatchObject({ author: "aut", translator: "trl", editor: "edt", illustrator: "ill", annotator: "ann", introduction: "aui", foreword: "aui", afterword: "aft", photographer: "pht", designer: "dsr", compiler: "com", contributor: "ctb", narrator: "nrt" });
});

test("a back-link to a reference the document lacks becomes an unlinked label", () => {
  const xhtml = '<p><a id="ref-n1" href="#n1">1</a></p><aside id="n1"><a class="note-label" href="#ref-n1" role="doc-backlink">1</a></aside><aside id="n2"><a class="note-label" href="#ref-n2" role="doc-backlink">2</a></aside>';
  const out = unlinkOrphanBacklinks(xhtml);
  expect(out).toContain('<a class="note-label" href="#ref-n1" role="doc-backlink">1</a>');
  expect(out).toContain('<span class="note-label">2</span>');
});

import { describe, expect, it } from "vitest";
import { allBlocks } from "../../../src/model/book.js";
import { hyphenateHtml, keepMinimumFragments, patternNameFor } from "../../../src/render/pdf/hyphenate.js";
import { chaptersBook } from "../../helpers/books.js";

const shy = (s: string): string => s.replace(/\u00ad/g, "-");

describe("hyphenateHtml", () => {
  it("picks the patterns for the book's language", () => {
    expect(patternNameFor({ language: "en" })).toBe("en-us");
    expect(patternNameFor({ language: "en-GB" })).toBe("en-gb");
    expect(patternNameFor({ language: "de" })).toBe("de-1996");
    expect(patternNameFor({ language: "pt-BR" })).toBe("pt");
    expect(patternNameFor({ language: "tlh" })).toBeUndefined();
  });

  it("inserts soft hyphens into text only: tags, attributes, entities, headings and code stay whole", () => {
    const html = `<h2 id="transparency">Transparency internationally</h2><p class="electoral">The electoral process &amp; transparency <a href="#international-organisations">internationally</a> <code>internationalisation</code> see https://example.org/international</p>`;
    const out = hyphenateHtml({ html, language: "en-GB" });
    expect(out.replace(/\u00ad/g, "")).toBe(html);
    expect(shy(out)).toContain("<h2 id=\"transparency\">Transparency internationally</h2>");
    // "elect-or-al" loses its last break: it would leave 2 letters after (the minimum is 3).
    expect(shy(out)).toContain('<p class="electoral">The elect-oral pro-cess &amp; trans-par-ency');
    expect(shy(out)).toContain('<a href="#international-organisations">in-ter-na-tion-ally</a>');
    expect(shy(out)).toContain("<code>internationalisation</code>");
    expect(shy(out)).toContain("https://example.org/international");
  });

  it("keeps at least 2 letters before a break and 3 after, punctuation not counted", () => {
    const soft = (s: string): string => s.replace(/-/g, "\u00ad");
    expect(shy(keepMinimumFragments(soft("Bo-li-var-i-an")))).toBe("Bo-li-var-ian");
    expect(shy(keepMinimumFragments(soft("poli-cy.")))).toBe("policy.");
    expect(shy(keepMinimumFragments(soft("dis-tinct-ly")))).toBe("dis-tinctly");
    expect(shy(keepMinimumFragments(soft("a-bout")))).toBe("about");
    expect(shy(keepMinimumFragments(soft("“ab-out")))).toBe("“ab-out");
    expect(hyphenateHtml({ html: "<p>distinctly policy majority</p>", language: "en" })).not.toMatch(/\u00ad\p{L}{1,2}\b|\b\p{L}\u00ad/u);
  });

  it("leaves text in a language without patterns as it is", () => {
    expect(hyphenateHtml({ html: "<p>internationally</p>", language: "tlh" })).toBe("<p>internationally</p>");
  });
});

describe("hyphenating the Book's blocks", () => {
  // Block ids now come from the model (every block element carries one, e.g. s2-b5): the print
  // edition's page starts and the EPUB's page list find blocks by them, so hyphenation must keep them.
  it("keeps every block's id and its text, adding only soft hyphens", async () => {
    const book = await chaptersBook();
    let hyphenated = 0;
    for (const { block } of allBlocks(book)) {
      const out = hyphenateHtml({ html: block.html, language: book.metadata.language });
      expect(out.replace(/\u00ad/g, "")).toBe(block.html);
      expect(out.startsWith(block.html.slice(0, block.html.indexOf(">") + 1)), block.id).toBe(true);
      if (out !== block.html) hyphenated += 1;
    }
    expect(hyphenated).toBeGreaterThan(0);
  });
});

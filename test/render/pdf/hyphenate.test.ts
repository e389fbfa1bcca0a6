import { describe, expect, it } from "vitest";
import { indexBlocks } from "../../../src/render/pdf/blocks.js";
import { hyphenateHtml, patternNameFor } from "../../../src/render/pdf/hyphenate.js";

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
    expect(shy(out)).toContain('<p class="electoral">The elect-or-al pro-cess &amp; trans-par-ency');
    expect(shy(out)).toContain('<a href="#international-organisations">in-ter-na-tion-ally</a>');
    expect(shy(out)).toContain("<code>internationalisation</code>");
    expect(shy(out)).toContain("https://example.org/international");
  });

  it("leaves text in a language without patterns as it is", () => {
    expect(hyphenateHtml({ html: "<p>internationally</p>", language: "tlh" })).toBe("<p>internationally</p>");
  });
});

describe("indexBlocks", () => {
  it("numbers top-level elements, keeping existing ids and adding the missing ones", () => {
    const r = indexBlocks({ html: `<p>a <em>b</em></p>\n<h2 id="x">H</h2><!-- c --><figure><img src="a.png" alt="" /><figcaption>f</figcaption></figure><hr />`, prefix: "pb-s1-" });
    expect(r.ids).toEqual(["pb-s1-0", "x", "pb-s1-2", "pb-s1-3"]);
    expect(r.html).toBe(`<p id="pb-s1-0">a <em>b</em></p>\n<h2 id="x">H</h2><!-- c --><figure id="pb-s1-2"><img src="a.png" alt="" /><figcaption>f</figcaption></figure><hr id="pb-s1-3" />`);
  });
});

/**
 * Attributes pandoc 2.17's Markdown writer writes but its reader cannot read back, from ODT
 * imports (pandoc's own test files imageWithCaption.odt and referenceToText.odt): an image's
 * `alt="   "` and a bookmark "an anchor" had printed as text in every edition.
 */
import { describe, expect, it } from "vitest";
import { blankValuesDropped, tidyAttributes } from "../../src/import/attributes.js";
import type { Json } from "../../src/import/pandoc-ast.js";
import { createNativePandoc, createWasmPandoc } from "../../src/convert/index.js";

const str = (c: string): Json => ({ t: "Str", c });

describe("tidyAttributes", () => {
  it("makes identifiers with spaces readable, in the anchor and every link to it", () => {
    const blocks: Json = [
      { t: "Para", c: [{ t: "Span", c: [["an anchor", [], []], []] }, str("Some text.")] },
      { t: "Para", c: [str("See"), { t: "Link", c: [["", [], []], [str("it")], ["#an%20anchor", ""]] }, { t: "Link", c: [["", [], []], [str("other")], ["#elsewhere", ""]] }] },
    ];
    expect(tidyAttributes(blocks)).toBe(1);
    expect(JSON.stringify(blocks)).toContain('["an-anchor",[],[]]');
    expect(JSON.stringify(blocks)).toContain('["#an-anchor",""]');
    expect(JSON.stringify(blocks)).toContain('["#elsewhere",""]');
  });

  it("drops key-values of spaces only and keeps the rest", () => {
    const blocks: Json = [{ t: "Para", c: [{ t: "Image", c: [["", [], [["alt", "   "], ["width", "5.3cm"]]], [], ["images/a.jpg", "fig:"]] }] }];
    tidyAttributes(blocks);
    expect(JSON.stringify(blocks)).toContain('[["width","5.3cm"]]');
  });
});

describe("blankValuesDropped", () => {
  it("leaves an image's other attributes, and prose, as written", () => {
    expect(blankValuesDropped('![Image caption](images/a.jpg){alt="   " width="5.292cm" height="5.292cm"}\n')).toBe('![Image caption](images/a.jpg){width="5.292cm" height="5.292cm"}\n');
    expect(blankValuesDropped('![x](a.jpg){alt=" "}\n')).toBe("![x](a.jpg)\n");
    expect(blankValuesDropped('Prose with alt="  " in it and [a link](b){.c}.\n')).toBe('Prose with alt="  " in it and [a link](b){.c}.\n');
  });

  it("reads back as a captioned figure through pandoc 2.17, where the writer's own output stays text", async () => {
    // As the import sends it to the built-in pandoc 3 (imageWithCaption.odt): a figure whose
    // image's alt is raw Markdown words (pandoc-ast.ts escapes them) with spaces between.
    const raw = (w: string): Json => ({ t: "RawInline", c: ["markdown", w] });
    const words = (...ws: string[]): Json[] => ws.flatMap((w, i) => (i ? [{ t: "Space" }, raw(w)] : [raw(w)]));
    const doc = { "pandoc-api-version": [1, 23, 1], meta: {}, blocks: [{ t: "Figure", c: [["", [], []], [null, [{ t: "Plain", c: words("Image", "caption") }]], [{ t: "Plain", c: [{ t: "Image", c: [["", [], [["width", "5.292cm"]]], words("Abbildung", "1:", "Image", "caption"), ["images/a.jpg", ""]] }] }]] }] };
    const writer = await createWasmPandoc();
    const reader = await createNativePandoc();
    try {
      const written = (await writer.run({ input: JSON.stringify(doc), from: "json", to: "markdown", args: ["--wrap=none"], sourceFile: "a.odt", timeoutMs: 30_000 })).output;
      expect(written).toMatch(/alt="\s+"/);
      const html = async (markdown: string) => (await reader.run({ input: markdown, from: "markdown", to: "html5", sourceFile: "01-text.md", timeoutMs: 10_000 })).output;
      expect(await html(written)).toContain("{alt=");
      const fixed = await html(blankValuesDropped(written));
      expect(fixed).toContain("<figure>");
      expect(fixed).toContain("Image caption");
      expect(fixed).not.toContain("{");
    } finally {
      await writer.close();
      await reader.close();
    }
  }, 60_000);
});

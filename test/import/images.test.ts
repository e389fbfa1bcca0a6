import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics.js";
import { planImages } from "../../src/import/images.js";
import type { Json } from "../../src/import/pandoc-ast.js";
import type { DocumentZip } from "../../src/import/zip.js";

const zip = (names: string[]): DocumentZip => ({
  entries: names.map((name) => ({ name, uncompressedSize: 1, compressedSize: 1 })),
  read: async () => undefined,
});
const image = (url: string): Json => ({ t: "Image", c: [["", [], []], [], [url, ""]] });
const para = (...inlines: Json[]): Json => ({ t: "Para", c: inlines });
const target = (blocks: Json[], i: number): unknown => ((blocks[i] as { c: Array<{ c: Json[] }> }).c[0]?.c[2] as Json[])[0];

describe("planImages", () => {
  it("finds a .docx image by its target: relative to word/, absolute in the package, or as pandoc 3 gives an absolute one", () => {
    const blocks = [para(image("media/a b.png")), para(image("/media/four.png")), para(image("media/five.png")), para(image("https://example.org/x.png"))];
    const diagnostics: Diagnostic[] = [];
    const planned = planImages({ file: "d.docx", zip: zip(["word/media/a b.png", "media/four.png", "media/five.png", "word/document.xml"]), format: "docx", blocks, diagnostics });
    expect(planned).toEqual([
      { entry: "word/media/a b.png", path: "images/a-b.png" },
      { entry: "media/four.png", path: "images/four.png" },
      { entry: "media/five.png", path: "images/five.png" },
    ]);
    expect([0, 1, 2, 3].map((i) => target(blocks, i))).toEqual(["images/a-b.png", "images/four.png", "images/five.png", "https://example.org/x.png"]);
    expect(diagnostics).toEqual([]);
  });

  it("a referenced entry in no image format (an .odt's StarView metafile) is still copied, for unshowableImage to report", () => {
    const blocks = [para(image("./Pictures/x.svm"))];
    expect(planImages({ file: "d.odt", zip: zip(["Pictures/x.svm", "content.xml"]), format: "odt", blocks, diagnostics: [] })).toEqual([{ entry: "Pictures/x.svm", path: "images/x.svm" }]);
    expect(target(blocks, 0)).toBe("images/x.svm");
  });

  it("a reference the document does not hold stays as it is, with an import/image warning; nothing outside the package is looked for", () => {
    const blocks = [para(image("media/gone.png")), para(image("../../etc/x.png"))];
    const diagnostics: Diagnostic[] = [];
    expect(planImages({ file: "d.docx", zip: zip(["word/media/other.png"]), format: "docx", blocks, diagnostics })).toEqual([{ entry: "word/media/other.png", path: "images/other.png" }]);
    expect(target(blocks, 0)).toBe("media/gone.png");
    expect(diagnostics.map((d) => [d.code, d.field, d.severity])).toEqual([["import/image", "media/gone.png", "warning"], ["import/image", "../../etc/x.png", "warning"]]);
    expect(diagnostics[0]?.message).toBe('the image "media/gone.png" is not inside the document, so it was not copied; put the image in images/ and change its reference in 01-text.md');
  });
});

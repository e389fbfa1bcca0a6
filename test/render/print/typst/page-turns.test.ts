/**
 * Reading the page ends back (src/render/print/typst/page-turns.ts) with real poppler: a long book
 * is read by one pdftotext per core, each for its share of the pages, and the pages found are the
 * same as one process finds, numbered through the book.
 */
import { describe, expect, it } from "vitest";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { hyphenatedPageEnds } from "../../../../src/render/print/typst/page-turns.js";

/** Nine pages of a few lines; the last line of pages 2, 5 and 9 ends on a hyphen, of page 7 on a dash between words. */
async function pdfWithPageEnds(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 1; p <= 9; p++) {
    const page = doc.addPage([300, 400]);
    page.drawText(`Page ${p} begins with an ordinary line of text.`, { x: 20, y: 360, size: 10, font });
    const last = [2, 5, 9].includes(p) ? "and the last line ends in a hyph-" : p === 7 ? "and this one ends on a dash -" : "and the last line ends in a word.";
    page.drawText(last, { x: 20, y: 60, size: 10, font });
    page.drawText(String(p), { x: 145, y: 20, size: 9, font });
  }
  return doc.save();
}

describe("hyphenatedPageEnds", () => {
  it("finds the same pages with one pdftotext as with one per share of the pages", async () => {
    const pdf = await pdfWithPageEnds();
    const one = await hyphenatedPageEnds({ pdf, pageCount: 9 });
    const shared = await hyphenatedPageEnds({ pdf, pageCount: 9, pagesPerProcess: 2 });
    expect(one).toEqual([2, 5, 9]);
    expect(shared).toEqual([2, 5, 9]);
  });
});

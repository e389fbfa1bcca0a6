/**
 * Booklet imposition, read back from the imposed PDF by poppler (page labels per half sheet),
 * from its content streams (where each page really lands and at what scale) and by pdftoppm
 * (no bleed printed). The reading order is checked the way a reader meets it: sheets stacked,
 * folded, the front's right half first, then behind it the back's left half, and so on.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DiagnosticError } from "../../src/diagnostics.js";
import { BOOKLET_MARGIN, bookletOrder, defaultSheet, imposeBooklet, SHEETS } from "../../src/distribute/index.js";
import { labelsPerHalf, numberedPdf, pageText, placedForms, redPixels } from "./pdf-probe.js";

type Side = { left: number | null; right: number | null };

/**
 * The pages in the order a reader turns them, from the sides of the sheets (front, back, front…):
 * within each signature, the outer halves of the sheets from the outside in, then the inner halves
 * from the inside out. Blank halves read as null.
 */
function readingOrder({ sides, perSignature }: { sides: Side[]; perSignature: number[] }): Array<number | null> {
  const order: Array<number | null> = [];
  let at = 0;
  for (const count of perSignature) {
    const sheets = Array.from({ length: count }, (_, i) => ({ front: sides[at + 2 * i] as Side, back: sides[at + 2 * i + 1] as Side }));
    for (const s of sheets) order.push(s.front.right, s.back.left);
    for (const s of [...sheets].reverse()) order.push(s.back.right, s.front.left);
    at += 2 * count;
  }
  return order;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("imposeBooklet", () => {
  it("puts 16 pages on 4 Letter sheets in saddle-stitch order, read back from the sheets", async () => {
    const result = await imposeBooklet({ pdf: await numberedPdf({ pages: 16 }) });
    expect(result).toMatchObject({ sheets: 4, signatures: 1, sheet: "letter", pages: 16, blankPages: 0 });
    const sides = labelsPerHalf(result.pdf);
    expect(sides).toHaveLength(8);
    expect(sides.slice(0, 4)).toEqual([{ left: 16, right: 1 }, { left: 2, right: 15 }, { left: 14, right: 3 }, { left: 4, right: 13 }]);
    expect(readingOrder({ sides, perSignature: [4] })).toEqual(range(16));
  });

  it("pads to a multiple of four with blank pages at the end", async () => {
    const result = await imposeBooklet({ pdf: await numberedPdf({ pages: 10 }) });
    expect(result).toMatchObject({ sheets: 3, blankPages: 2, pages: 10 });
    const order = readingOrder({ sides: labelsPerHalf(result.pdf), perSignature: [3] });
    expect(order).toEqual([...range(10), null, null]);
    const one = await imposeBooklet({ pdf: await numberedPdf({ pages: 1 }) });
    expect(one).toMatchObject({ sheets: 1, blankPages: 3 });
    expect(labelsPerHalf(one.pdf)).toEqual([{ left: null, right: 1 }, { left: null, right: null }]);
  });

  it("splits a thick book into signatures of N sheets, each in its own saddle-stitch order", async () => {
    const result = await imposeBooklet({ pdf: await numberedPdf({ pages: 38 }), signature: 3 });
    // 38 pages → 40 → 10 sheets → signatures of 3, 3, 3 and 1 sheets.
    expect(result).toMatchObject({ sheets: 10, signatures: 4, blankPages: 2 });
    const sides = labelsPerHalf(result.pdf);
    expect(sides[0]).toEqual({ left: 12, right: 1 });
    expect(sides[6]).toEqual({ left: 24, right: 13 });
    expect(sides[18]).toEqual({ left: null, right: 37 });
    expect(readingOrder({ sides, perSignature: [3, 3, 3, 1] })).toEqual([...range(38), null, null]);
    expect(result.instructions).toMatch(/4 signatures of 3 sheets \(the last of 1\)/);
    expect(result.instructions).toMatch(/fold each signature in half on its own/);
    // A signature as large as the book is one signature.
    expect((await imposeBooklet({ pdf: await numberedPdf({ pages: 8 }), signature: 50 })).signatures).toBe(1);
  });

  it("chooses A4 for ISO trims and Letter for the others, unless told", async () => {
    const a5 = await imposeBooklet({ pdf: await numberedPdf({ pages: 4, width: 419.53, height: 595.28 }) });
    expect(a5.sheet).toBe("a4");
    expect((await placedForms(a5.pdf)).sheets[0]).toMatchObject({ width: SHEETS.a4.width, height: SHEETS.a4.height });
    const sixByNine = await imposeBooklet({ pdf: await numberedPdf({ pages: 4 }) });
    expect((await placedForms(sixByNine.pdf)).sheets[0]).toMatchObject({ width: 792, height: 612 });
    expect((await imposeBooklet({ pdf: await numberedPdf({ pages: 4 }), sheet: "a4" })).sheet).toBe("a4");
    expect(defaultSheet({ width: 612, height: 792 })).toBe("letter");
    expect(defaultSheet({ width: 595.28, height: 841.89 })).toBe("a4");
    expect(defaultSheet({ width: 396, height: 612 })).toBe("letter");
  });

  it("scales every page uniformly to fit inside its half sheet's margin, centred, never past it", async () => {
    for (const spec of [{ pages: 6 }, { pages: 6, width: 612, height: 792 }, { pages: 6, width: 200, height: 300 }, { pages: 6, width: 700, height: 300 }]) {
      const { pdf } = await imposeBooklet({ pdf: await numberedPdf(spec) });
      const { sheets } = await placedForms(pdf);
      let placed = 0;
      for (const sheet of sheets) {
        for (const f of sheet.forms) {
          placed++;
          const half = f.box.x0 < sheet.width / 2 - 1 ? { x0: 0, x1: sheet.width / 2 } : { x0: sheet.width / 2, x1: sheet.width };
          const eps = 0.01;
          expect(f.sx).toBeCloseTo(f.sy, 6);
          expect(f.box.x0).toBeGreaterThanOrEqual(half.x0 + BOOKLET_MARGIN - eps);
          expect(f.box.x1).toBeLessThanOrEqual(half.x1 - BOOKLET_MARGIN + eps);
          expect(f.box.y0).toBeGreaterThanOrEqual(BOOKLET_MARGIN - eps);
          expect(f.box.y1).toBeLessThanOrEqual(sheet.height - BOOKLET_MARGIN + eps);
          // Centred in its half, and as large as the margin allows on one axis.
          expect((f.box.x0 + f.box.x1) / 2).toBeCloseTo((half.x0 + half.x1) / 2, 2);
          expect((f.box.y0 + f.box.y1) / 2).toBeCloseTo(sheet.height / 2, 2);
          const fitsWidth = Math.abs(f.box.x1 - f.box.x0 - (sheet.width / 2 - 2 * BOOKLET_MARGIN)) < 0.01;
          const fitsHeight = Math.abs(f.box.y1 - f.box.y0 - (sheet.height - 2 * BOOKLET_MARGIN)) < 0.01;
          expect(fitsWidth || fitsHeight).toBe(true);
          // The page's proportions survive.
          expect((f.box.x1 - f.box.x0) / (f.box.y1 - f.box.y0)).toBeCloseTo((spec.width ?? 432) / (spec.height ?? 648), 4);
        }
      }
      expect(placed).toBe(6);
    }
  });

  it("places the TrimBox, so a PDF with bleed prints without its bleed", async () => {
    const bled = await numberedPdf({ pages: 4, bleed: 9 });
    expect(redPixels(bled, 1)).toBeGreaterThan(0);
    const { pdf } = await imposeBooklet({ pdf: bled });
    const { sheets } = await placedForms(pdf);
    for (const page of [1, 2]) expect(redPixels(pdf, page, { boxes: sheets[page - 1]?.forms.map((f) => f.box) ?? [] })).toBe(0);
    const f = sheets[0]?.forms[0];
    // The trim (432 × 648), not the media box (450 × 666), is what is fitted.
    expect(((f?.box.x1 ?? 0) - (f?.box.x0 ?? 0)) / ((f?.box.y1 ?? 0) - (f?.box.y0 ?? 1))).toBeCloseTo(432 / 648, 4);
    expect(labelsPerHalf(pdf)[0]).toEqual({ left: 4, right: 1 });
  });

  it("shows a rotated page the way a reader sees it", async () => {
    const { pdf } = await imposeBooklet({ pdf: await numberedPdf({ pages: 4, width: 648, height: 432, rotate: 90 }) });
    const { sheets } = await placedForms(pdf);
    for (const f of sheets.flatMap((s) => s.forms)) {
      // Displayed portrait: 432 wide, 648 tall.
      expect((f.box.x1 - f.box.x0) / (f.box.y1 - f.box.y0)).toBeCloseTo(432 / 648, 4);
      expect(f.box.y0).toBeGreaterThanOrEqual(BOOKLET_MARGIN - 0.01);
    }
    expect(labelsPerHalf(pdf).slice(0, 2)).toEqual([{ left: 4, right: 1 }, { left: 2, right: 3 }]);
  });

  it("prints the instructions small on the first sheet only, and returns them for the report", async () => {
    const { pdf, instructions } = await imposeBooklet({ pdf: await numberedPdf({ pages: 8 }) });
    expect(instructions).toBe("Booklet, 2 sheets of Letter: print double-sided, flip on short edge, at actual size (no fit to page); keep the sheets in order, fold the stack in half and staple on the fold.");
    const first = pageText(pdf, 1).replace(/\s+/g, " ");
    expect(first).toContain("flip on short edge");
    expect(first).toContain("staple on the fold");
    expect(pageText(pdf, 2)).not.toContain("flip on short edge");
  });

  it("gives the same bytes for the same PDF, with its title, author and dates", async () => {
    const source = await numberedPdf({ pages: 12 });
    const a = await imposeBooklet({ pdf: source, signature: 2 });
    const b = await imposeBooklet({ pdf: source, signature: 2 });
    expect(sha(a.pdf)).toBe(sha(b.pdf));
    const { PDFDocument } = await import("pdf-lib");
    const doc = await PDFDocument.load(a.pdf, { updateMetadata: false });
    expect(doc.getTitle()).toBe("Numbered test book (booklet)");
    expect(doc.getAuthor()).toBe("Test Author");
    expect(doc.getModificationDate()?.toISOString()).toBe("2024-07-31T00:00:00.000Z");
  });

  it("refuses options that are not valid with a diagnostic", async () => {
    const pdf = await numberedPdf({ pages: 4 });
    for (const [options, field] of [[{ signature: 0 }, "signature"], [{ signature: 1.5 }, "signature"], [{ sheet: "a3" }, "sheet"], [{ sheet: "toString" }, "sheet"]] as const) {
      const error = await imposeBooklet({ pdf, ...(options as object) }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DiagnosticError);
      expect((error as DiagnosticError).diagnostics[0]).toMatchObject({ code: "render/booklet-option", field });
    }
    const notPdf = await imposeBooklet({ pdf: new TextEncoder().encode("not a pdf") }).catch((e: unknown) => e);
    expect((notPdf as DiagnosticError).diagnostics[0]).toMatchObject({ code: "render/booklet-option", field: "pdf" });
  });

  it("orders any page count the way a folded stack reads", () => {
    for (let pages = 1; pages <= 41; pages++) {
      for (const signature of [undefined, 1, 2, 5]) {
        const { sides, sheets, signatures, padded } = bookletOrder({ pages, ...(signature ? { signature } : {}) });
        const per = signature ?? sheets;
        const counts = Array.from({ length: signatures }, (_, i) => Math.min(per, sheets - i * per));
        const order = readingOrder({ sides: sides.map((s) => ({ left: s.left === null ? null : s.left + 1, right: s.right === null ? null : s.right + 1 })), perSignature: counts });
        expect(order).toEqual([...range(pages), ...Array.from({ length: padded - pages }, () => null)]);
      }
    }
  });
});

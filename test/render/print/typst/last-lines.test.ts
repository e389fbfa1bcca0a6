/**
 * The pages' last lines read from typst's own PDF (src/render/print/typst/last-lines.ts) against
 * poppler's pdftotext (page-turns.ts) on the same real typst PDFs: narrow justified pages of
 * hyphenated prose and compounds, with a running head and a folio on every page, so that many page
 * ends fall on a hyphenation break and some on a compound's hyphen. A PDF that is not typst's
 * (pdf-lib's standard fonts carry no ToUnicode map) is left to pdftotext.
 */
import { PDFDocument, ParseSpeeds, StandardFonts } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { openTypst, type TypstSession } from "../../../../src/render/print/typst/compiler.js";
import { hyphenatedLastLines } from "../../../../src/render/print/typst/last-lines.js";
import { hyphenatedPageEnds } from "../../../../src/render/print/typst/page-turns.js";
import { typstFonts } from "../../../../src/render/print/typst/warm.js";

const WORDS = "extraordinarily incomprehensibility characteristically counterrevolutionary misrepresentation fellow-countrymen well-established institutionalisation".split(" ");

/** Typst source: small pages, justified, hyphenated, a running head and a folio (as artifacts), a footnote. */
function source({ paragraphs, seed }: { paragraphs: number; seed: number }): string {
  const para = (k: number) => Array.from({ length: 40 }, (_, i) => WORDS[(i * 7 + k * 3 + seed) % WORDS.length]).join(" ");
  const body = Array.from({ length: paragraphs }, (_, k) => (k === 2 ? `${para(k)}#footnote[${para(k + 1)}]` : para(k))).join("\n\n");
  // Led by a compound, the font's map gives its glyph "-" and typst marks each break's hyphen
  // with ActualText U+00AD; led by a break, the other way round (the compounds' "-" as ActualText).
  const lead = seed === 0 ? "A well-established opening.\n\n" : "";
  return `#set page(width: 150pt, height: 200pt, margin: 18pt, header: context [A running head], footer: context align(center, counter(page).display()))
#set text(font: "Source Serif 4", size: 9pt, lang: "en", hyphenate: true)
#set par(justify: true)
${lead}${body}
`;
}

let session: TypstSession | undefined;
afterAll(() => session?.close());

async function typstPdf(text: string): Promise<Uint8Array> {
  session ??= openTypst({ fonts: typstFonts(), timeoutMs: 60_000 });
  const result = await session.compile({ main: text, mainPath: "main.typ", files: [], queries: [] });
  expect(result.messages.filter((m) => m.severity === "error")).toEqual([]);
  if (!result.pdf) throw new Error("typst made no PDF");
  return result.pdf;
}

describe("hyphenatedLastLines", () => {
  it("finds the pages pdftotext finds on typst's PDFs, hyphenation breaks and compounds alike", async () => {
    let found = 0;
    for (const seed of [0, 1, 2]) {
      const pdf = await typstPdf(source({ paragraphs: 12, seed }));
      const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
      const mine = await hyphenatedLastLines({ doc });
      const poppler = await hyphenatedPageEnds({ pdf, pageCount: doc.getPageCount() });
      expect(mine).toBeDefined();
      expect(mine).toEqual(poppler);
      found += mine?.length ?? 0;
    }
    // The pages are narrow and the words long: many page ends are hyphenated.
    expect(found).toBeGreaterThan(5);
  }, 120_000);

  it("leaves a PDF it cannot follow to pdftotext (undefined)", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([300, 400]).drawText("and the last line ends in a hyph-", { x: 20, y: 60, size: 10, font });
    expect(await hyphenatedLastLines({ doc })).toBeUndefined();
  });
});

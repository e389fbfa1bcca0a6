/**
 * The print typography metrics on small real PDFs whose typography is known: typst sets every line
 * break, hyphen and page break as written (typst-pdf.ts), poppler reads them back, and each metric
 * must find exactly what was put there, and nothing in the control.
 */
import { describe, expect, it } from "vitest";
import { measurePdfTypography, type PdfTypography } from "../../../src/check/typography/index.js";
import { searchableWords, textLayerMetrics, words } from "../../../src/check/typography/text-layer.js";
import { lines, PROSE, typstPdf } from "./typst-pdf.js";

const measure = (file: string, manuscript?: string): Promise<PdfTypography> => measurePdfTypography({ file, ...(manuscript !== undefined ? { manuscript } : {}) });

describe("word spacing", () => {
  it("measures justified spaces in em, and flags lines stretched past 2× the natural space", async () => {
    const tight = await measure(typstPdf("tight", PROSE.repeat(6), { hyphenate: true }));
    const loose = await measure(typstPdf("loose", PROSE.repeat(6), { hyphenate: true, spacing: 300 }));
    expect(tight.justifiedLines).toBeGreaterThan(40);
    // Natural space 0.237 em; typst's justification stays close to it.
    expect(tight.wordSpaceP95Em).toBeGreaterThan(0.2);
    expect(tight.wordSpaceP95Em).toBeLessThan(0.46);
    expect(tight.looseLinesPct).toBeLessThan(5);
    // Every space set at 3× natural (justification may shrink it a little): the lines are loose.
    expect(loose.wordSpaceP95Em).toBeGreaterThan(0.54);
    expect(loose.wordSpaceP95Em).toBeGreaterThan(tight.wordSpaceP95Em + 0.1);
    expect(loose.looseLinesPct).toBeGreaterThan(95);
  });

  it("counts no spaces on last lines of paragraphs or ragged lines", async () => {
    const ragged = await measure(typstPdf("ragged", PROSE.repeat(3), { justify: false }));
    expect(ragged.bodyLines).toBeGreaterThan(10);
    expect(ragged.justifiedLines).toBe(0);
    expect(ragged.wordSpaces).toBe(0);
  });
});

describe("hyphenation", () => {
  const body = [
    "The committee reached an under- #linebreak()",
    "standing about the manage- #linebreak()",
    "ment of the two distinct- #linebreak()",
    "ly separate accounts today.",
    "",
    "A line that breaks a- #linebreak()",
    "bout here and stops short. #linebreak()",
    "Then a word that will conti-",
    "#pagebreak()",
    "nues on the next page as it should.",
  ].join("\n");

  it("finds runs of 3+ hyphenated lines, breaks leaving < 2 or < 3 letters, and hyphens across a page turn", async () => {
    const m = await measure(typstPdf("hyphens", body, { justify: false }));
    expect(m.hyphenatedLines).toBe(5);
    expect(m.hyphenRuns3).toBe(1);
    expect(m.shortBreaks).toBe(2);
    expect(m.shortBreakExamples.join(" ")).toMatch(/distinct-ly.*a-bout/);
    expect(m.pageTurnHyphens).toBe(1);
  });

  it("finds none where lines end in whole words", async () => {
    const m = await measure(typstPdf("no-hyphens", lines(12, { justify: false }), { justify: false }));
    expect(m.bodyLines).toBe(12);
    expect([m.hyphenatedLines, m.hyphenRuns3, m.shortBreaks, m.pageTurnHyphens]).toEqual([0, 0, 0, 0]);
  });
});

describe("the leading grid and facing pages", () => {
  it("puts every line on a 15.4 pt grid until a 5 pt space shifts the rest off it", async () => {
    const on = await measure(typstPdf("grid-on", `${lines(10)}\n\n${lines(10)}`));
    expect(on.bodyLines).toBe(20);
    expect(on.offGridPct).toBe(0);
    const off = await measure(typstPdf("grid-off", `${lines(10)}\n#v(5pt)\n${lines(10)}`));
    expect(off.offGridPct).toBe(50);
  });

  it("compares the last baselines of full facing pages only", async () => {
    const page = (n: number, shift = ""): string => `${shift}${lines(n)}`;
    const pages = (p3: string): string => [page(8), page(8), p3, page(8), page(3)].join("\n#pagebreak()\n");
    const even = await measure(typstPdf("spreads-even", pages(page(8)), { linesPerPage: 8 }));
    // Pages 2–3 are a full spread; 4–5 is not (page 5 is a chapter's end).
    expect([even.spreads, even.spreadsDiffering]).toEqual([1, 0]);
    const uneven = await measure(typstPdf("spreads-uneven", pages(page(7, "#v(6pt)\n")), { linesPerPage: 8 }));
    expect([uneven.spreads, uneven.spreadsDiffering]).toEqual([1, 1]);
  });
});

describe("widows and orphans", () => {
  // Eight lines a page; paragraphs of full (justified) lines, each ending short.
  const paragraph = (n: number): string => `${lines(n - 1)} #linebreak(justify: true)\nend.`;

  it("finds a paragraph's last line alone at the top of a page (widow)", async () => {
    const body = `${paragraph(9)}\n\n${paragraph(4)}`;
    expect((await measure(typstPdf("widow", body, { linesPerPage: 8, widowCost: 0 }))).widows).toBe(1);
    expect((await measure(typstPdf("no-widow", body, { linesPerPage: 8 }))).widows).toBe(0);
  });

  it("finds a paragraph's first line alone at the foot of a page (orphan)", async () => {
    const body = `${paragraph(7)}\n\n${paragraph(5)}`;
    expect((await measure(typstPdf("orphan", body, { linesPerPage: 8, orphanCost: 0 }))).orphans).toBe(1);
    expect((await measure(typstPdf("no-orphan", body, { linesPerPage: 8 }))).orphans).toBe(0);
  });
});

describe("the text layer", () => {
  it("finds manuscript words by plain search, joining words broken at a line end", async () => {
    const file = typstPdf("search", PROSE.repeat(2), { hyphenate: true });
    const m = await measure(file, PROSE);
    expect(m.hyphenatedLines).toBeGreaterThan(0);
    expect(m.wordsFoundPct).toBe(100);
    const missing = await measure(file, `${PROSE} zebra`);
    expect(missing.wordsFoundPct).toBeLessThan(100);
    expect(missing.missingWords).toEqual(["zebra"]);
    expect(m.softHyphensInWords).toBe(0);
    expect(m.type3Fonts).toBe(0);
  });

  it("does not find a word holding a soft hyphen, and counts soft hyphens that are not at a line end", () => {
    const pdfText = "pub\u00adlish\u00ading the Bo\u00adli\u00ad\u2010\nvarian re\u00ad\npublic";
    expect(searchableWords(pdfText).has("publishing")).toBe(false);
    expect(searchableWords(pdfText).has("republic")).toBe(true);
    const m = textLayerMetrics({ pdfText, fonts: [{ name: "[none]", type: "Type 3" }, { name: "X", type: "CID TrueType" }], manuscript: "publishing the republic" });
    // pub·lish·ing (2), Bo·li (1), and the U+00AD a browser writes before a line-end hyphen (1).
    expect(m.softHyphensInWords).toBe(4);
    expect(m.wordsFoundPct).toBeCloseTo(200 / 3, 6);
    expect(m.type3Fonts).toBe(1);
    expect(words("Maduro’s ﬁne “Venezuela”")).toEqual(["maduro", "s", "fine", "venezuela"]);
  });
});

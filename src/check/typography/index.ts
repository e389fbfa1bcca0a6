/**
 * Measured print typography of any PDF, with poppler only (see lines.ts, metrics.ts and
 * text-layer.ts for exactly how each number is computed). Used by `scripts/pdf-metrics.mjs`,
 * `npm run bench` and the print tests.
 */
import { bodyPages } from "./lines.js";
import { readFonts, readLayout, readPageCount, readText } from "./layout.js";
import { layoutMetrics, type LayoutMetrics } from "./metrics.js";
import { textLayerMetrics, type TextLayerMetrics } from "./text-layer.js";

export { manuscriptText, searchableWords, words } from "./text-layer.js";
export { NATURAL_SPACE_EM, percentile } from "./metrics.js";
export type { LayoutMetrics, TextLayerMetrics };

export interface PdfTypographyOptions {
  file: string;
  /** Plain text of the manuscript (manuscriptText(book)); without it no word search is made. */
  manuscript?: string;
  /** Body size in points (default 11: the 6×9 design). */
  fontSizePt?: number;
  /** The leading, for the grid and furniture (default 15.4 pt = 11 × 1.4). */
  leadingPt?: number;
  naturalSpaceEm?: number;
}

export interface PdfTypography extends LayoutMetrics, TextLayerMetrics {
  file: string;
  pages: number;
  fontSizePt: number;
  leadingPt: number;
}

export const DEFAULT_FONT_SIZE_PT = 11;
export const DEFAULT_LEADING_PT = 15.4;

export async function measurePdfTypography(options: PdfTypographyOptions): Promise<PdfTypography> {
  const { file, manuscript, fontSizePt = DEFAULT_FONT_SIZE_PT, leadingPt = DEFAULT_LEADING_PT, naturalSpaceEm } = options;
  const [layout, pdfText, fonts, pages] = await Promise.all([readLayout({ file }), readText({ file }), readFonts({ file }), readPageCount({ file })]);
  const layoutResult = layoutMetrics(bodyPages(layout, { fontSizePt, leadingPt }), { leadingPt, ...(naturalSpaceEm !== undefined ? { naturalSpaceEm } : {}) });
  const text = textLayerMetrics({ pdfText, fonts, ...(manuscript !== undefined ? { manuscript } : {}) });
  return { file, pages, fontSizePt, leadingPt, ...layoutResult, ...text };
}

const f2 = (n: number): string => n.toFixed(2).replace(/^0\./, ".");
const f1 = (n: number): string => `${n.toFixed(1)} %`;

/** The "Measured" rows, label → value, for one PDF. */
export function metricRows(m: PdfTypography): Array<[string, string]> {
  return [
    ["word space p95, em (natural 0.237)", f2(m.wordSpaceP95Em)],
    ["lines with a space > 2× natural", f1(m.looseLinesPct)],
    ["runs of 3+ hyphenated lines", String(m.hyphenRuns3)],
    ["breaks leaving < 2 letters before or < 3 after", String(m.shortBreaks)],
    ["hyphens across a page turn", String(m.pageTurnHyphens)],
    [`lines off the ${m.leadingPt} pt leading`, f1(m.offGridPct)],
    ["spreads whose bottoms differ", `${m.spreadsDiffering} of ${m.spreads}`],
    ["widows", String(m.widows) + (m.widows ? ` (p. ${m.widowPages.join(", ")})` : "")],
    ["orphans", String(m.orphans) + (m.orphans ? ` (p. ${m.orphanPages.join(", ")})` : "")],
    ["U+00AD inside words in the text layer", String(m.softHyphensInWords)],
    ["manuscript words found by plain search", m.wordsFoundPct === undefined ? "–" : f1(m.wordsFoundPct)],
    ["Type 3 fonts", String(m.type3Fonts)],
  ];
}

/**
 * Page geometry of the print edition: trim, mirrored margins with a gutter that grows with the
 * page count, optional bleed on the three outer edges (never the spine edge), in PostScript points.
 */
import type { PrintOptions } from "../../model/book.js";

export const PT_PER_IN = 72;
export const PT_PER_MM = 72 / 25.4;

/**
 * KDP's minimum inside (gutter) margin by page count (KDP Help Center, "Set trim size, bleed and
 * margins"; the same table is repeated by every KDP formatting guide): 24–150 pages 0.375 in,
 * 151–300 0.5 in, 301–500 0.625 in, 501–700 0.75 in, 701–828 0.875 in. The preflight checks IngramSpark
 * against the larger of this and 0.5 in.
 * (IngramSpark, "File Requirements for Print Books": margins at least 0.5 in from the trim on all
 * sides, page numbers included; no crop or printer marks in the interior.)
 */
export const KDP_GUTTER_TABLE: ReadonlyArray<{ maxPages: number; gutterIn: number }> = [
  { maxPages: 150, gutterIn: 0.375 },
  { maxPages: 300, gutterIn: 0.5 },
  { maxPages: 500, gutterIn: 0.625 },
  { maxPages: 700, gutterIn: 0.75 },
  { maxPages: Infinity, gutterIn: 0.875 },
];

/**
 * Fewest pages a paperback may have: KDP 24 (KDP Help, "Paperback page count"), IngramSpark 18
 * (IngramSpark FAQ, every binding). A book aimed at a service is padded with blank pages at the back.
 */
export const SERVICE_MIN_PAGES = { kdp: 24, ingram: 18, none: 0 } as const;

export function minimumGutterIn({ pageCount }: { pageCount: number }): number {
  return KDP_GUTTER_TABLE.find((row) => pageCount <= row.maxPages)?.gutterIn ?? 0.875;
}

export interface PageGeometry {
  trimWidthPt: number;
  trimHeightPt: number;
  /** 0 when bleed is off. */
  bleedPt: number;
  /** The PDF page (MediaBox): trim plus bleed on the outside edge, top and bottom. */
  pageWidthPt: number;
  pageHeightPt: number;
  /** Margins measured from the trim edge. */
  insidePt: number;
  outsidePt: number;
  topPt: number;
  bottomPt: number;
  /** Top of the running head and foot of the folio, from the trim edge (≥ 0.5 in: IngramSpark's minimum). */
  headFromTopPt: number;
  folioFromBottomPt: number;
  fontSizePt: number;
}

/** Comfort above the services' minimum: text should not run into the curve of the spine. */
const GUTTER_COMFORT_IN = 0.25;

export function pageGeometry({ print, pageCount }: { print: PrintOptions; pageCount: number }): PageGeometry {
  const w = print.trim.widthMm * PT_PER_MM;
  const h = print.trim.heightMm * PT_PER_MM;
  const bleedPt = print.bleed ? print.bleedMm * PT_PER_MM : 0;
  const small = w < 5.6 * PT_PER_IN;
  const large = w > 7 * PT_PER_IN;
  // With bleed the outside margins must keep 0.375 in clear of the trim (KDP); without, 0.25 in.
  const outsideMin = (print.bleed ? 0.375 : 0.25) * PT_PER_IN;
  return {
    trimWidthPt: w,
    trimHeightPt: h,
    bleedPt,
    pageWidthPt: w + bleedPt,
    pageHeightPt: h + 2 * bleedPt,
    insidePt: (minimumGutterIn({ pageCount }) + GUTTER_COMFORT_IN) * PT_PER_IN,
    outsidePt: Math.max(outsideMin, (large ? 0.8 : small ? 0.5 : 0.55) * PT_PER_IN),
    // (IngramSpark: at least 0.5 in from the trim on every side, page numbers included.)
    topPt: (large ? 1.05 : 0.9) * PT_PER_IN,
    bottomPt: (large ? 1.05 : 0.9) * PT_PER_IN,
    headFromTopPt: (large ? 0.6 : 0.55) * PT_PER_IN,
    folioFromBottomPt: (large ? 0.6 : 0.52) * PT_PER_IN,
    fontSizePt: small ? 10.5 : large ? 12 : 11,
  };
}

const pt = (n: number): string => `${Math.round(n * 1000) / 1000}pt`;

/**
 * The @page rules. Rectos (`:right`) have the gutter on the left and the bleed on the right;
 * versos the reverse. No margin boxes: folios and running heads are drawn afterwards on exactly
 * the pages that carry them (Chromium has no `:blank`, no per-group `:first`, no `string-set`).
 */
export function pageCss({ geometry: g }: { geometry: PageGeometry }): string {
  const top = g.topPt + g.bleedPt;
  const bottom = g.bottomPt + g.bleedPt;
  return [
    `@page { size: ${pt(g.pageWidthPt)} ${pt(g.pageHeightPt)}; margin: ${pt(top)} ${pt(g.outsidePt + g.bleedPt)} ${pt(bottom)} ${pt(g.insidePt)}; }`,
    `@page :right { margin-left: ${pt(g.insidePt)}; margin-right: ${pt(g.outsidePt + g.bleedPt)}; }`,
    `@page :left { margin-left: ${pt(g.outsidePt + g.bleedPt)}; margin-right: ${pt(g.insidePt)}; }`,
    `:root { --print-font-size: ${g.fontSizePt}pt; --text-height: ${pt(g.trimHeightPt - g.topPt - g.bottomPt)}; }`,
  ].join("\n");
}

/**
 * Whether page `index` (0-based) has its gutter on the left. Rectos (odd folios) bind on the left
 * in a left-to-right book; a right-to-left book progresses the other way, and Chromium agrees
 * (its first page is `:left` in an RTL document), so the @page rules need no change.
 */
export function gutterOnLeft({ index, direction }: { index: number; direction: "ltr" | "rtl" }): boolean {
  return (index % 2 === 0) !== (direction === "rtl");
}

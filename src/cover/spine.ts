/**
 * The full-wrap cover's geometry: back + spine + front with 0.125 in bleed all round. The spine
 * width is the page count times the paper's thickness per page, as KDP publishes it for black-and-
 * white interiors (KDP Help, "Cover calculator and templates"): white paper 0.002252 in per page,
 * cream 0.0025 in. KDP prints spine text only from 79 pages, with 0.0625 in clear on each side
 * (we also require room for 6 pt text: SPINE_TEXT_MIN_WIDTH_IN); the
 * barcode goes bottom right of the back cover in a 2 × 1.2 in box 0.25 in from the trim edges.
 */
import type { PrintOptions } from "../model/book.js";
import { PT_PER_IN, PT_PER_MM } from "../render/pdf/geometry.js";

export const PAPER_IN_PER_PAGE = { white: 0.002252, cream: 0.0025 } as const;
export const COVER_BLEED_IN = 0.125;
export const SPINE_TEXT_MIN_PAGES = 79;
/** Clear on each side of spine text (the template keeps its text within the rest). */
export const SPINE_CLEARANCE_IN = 0.0625;
/**
 * Spine text is set at up to 14 pt, its line (1.2 em) filling what the clearances leave; below
 * 6 pt it is not legible on a shelf, so it is drawn only when the spine is at least
 * 2 × 0.0625 in + 1.2 × 6 pt = 0.225 in wide (100 pages on white paper, 90 on cream) and the book
 * has KDP's 79 pages. A narrower spine gets no text rather than text running over its folds.
 */
export const SPINE_TEXT_MIN_PT = 6;
export const SPINE_TEXT_MAX_PT = 14;
const SPINE_LINE = 1.2;
export const SPINE_TEXT_MIN_WIDTH_IN = 2 * SPINE_CLEARANCE_IN + (SPINE_LINE * SPINE_TEXT_MIN_PT) / PT_PER_IN;
const BARCODE = { widthIn: 2, heightIn: 1.2, fromEdgeIn: 0.25 };

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CoverGeometry {
  /** The whole sheet in points, bleed included. */
  width: number;
  height: number;
  bleed: number;
  spineWidth: number;
  spineInches: number;
  /** Trim boxes of the three panels, from the sheet's top-left corner (CSS coordinates). */
  back: Rect;
  spine: Rect;
  front: Rect;
  /** Kept clear for the printer's barcode (on the back panel). */
  barcode: Rect;
  spineText: boolean;
  /** The spine text's size in points (0 when there is none). */
  spineFontSize: number;
}

/** A right-to-left book opens the other way: its front cover is the wrap's left panel. */
export function coverGeometry({ print, pageCount, direction = "ltr" }: { print: PrintOptions; pageCount: number; direction?: "ltr" | "rtl" }): CoverGeometry {
  const w = print.trim.widthMm * PT_PER_MM;
  const h = print.trim.heightMm * PT_PER_MM;
  const bleed = COVER_BLEED_IN * PT_PER_IN;
  const spineInches = pageCount * PAPER_IN_PER_PAGE[print.paper];
  const spineWidth = spineInches * PT_PER_IN;
  const leftPanel = { x: bleed, y: bleed, width: w, height: h };
  const spine = { x: bleed + w, y: bleed, width: spineWidth, height: h };
  const rightPanel = { x: bleed + w + spineWidth, y: bleed, width: w, height: h };
  const fontSize = Math.min(SPINE_TEXT_MAX_PT, (spineWidth - 2 * SPINE_CLEARANCE_IN * PT_PER_IN) / SPINE_LINE);
  const spineText = pageCount >= SPINE_TEXT_MIN_PAGES && spineInches >= SPINE_TEXT_MIN_WIDTH_IN - 1e-9;
  const [back, front] = direction === "rtl" ? [rightPanel, leftPanel] : [leftPanel, rightPanel];
  const barcode = {
    width: BARCODE.widthIn * PT_PER_IN,
    height: BARCODE.heightIn * PT_PER_IN,
    x: back.x + w - (BARCODE.fromEdgeIn + BARCODE.widthIn) * PT_PER_IN,
    y: back.y + h - (BARCODE.fromEdgeIn + BARCODE.heightIn) * PT_PER_IN,
  };
  return {
    width: 2 * w + spineWidth + 2 * bleed,
    height: h + 2 * bleed,
    bleed,
    spineWidth,
    spineInches,
    back,
    spine,
    front,
    barcode,
    spineText,
    spineFontSize: spineText ? fontSize : 0,
  };
}

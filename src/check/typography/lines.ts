/**
 * Which lines of a PDF are body text, and their shape. Everything here is inferred from word boxes
 * only (no tags, no fonts), so the same rules apply to a PDF from any engine:
 *
 * - **Body size**: the most common line-box height, weighted by words (headings, notes, quotations,
 *   running heads in other sizes drop out). A body line's height is within 4 % of it.
 * - **Furniture** (running heads, folios): the first or last line of a page standing more than
 *   1.5 leadings apart from its neighbour. A widow at the top of a page sits one leading above the
 *   next line, so it stays.
 * - **Text block** per page: its left edge is the most common left x of body lines (first-line
 *   indents are the minority); its right edge that plus the measure, the document's most common
 *   width (right x minus the page's left edge) of lines of 3+ words (so a page holding one short
 *   line does not make that line full). When fewer than 30 % of lines share that width the text
 *   is ragged: no line is full, none justified.
 * - **Paragraph end**: a body line is the last of its paragraph when it stops short of the right
 *   edge (by > 1 pt), or the next body line on the page is indented (> 0.4 em), in another poppler
 *   block, or more than 1.5 leadings below.
 * - **Justified line**: a body line reaching the right edge that is not a paragraph end, and has
 *   no gap over 3 em (a gap that wide is a tab stop or leader, e.g. the contents' page numbers).
 */
import type { Line, Page } from "./layout.js";

export interface BodyLine {
  line: Line;
  page: number;
  /** Index among the page's body lines. */
  index: number;
  /** Left and right edge of the page's text block. */
  left: number;
  right: number;
  indented: boolean;
  full: boolean;
  paragraphEnd: boolean;
  justified: boolean;
  /** Gaps between consecutive word boxes, in em, word spaces only (≥ 0.1 em). */
  gapsEm: number[];
}

export interface BodyPage {
  number: number;
  lines: BodyLine[];
  /** First and last non-furniture lines of any size (to tell a heading from body text). */
  first?: Line;
  last?: Line;
}

export interface LineOptions {
  fontSizePt: number;
  leadingPt: number;
}

/** Gaps narrower than this are kerning or a font change inside a word, not a word space. */
export const MIN_SPACE_EM = 0.1;
/** Gaps wider than this are tab stops or leaders; the line is not a justified text line. */
export const MAX_SPACE_EM = 3;

const round = (n: number, step: number): number => Math.round(n / step) * step;

function mode(values: number[], step: number): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(round(v, step), (counts.get(round(v, step)) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [v, c] of counts) if (c > bestCount || (c === bestCount && best !== undefined && v < best)) [best, bestCount] = [v, c];
  return best;
}

export const lineHeight = (l: Line): number => l.yMax - l.yMin;

/** The body line-box height: the mode of line heights, weighted by word count. */
export function bodyHeight(pages: Page[]): number {
  const weighted: number[] = [];
  for (const p of pages) for (const l of p.lines) for (let i = 0; i < l.words.length; i++) weighted.push(lineHeight(l));
  return mode(weighted, 0.1) ?? 0;
}

function withoutFurniture(lines: Line[], leadingPt: number): Line[] {
  const out = [...lines];
  const apart = 1.5 * leadingPt;
  if (out.length >= 2 && out[1]!.yMax - out[0]!.yMax > apart) out.shift();
  if (out.length >= 2 && out[out.length - 1]!.yMax - out[out.length - 2]!.yMax > apart) out.pop();
  return out;
}

/** Body lines per page, classified (see the module comment for every rule). */
export function bodyPages(pages: Page[], { fontSizePt, leadingPt }: LineOptions): BodyPage[] {
  const h = bodyHeight(pages);
  const perPage = pages.map((page) => {
    const lines = withoutFurniture(page.lines, leadingPt);
    const body = lines.filter((l) => Math.abs(lineHeight(l) - h) <= 0.04 * h);
    return { page, lines, body, left: mode(body.map((l) => l.xMin), 0.5) ?? 0 };
  });
  const widths = perPage.flatMap(({ body, left }) => body.filter((l) => l.words.length >= 3).map((l) => l.xMax - left));
  const common = mode(widths, 0.5);
  // Justified text: most lines share one width. Ragged text has no such width, and no full lines.
  const shared = common === undefined ? 0 : widths.filter((w) => Math.abs(w - common) <= 0.5).length;
  const measure = common !== undefined && shared >= 0.3 * widths.length ? common : Infinity;
  return perPage.map(({ page, lines, body, left }) => {
    const right = left + measure;
    const shaped: BodyLine[] = body.map((line, index) => {
      const gaps: number[] = [];
      for (let i = 1; i < line.words.length; i++) gaps.push((line.words[i]!.xMin - line.words[i - 1]!.xMax) / fontSizePt);
      return {
        line,
        page: page.number,
        index,
        left,
        right,
        indented: line.xMin > left + 0.4 * fontSizePt,
        full: line.xMax >= right - 1,
        paragraphEnd: false,
        justified: false,
        gapsEm: gaps.filter((g) => g >= MIN_SPACE_EM),
      };
    });
    shaped.forEach((b, i) => {
      const next = shaped[i + 1];
      b.paragraphEnd = !b.full || (next !== undefined && (next.indented || next.line.block !== b.line.block || next.line.yMax - b.line.yMax > 1.5 * leadingPt));
      b.justified = !b.paragraphEnd && b.line.words.length >= 2 && b.gapsEm.every((g) => g <= MAX_SPACE_EM);
    });
    return { number: page.number, lines: shaped, ...(lines[0] ? { first: lines[0] } : {}), ...(lines.length ? { last: lines[lines.length - 1]! } : {}) };
  });
}

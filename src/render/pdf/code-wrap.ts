/**
 * Long code lines in print. A page cannot scroll, and Chromium clips a `<pre>` line at the text
 * edge, so every source line longer than the measure is broken before print: at the last space or
 * punctuation within the limit (hard at the limit when there is none), the rest set on a new line
 * behind a continuation mark (`↪`, drawn by print.css: not in the HTML's text, though a PDF text
 * extractor sees it at the start of each continuation line). The code's
 * characters stay identical and in order: only a `<br />` and an empty mark element are inserted,
 * so the pre's text content is exactly what the author wrote. print.css's `pre-wrap` is the
 * safety net for anything this count gets wrong (a glyph from a wider fallback font).
 *
 * Continuations hang under the line's own indentation (the mark is right-aligned in a box as
 * wide as that indentation plus the mark), unless the indentation takes more than half the line.
 */
import { createElement, Element, elements, parseFragment, serialize, Text, type ChildNode, type ParentNode } from "../../convert/dom.js";
import type { PrintOptions } from "../../model/book.js";
import { pageGeometry } from "./geometry.js";

export const CONTINUED_CLASS = "code-continued";
/** Columns the mark takes: the arrow and a no-break space. */
export const MARK_COLUMNS = 2;
const TAB = 8;

/**
 * Monospace advance in em: Noto Sans Mono's is 600/1000, DejaVu Sans Mono's (the fallback in
 * base.css, and what most Linux machines have) 1233/2048 ≈ 0.602.
 */
export const MONO_ADVANCE_EM = 0.6;
export const FALLBACK_MONO_ADVANCE_EM = 1233 / 2048;

/**
 * Code in a print `<pre>` relative to the body size: base.css sets `code, kbd, samp, pre` to
 * 0.875em, and pandoc's `<pre><code>` nests the two, so the text is 0.875 × 0.875 of the body.
 */
export const PRE_CODE_SCALE = 0.875 * 0.875;

/** How many monospace characters fit in `measurePt` at `fontSizePt`. */
export function columnsFor({ measurePt, fontSizePt, advanceEm = MONO_ADVANCE_EM }: { measurePt: number; fontSizePt: number; advanceEm?: number }): number {
  // The epsilon keeps an exact fit (measure = n advances) from losing a column to rounding.
  return Math.floor(measurePt / (fontSizePt * advanceEm) + 1e-9);
}

/**
 * The columns a print `<pre>` in the running text has for a book's trim. The measure is taken with
 * the gutter at its widest (the most pages), so the wrapping never depends on the page count,
 * which itself depends on the wrapping; and with the wider of the two monospace faces.
 * A `<pre>` inside a blockquote (narrower, smaller) is caught by print.css's pre-wrap.
 */
export function printCodeColumns({ print }: { print: PrintOptions }): number {
  const g = pageGeometry({ print, pageCount: Number.MAX_SAFE_INTEGER });
  return columnsFor({ measurePt: g.trimWidthPt - g.insidePt - g.outsidePt, fontSizePt: g.fontSizePt * PRE_CODE_SCALE, advanceEm: FALLBACK_MONO_ADVANCE_EM });
}

/** Where a source line is broken: before code point `at`, continuation hung `hang` columns in. */
interface LineBreak {
  at: number;
  hang: number;
}

const SPACE = /^[ \t]$/;
// Break after closing or separating punctuation and symbols, never after an opening one.
const PUNCT = /^[\p{Pd}\p{Pe}\p{Pf}\p{Po}\p{Pc}\p{S}]$/u;
const MARK = /^\p{M}$/u;

/**
 * East Asian wide and fullwidth characters and emoji take two columns: their glyphs come from
 * fallback fonts about 1 em wide, against the monospace 0.6 em (Unicode's East Asian Width, W/F).
 */
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;

/** Column after `ch` when it starts at `col` (code points; tabs to the next multiple of 8). */
function advance(col: number, ch: string): number {
  if (ch === "\t") return (Math.floor(col / TAB) + 1) * TAB;
  return col + (WIDE.test(ch) ? 2 : 1);
}

/** Breaks for one source line (as code points); none when it fits. Pure, for the tests too. */
export function lineBreaks({ chars, maxColumns }: { chars: readonly string[]; maxColumns: number }): LineBreak[] {
  let indent = 0;
  for (const ch of chars) {
    if (!SPACE.test(ch)) break;
    indent = advance(indent, ch);
  }
  const hang = indent + MARK_COLUMNS <= maxColumns / 2 ? indent + MARK_COLUMNS : MARK_COLUMNS;
  const out: LineBreak[] = [];
  let start = 0;
  let startCol = 0;
  while (start < chars.length) {
    // `fits` = the largest end index whose columns stay within the limit.
    let col = startCol;
    let fits = start;
    while (fits < chars.length) {
      const next = advance(col, chars[fits] ?? "");
      if (next > maxColumns) break;
      col = next;
      fits++;
    }
    if (fits >= chars.length) break;
    // Overflow that is only trailing whitespace hangs in pre-wrap; nothing to carry over.
    if (chars.slice(fits).every((ch) => SPACE.test(ch))) break;
    let at = -1;
    // A soft boundary too near the start would leave a nearly empty line: then break hard.
    const earliest = start + Math.max(1, Math.floor((fits - start) / 2));
    for (let p = fits; p >= earliest; p--) {
      const before = chars[p - 1] ?? "";
      const after = chars[p] ?? "";
      if (SPACE.test(after) || MARK.test(after)) continue;
      if (SPACE.test(before) || PUNCT.test(before)) {
        at = p;
        break;
      }
    }
    if (at < 0) {
      at = Math.max(start + 1, fits);
      // Never part a combining mark from its base.
      while (at > start + 1 && MARK.test(chars[at] ?? "")) at--;
    }
    out.push({ at, hang });
    start = at;
    startCol = hang;
  }
  return out;
}

export interface WrapResult {
  html: string;
  /** Source lines that were broken at least once (for the build report). */
  wrappedLines: number;
}

/** A text node of a pre and the offset (in code points of the pre's text) where it starts. */
interface Piece {
  node: Text;
  start: number;
  chars: string[];
}

/** A source line: where it starts in the pre's text, and its code points. */
interface SourceLine {
  start: number;
  chars: string[];
}

/** The pre's text nodes and source lines; a `<br>` ends a line without taking a character. */
function readPre(pre: Element): { pieces: Piece[]; lines: SourceLine[] } {
  const pieces: Piece[] = [];
  const lines: SourceLine[] = [{ start: 0, chars: [] }];
  let offset = 0;
  const walk = (node: ParentNode): void => {
    for (const child of node.children) {
      if (child instanceof Text) {
        const chars = Array.from(child.data);
        pieces.push({ node: child, start: offset, chars });
        for (const ch of chars) {
          offset++;
          if (ch === "\n") lines.push({ start: offset, chars: [] });
          else lines[lines.length - 1]?.chars.push(ch);
        }
      } else if (child instanceof Element) {
        if (child.name === "br") lines.push({ start: offset, chars: [] });
        else walk(child);
      }
    }
  };
  walk(pre);
  return { pieces, lines };
}

function mark(hang: number): Element[] {
  const attrs: Record<string, string> = { class: CONTINUED_CLASS, "aria-hidden": "true" };
  // The box as wide as the hang, the arrow at its right: the continuation starts under the code.
  if (hang > MARK_COLUMNS) attrs.style = `width: ${hang}ch`;
  return [createElement("br", {}, []), createElement("span", attrs, [])];
}

function spliceChildren(parent: ParentNode, old: ChildNode, replacement: ChildNode[]): void {
  const i = parent.children.indexOf(old);
  parent.children.splice(i, 1, ...replacement);
  for (const node of replacement) node.parent = parent;
  for (let k = Math.max(0, i - 1); k < Math.min(parent.children.length, i + replacement.length + 1); k++) {
    const c = parent.children[k];
    if (!c) continue;
    c.prev = parent.children[k - 1] ?? null;
    c.next = parent.children[k + 1] ?? null;
  }
  old.parent = null;
  old.prev = null;
  old.next = null;
}

/** Breaks every too-long line of every `<pre>` in a block of polyglot HTML. */
export function wrapCodeLines({ html, maxColumns }: { html: string; maxColumns: number }): WrapResult {
  if (!Number.isInteger(maxColumns) || maxColumns < 2 * MARK_COLUMNS) throw new RangeError(`maxColumns must be an integer of at least ${2 * MARK_COLUMNS}, not ${maxColumns}`);
  if (!/<pre[\s>]/i.test(html)) return { html, wrappedLines: 0 };
  const root = parseFragment(html);
  let wrappedLines = 0;
  const pres = elements(root).filter((el) => el.name === "pre");
  // A pre inside a pre (never from pandoc) is read with the outer one.
  const outer = pres.filter((pre) => !pres.some((other) => other !== pre && elements(other).includes(pre)));
  for (const pre of outer) {
    const { pieces, lines } = readPre(pre);
    // Break offset (in the pre's text) → hang of the continuation.
    const breaks = new Map<number, number>();
    for (const line of lines) {
      const found = lineBreaks({ chars: line.chars, maxColumns });
      if (found.length > 0) wrappedLines++;
      for (const b of found) breaks.set(line.start + b.at, b.hang);
    }
    if (breaks.size === 0) continue;
    for (const piece of pieces) {
      // A break goes into the text node that holds the character before it, so it lands
      // after a highlighting span's text rather than inside the next span.
      const inside = [...breaks.keys()].filter((at) => at > piece.start && at <= piece.start + piece.chars.length).sort((x, y) => x - y);
      if (inside.length === 0) continue;
      const parts: ChildNode[] = [];
      let from = 0;
      for (const at of inside) {
        const cut = at - piece.start;
        if (cut > from) parts.push(new Text(piece.chars.slice(from, cut).join("")));
        parts.push(...mark(breaks.get(at) ?? MARK_COLUMNS));
        from = cut;
      }
      if (from < piece.chars.length) parts.push(new Text(piece.chars.slice(from).join("")));
      if (piece.node.parent) spliceChildren(piece.node.parent, piece.node, parts);
    }
  }
  return wrappedLines === 0 ? { html, wrappedLines } : { html: serialize(root.children), wrappedLines };
}

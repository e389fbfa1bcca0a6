/**
 * Word-for-word matching of manuscript text against an edition's extracted text.
 *
 * Forgiven, and nothing else: runs of whitespace; soft hyphens (U+00AD, invisible); and in a
 * paged (PDF) edition, what typesetting adds — a line break where the text had a space or a
 * break opportunity, a soft hyphen shown at a line end (a real one, as in `well-known`, must be
 * in the text), and whole lines of page furniture
 * (running heads, folios) within a few lines of a page break; and a ligature glyph (ﬁ) that
 * the PDF's text layer reports as one code point.
 */

/** Lines at the top and bottom of each PDF page that may be page furniture. */
const FURNITURE_LINES = 3;
/**
 * How a PDF's text shows a soft hyphen where the line broke: U+2010 with some fonts, a plain
 * hyphen-minus with others (measured: Chromium with Source Serif 4 subsets). So a line-end hyphen
 * that the manuscript has there (`well-` + `known`) is matched as text, and one it lacks is taken
 * for a soft hyphen: a real hyphen lost from the text is caught, an extra one at a line end is not.
 */
const SHOWN_SOFT_HYPHENS = new Set(["-", "\u2010", "\u2011"]);
const SPACE_LIKE = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/;

export interface PreparedEdition {
  /** Lines with whitespace runs collapsed, joined by "\n" (pages too). */
  text: string;
  paged: boolean;
  /** Line-start offsets that may be skipped whole (page furniture candidates). */
  skippable: Set<number>;
  /** Line-start offset → the next line's start. */
  nextLine: Map<number, number>;
}

export interface Span {
  start: number;
  end: number;
}

/** Typographic ligatures a PDF's text layer may report as one code point; they are glyphs, not text. */
const LIGATURES: Record<string, string> = { "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb06": "st" };

export function prepareEdition(options: { text: string; paged: boolean }): PreparedEdition {
  let source = options.text.replace(/\u00ad/g, "").replace(/\r\n?/g, "\n");
  if (options.paged) source = source.replace(/[\ufb00-\ufb04\ufb06]/g, (c) => LIGATURES[c] ?? c);
  const pages = source.split("\f");
  const lines: Array<{ text: string; furniture: boolean }> = [];
  for (const page of pages) {
    const pageLines = page
      .split("\n")
      .map((l) => l.replace(/[ \t\v]+/g, " ").trim())
      .filter((l) => l !== "");
    pageLines.forEach((text, i) => {
      lines.push({ text, furniture: options.paged && (i < FURNITURE_LINES || i >= pageLines.length - FURNITURE_LINES) });
    });
  }
  const skippable = new Set<number>();
  const nextLine = new Map<number, number>();
  let offset = 0;
  for (const line of lines) {
    if (line.furniture) skippable.add(offset);
    nextLine.set(offset, offset + line.text.length + 1);
    offset += line.text.length + 1;
  }
  return { text: lines.map((l) => l.text).join("\n"), paged: options.paged, skippable, nextLine };
}

function normalizeExpected(text: string): string {
  return text.replace(/\u00ad/g, "").replace(/[ \t\r\n]+/g, " ").trim();
}

interface Progress {
  matched: number;
  editionAt: number;
}

/** Matches `exp` starting exactly at `j`; the end offset, or -1. Records the furthest progress. */
function matchAt(ed: PreparedEdition, exp: string, j0: number, best: Progress): number {
  const t = ed.text;
  const same = (c: string, e: string): boolean =>
    c === e || (ed.paged && (c === " " || SPACE_LIKE.test(c)) && (e === " " || SPACE_LIKE.test(e)));

  const fromLineStart = (i: number, j: number, skipsLeft: number): number => {
    let k = j;
    let budget = skipsLeft;
    for (;;) {
      const r = run(i, k);
      if (r >= 0) return r;
      if (!ed.skippable.has(k) || budget === 0) return -1;
      const next = ed.nextLine.get(k);
      if (next === undefined || next >= t.length) return -1;
      k = next;
      budget--;
    }
  };

  const run = (i0: number, j: number): number => {
    let i = i0;
    for (;;) {
      if (i === exp.length) return j;
      if (i > best.matched) {
        best.matched = i;
        best.editionAt = j;
      }
      const e = exp[i] ?? "";
      const c = t[j];
      if (c === undefined) return -1;
      if (ed.paged && SHOWN_SOFT_HYPHENS.has(c) && c !== e && t[j + 1] === "\n") {
        j++; // a soft hyphen, shown at the line end
        continue;
      }
      if (c === "\n") {
        if (e === " ") i++;
        else if (!ed.paged) return -1;
        // A line break where the text has a space, or (in print) a break opportunity.
        return fromLineStart(i, j + 1, ed.paged ? 2 * FURNITURE_LINES : 0);
      }
      if (!same(c, e)) return -1;
      i++;
      j++;
    }
  };
  return run(0, j0);
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

function candidates(ed: PreparedEdition, exp: string, from: number): number[] {
  const first = exp[0];
  if (first === undefined) return [];
  const out: number[] = [];
  for (let j = ed.text.indexOf(first, from); j !== -1; j = ed.text.indexOf(first, j + 1)) {
    // A block starts at a word boundary, never inside a word.
    if (!(isWordChar(first) && isWordChar(ed.text[j - 1]))) out.push(j);
  }
  return out;
}

/** The first place at or after `from` where `text` appears word for word. */
export function findFirst(ed: PreparedEdition, text: string, from = 0): Span | undefined {
  const exp = normalizeExpected(text);
  const best: Progress = { matched: 0, editionAt: from };
  for (const j of candidates(ed, exp, from)) {
    const end = matchAt(ed, exp, j, best);
    if (end >= 0) return { start: j, end };
  }
  return undefined;
}

/** Every non-overlapping place at or after `from` where `text` appears. */
export function findAll(ed: PreparedEdition, text: string, from = 0): Span[] {
  const spans: Span[] = [];
  for (let hit = findFirst(ed, text, from); hit; hit = findFirst(ed, text, hit.end)) spans.push(hit);
  return spans;
}

/** How far the best attempt got: characters of `text` matched, and where the edition diverged. */
export function longestPrefix(ed: PreparedEdition, text: string, from = 0): Progress {
  const exp = normalizeExpected(text);
  const best: Progress = { matched: 0, editionAt: from };
  for (const j of candidates(ed, exp, from)) matchAt(ed, exp, j, best);
  return best;
}

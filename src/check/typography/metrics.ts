/**
 * The print typography metrics, from the body lines of lines.ts. How each is computed:
 *
 * - `wordSpaceP95Em`: the 95th percentile (nearest rank) of every word space on justified body
 *   lines, in em of the body size. Source Serif 4's natural space is 0.237 em; TeX-quality
 *   justification stays near it, a browser's greedy lines stretch far beyond.
 * - `looseLinesPct`: % of justified body lines with at least one space wider than 2× natural.
 *   Last lines of paragraphs are set at natural width and are not counted either way.
 * - `hyphenRuns3`: runs of 3 or more consecutive body lines ending in a hyphen (a letter, then
 *   `-`, U+2010 or U+00AD, or U+00AD then `-`), counted in reading order across pages.
 * - `shortBreaks`: hyphenated line ends leaving fewer than `minBefore` (2) letters before the
 *   hyphen or fewer than `minAfter` (3) letters at the start of the next body line ("distinct-ly").
 * - `pageTurnHyphens`: pages whose last body line ends in a hyphen (the word goes on overleaf).
 * - `offGridPct`: % of body lines whose baseline is off the leading grid: the bottom of each line
 *   box (baseline + the font's descent, the same offset for every body line) modulo the leading;
 *   the grid's phase is the most common residue in the document; a line is off when its residue
 *   is more than `gridTolerancePt` (0.3 pt) from it.
 * - `spreads`: facing pages (verso = even page, recto = the next odd page) that are both full text
 *   pages; `spreadsDiffering` of them end on baselines more than 0.5 pt apart. A full text page has
 *   5+ body lines, its last body line within 3 leadings of the lowest body line in the document,
 *   and the next page opening with body text (so chapter ends and openers are not counted).
 * - `widows`: pages whose first body line is a paragraph's last (short, and the next line is a
 *   new paragraph or there is none) while the previous page ended inside that paragraph (its last
 *   body line full width). `orphans`: pages whose last body line is an indented first line running
 *   on overleaf. Detectable only where paragraphs are indented, as in our design.
 */
import type { BodyLine, BodyPage } from "./lines.js";

export const NATURAL_SPACE_EM = 0.237;

export interface LayoutMetricOptions {
  leadingPt: number;
  naturalSpaceEm?: number;
  minBefore?: number;
  minAfter?: number;
  gridTolerancePt?: number;
}

export interface LayoutMetrics {
  bodyLines: number;
  justifiedLines: number;
  wordSpaces: number;
  wordSpaceP95Em: number;
  looseLinesPct: number;
  hyphenatedLines: number;
  hyphenRuns3: number;
  shortBreaks: number;
  /** A few examples ("distinct-ly, p. 4"), for reports and test messages. */
  shortBreakExamples: string[];
  pageTurnHyphens: number;
  offGridPct: number;
  spreads: number;
  spreadsDiffering: number;
  widows: number;
  orphans: number;
  /** The pages they are on. */
  widowPages: number[];
  orphanPages: number[];
}

/** A letter, then a hyphen (a browser may write U+00AD before it, or U+00AD alone). */
const HYPHEN_END = /\p{L}[-\u2010\u00ad]+$/u;

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const pct = (n: number, of: number): number => (of === 0 ? 0 : (100 * n) / of);
const lastWord = (b: BodyLine): string => b.line.words[b.line.words.length - 1]?.text ?? "";
export const isHyphenated = (b: BodyLine): boolean => HYPHEN_END.test(lastWord(b));

function circularDistance(a: number, b: number, period: number): number {
  const d = Math.abs(a - b) % period;
  return Math.min(d, period - d);
}

/** The residue (mod leading) that most body lines share, within the tolerance. */
function gridPhase(residues: number[], period: number, tolerance: number): number {
  let best = 0;
  let bestCount = -1;
  for (let phase = 0; phase < period; phase += 0.05) {
    const count = residues.filter((r) => circularDistance(r, phase, period) <= tolerance).length;
    if (count > bestCount) [best, bestCount] = [phase, count];
  }
  return best;
}

export function layoutMetrics(pages: BodyPage[], options: LayoutMetricOptions): LayoutMetrics {
  const { leadingPt, naturalSpaceEm = NATURAL_SPACE_EM, minBefore = 2, minAfter = 3, gridTolerancePt = 0.3 } = options;
  const all = pages.flatMap((p) => p.lines);
  const justified = all.filter((b) => b.justified);
  const spaces = justified.flatMap((b) => b.gapsEm);
  const loose = justified.filter((b) => b.gapsEm.some((g) => g > 2 * naturalSpaceEm)).length;

  // Hyphenation, in reading order across pages.
  let runs = 0;
  let run = 0;
  let hyphenated = 0;
  const shortExamples: string[] = [];
  let short = 0;
  all.forEach((b, i) => {
    if (!isHyphenated(b)) {
      if (run >= 3) runs++;
      run = 0;
      return;
    }
    hyphenated++;
    run++;
    // Soft hyphens inside the fragments are break points, not letters' boundaries.
    const word = lastWord(b).replace(/\u00ad(?=\p{L})/gu, "");
    const before = /(\p{L}+)[-\u2010\u00ad]+$/u.exec(word)?.[1]?.length ?? 0;
    const next = all[i + 1];
    const after = next ? (/^\p{L}+/u.exec((next.line.words[0]?.text ?? "").replace(/\u00ad/g, ""))?.[0].length ?? 0) : minAfter;
    if (before < minBefore || after < minAfter) {
      short++;
      if (shortExamples.length < 10) shortExamples.push(`${word}${next?.line.words[0]?.text ?? ""} (p. ${b.page})`);
    }
  });
  if (run >= 3) runs++;

  const pageTurnHyphens = pages.filter((p) => {
    const last = p.lines[p.lines.length - 1];
    return last !== undefined && isHyphenated(last);
  }).length;

  // The leading grid.
  const residues = all.map((b) => ((b.line.yMax % leadingPt) + leadingPt) % leadingPt);
  const phase = gridPhase(residues, leadingPt, gridTolerancePt);
  const offGrid = residues.filter((r) => circularDistance(r, phase, leadingPt) > gridTolerancePt).length;

  // Facing pages that are both full text pages.
  const bottom = Math.max(0, ...all.map((b) => b.line.yMax));
  const byNumber = new Map(pages.map((p) => [p.number, p]));
  const opensWithBody = (p: BodyPage | undefined): boolean => p !== undefined && p.lines.length > 0 && p.first === p.lines[0]!.line;
  const fullText = (p: BodyPage | undefined): boolean => {
    if (!p || p.lines.length < 5) return false;
    const last = p.lines[p.lines.length - 1]!;
    return bottom - last.line.yMax <= 3 * leadingPt && p.last === last.line && opensWithBody(byNumber.get(p.number + 1));
  };
  let spreads = 0;
  let differing = 0;
  for (const p of pages) {
    if (p.number % 2 !== 0) continue;
    const recto = byNumber.get(p.number + 1);
    if (!fullText(p) || !fullText(recto)) continue;
    spreads++;
    const a = p.lines[p.lines.length - 1]!.line.yMax;
    const b = recto!.lines[recto!.lines.length - 1]!.line.yMax;
    if (Math.abs(a - b) > 0.5) differing++;
  }

  // Widows and orphans at page turns inside a paragraph.
  const widowPages: number[] = [];
  const orphanPages: number[] = [];
  for (const p of pages) {
    const prev = byNumber.get(p.number - 1);
    const prevLast = prev?.lines[prev.lines.length - 1];
    const first = p.lines[0];
    if (first && prevLast && prev?.last === prevLast.line && opensWithBody(p) && prevLast.full && !first.full && (p.lines[1] === undefined || p.lines[1].indented || p.lines[1].line.block !== first.line.block)) widowPages.push(p.number);
    const last = p.lines[p.lines.length - 1];
    if (last && p.last === last.line && last.indented && last.full && opensWithBody(byNumber.get(p.number + 1)) && !(byNumber.get(p.number + 1)?.lines[0]?.indented ?? true)) orphanPages.push(p.number);
  }

  return {
    bodyLines: all.length,
    justifiedLines: justified.length,
    wordSpaces: spaces.length,
    wordSpaceP95Em: percentile(spaces, 95),
    looseLinesPct: pct(loose, justified.length),
    hyphenatedLines: hyphenated,
    hyphenRuns3: runs,
    shortBreaks: short,
    shortBreakExamples: shortExamples,
    pageTurnHyphens,
    offGridPct: pct(offGrid, all.length),
    spreads,
    spreadsDiffering: differing,
    widows: widowPages.length,
    orphans: orphanPages.length,
    widowPages,
    orphanPages,
  };
}

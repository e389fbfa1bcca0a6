/**
 * The last line of text on each page, read from the PDF typst wrote, for page-turns.ts: does it
 * end in a hyphenation break? Typst (0.14, through krilla) marks a break's hyphen as a one-glyph
 * span whose ActualText is U+00AD (or maps that glyph to U+00AD and marks the compounds' own
 * hyphens "-" instead), draws each run of text as `q … cm BT … Tf … TJ ET Q`, maps glyphs back to
 * text with each font's ToUnicode CMap, and keeps running heads and folios in `/Artifact << …
 * /Type /Pagination >>` spans. Reading just that from the content streams pdf-lib has loaded
 * anyway cost ~0.4 s for 800 pages (30 MB of operators, most of them glyphs and kerning); poppler's
 * pdftotext, which lays out every page's text, took 1.6 ms a page (1.76 s after typst for an
 * 800-page book, the longest step then, and a process to start for every book). Anything not as
 * typst writes it gives undefined, and the caller asks pdftotext instead.
 */
import { PDFDict, PDFName, type PDFDocument, type PDFPage } from "pdf-lib";
import { HYPHENATED_END } from "./page-turns.js";
import { contentBytes, parseToUnicode, streamBytesNow, stringBytes, STRINGS, textString } from "./pdf-content.js";

type Matrix = [number, number, number, number, number, number];

/** A run of text at its baseline origin: its ActualText, or its strings and font, decoded only for the last line. */
interface Run {
  x: number;
  y: number;
  actual?: string;
  /** The operand of Tj or TJ: a string, or an array of strings and kerning. */
  shown?: string;
  font?: Map<number, string>;
}

/** Runs whose baselines are this close (points) are one line. */
const SAME_LINE = 1;

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** An operator's bytes as one number, as pageRuns reads them. */
const opCode = (name: string): number => [...name].reduce((n, ch, k) => n | (ch.charCodeAt(0) << (8 * k)), 0);
const OP = {
  q: opCode("q"), Q: opCode("Q"), cm: opCode("cm"), BT: opCode("BT"), Tm: opCode("Tm"), Td: opCode("Td"), TD: opCode("TD"), Tf: opCode("Tf"), Tj: opCode("Tj"), TJ: opCode("TJ"),
  quote: opCode("'"), doubleQuote: opCode('"'), nextLine: opCode("T*"), BI: opCode("BI"), BDC: opCode("BDC"), BMC: opCode("BMC"), EMC: opCode("EMC"),
};

/** Bytes as Latin-1 text; short runs (names, operands) without a call into Buffer. */
function latin1(s: Buffer, start: number, end: number): string {
  if (end - start > 24) return s.toString("latin1", start, end);
  let out = "";
  for (let k = start; k < end; k++) out += String.fromCharCode(s[k] as number);
  return out;
}

/** A number operand read from its bytes (PDF numbers have no exponent). */
function numberAt(s: Uint8Array, start: number, end: number): number {
  let k = start;
  let sign = 1;
  if (s[k] === 45) {
    sign = -1;
    k++;
  } else if (s[k] === 43) k++;
  let value = 0;
  let scale = 0;
  for (; k < end; k++) {
    const c = s[k] as number;
    if (c === 46) {
      if (scale) return NaN;
      scale = 1;
    } else if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (scale) scale *= 10;
    } else return NaN;
  }
  return (sign * value) / (scale || 1);
}

/** Whitespace in a content stream (PDF 7.2.3). */
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 0;
/** Ends a name, a number or an operator. */
const isDelimiter = (c: number): boolean => isSpace(c) || c === 40 || c === 41 || c === 60 || c === 62 || c === 91 || c === 93 || c === 123 || c === 125 || c === 47 || c === 37;

/** After a literal string starting at `i` (balanced parentheses, backslash escapes); -1 if it does not end. */
function stringEnd(s: Buffer, i: number): number {
  // The usual case, found by indexOf: the first ")" is not escaped and no "(" comes before it.
  const close = s.indexOf(41, i + 1);
  if (close < 0) return -1;
  const open = s.indexOf(40, i + 1);
  if (s[close - 1] !== 92 && (open < 0 || open > close)) return close + 1;
  let depth = 0;
  for (; i < s.length; i++) {
    const c = s[i] as number;
    if (c === 92) i++;
    else if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * After the array (TJ's glyph strings and kerning, most of a page's bytes: justified lines kern
 * between every two glyphs) starting at `i`; -1 if it does not end. Its first "]" ends it when
 * " TJ" follows, as typst writes it; else it is walked string by string (only a literal string in
 * it can hold a "]").
 */
function arrayEnd(s: Buffer, i: number): number {
  const first = s.indexOf(93, i + 1);
  if (first > 0 && s[first + 1] === 32 && s[first + 2] === 84 && s[first + 3] === 74) return first + 1;
  for (let j = i + 1; ; ) {
    const close = s.indexOf(93, j);
    const open = s.indexOf(40, j);
    if (close < 0) return -1;
    if (open < 0 || close < open) return close + 1;
    j = stringEnd(s, open);
    if (j < 0) return -1;
  }
}

/** After the array, dictionary, string or hex string starting at `i`; -1 if it does not end. */
function compoundEnd(s: Buffer, i: number): number {
  const c = s[i];
  if (c === 40) return stringEnd(s, i);
  if (c === 91) return arrayEnd(s, i);
  if (s[i + 1] !== 60) {
    const end = s.indexOf(62, i);
    return end < 0 ? -1 : end + 1;
  }
  // A dictionary (a marked-content span's properties): to its matching ">>", past the strings in it.
  let depth = 0;
  for (let j = i; j < s.length; ) {
    const d = s[j];
    if (d === 40) {
      j = stringEnd(s, j);
      if (j < 0) return -1;
    } else if (d === 60 && s[j + 1] === 60) {
      depth++;
      j += 2;
    } else if (d === 62 && s[j + 1] === 62) {
      j += 2;
      if (--depth === 0) return j;
    } else if (d === 60) {
      j = s.indexOf(62, j);
      if (j < 0) return -1;
      j++;
    } else j++;
  }
  return -1;
}

/**
 * The text runs of one page's content stream outside the pagination artifacts, each at its
 * baseline origin in page space; undefined for an operator or a syntax this reader does not
 * follow. A scanner of its own, not a regular expression: a page's arrays of glyph strings and
 * kerning are most of its bytes, and taking them token by token cost ~0.5 s for 800 pages.
 */
function pageRuns({ content: s, fontMap }: { content: Buffer; fontMap: (name: string) => Map<number, string> | undefined }): Run[] | undefined {
  const runs: Run[] = [];
  // Operands since the last operator, as [start, end) offsets into the content.
  const starts: number[] = [];
  const ends: number[] = [];
  const operand = (k: number): string => latin1(s, starts[starts.length - k] as number, ends[ends.length - k] as number);
  const num = (k: number): number => numberAt(s, starts[starts.length - k] as number, ends[ends.length - k] as number);
  const states: Matrix[] = [];
  let ctm: Matrix = IDENTITY;
  let tm: Matrix = IDENTITY;
  let font: Map<number, string> | undefined;
  // Marked content: whether each open span is a pagination artifact, or stands for ActualText.
  const marks: Array<{ artifact: boolean; actual?: string; used?: boolean }> = [];
  let artifacts = 0;
  const show = (shown: string): boolean => {
    if (artifacts > 0) return true;
    let span: (typeof marks)[number] | undefined;
    for (let k = marks.length - 1; k >= 0 && !span; k--) if (marks[k]?.actual !== undefined) span = marks[k];
    const m = multiply(tm, ctm);
    if (span) {
      if (span.used) return true;
      span.used = true;
      runs.push({ x: m[4], y: m[5], actual: span.actual ?? "" });
    } else {
      if (!font) return false;
      runs.push({ x: m[4], y: m[5], shown, font });
    }
    return true;
  };
  const n = s.length;
  for (let i = 0; i < n; ) {
    const c = s[i] as number;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 37) {
      // A comment, to the end of its line.
      while (i < n && s[i] !== 10 && s[i] !== 13) i++;
      continue;
    }
    if (c === 40 || c === 60 || c === 91) {
      const end = compoundEnd(s, i);
      if (end < 0) return undefined;
      starts.push(i);
      ends.push(end);
      i = end;
      continue;
    }
    if (c === 41 || c === 62 || c === 93 || c === 123 || c === 125) return undefined;
    let j = i + 1;
    while (j < n && !isDelimiter(s[j] as number)) j++;
    // A name or a number: an operand.
    if (c === 47 || c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57)) {
      starts.push(i);
      ends.push(j);
      i = j;
      continue;
    }
    // The operator as a number (its bytes, up to three): no string made for each of ~20 a run.
    const op = j - i > 3 ? -1 : j - i === 1 ? c : j - i === 2 ? c | ((s[i + 1] as number) << 8) : c | ((s[i + 1] as number) << 8) | ((s[i + 2] as number) << 16);
    i = j;
    switch (op) {
      case OP.q:
        states.push(ctm);
        break;
      case OP.Q:
        ctm = states.pop() ?? IDENTITY;
        break;
      case OP.cm:
        ctm = multiply([num(6), num(5), num(4), num(3), num(2), num(1)], ctm);
        break;
      case OP.BT:
        tm = IDENTITY;
        break;
      case OP.Tm:
        tm = [num(6), num(5), num(4), num(3), num(2), num(1)];
        break;
      case OP.Td:
      case OP.TD:
        tm = multiply([1, 0, 0, 1, num(2), num(1)], tm);
        break;
      case OP.Tf:
        font = fontMap(operand(2).slice(1));
        break;
      case OP.Tj:
      case OP.TJ: {
        const shown = starts.length > 0 ? operand(1) : "";
        if (!/^[[(<]/.test(shown) || !show(shown)) return undefined;
        break;
      }
      case OP.quote:
      case OP.doubleQuote:
      case OP.nextLine:
      case OP.BI:
        // Typst does not write these: another writer's PDF, read by pdftotext instead.
        return undefined;
      case OP.BDC: {
        const props = starts.length > 1 ? operand(1) : "";
        // ActualText as a hex string (typst's U+00AD for a break) or a literal one ("(-)").
        const actual = /\/ActualText\s*(<[0-9A-Fa-f\s]*>|\((?:\\[\s\S]|[^\\()])*\))/.exec(props);
        const artifact = starts.length > 1 && operand(2) === "/Artifact" && props.includes("/Pagination");
        if (artifact) artifacts++;
        marks.push({ artifact, ...(actual ? { actual: textString(stringBytes(actual[1] as string)) } : {}) });
        break;
      }
      case OP.BMC:
        marks.push({ artifact: false });
        break;
      case OP.EMC:
        if (marks.pop()?.artifact) artifacts--;
        break;
      default:
        // Path, colour, image and state operators: nothing of the text.
        break;
    }
    starts.length = 0;
    ends.length = 0;
  }
  return runs;
}

/** The page's lowest line of text (outside running heads and folios), its runs left to right. */
function lastLine(runs: Run[]): string {
  if (runs.length === 0) return "";
  // A loop, not Math.min(...): a page of very many runs would pass too many arguments.
  let bottom = Infinity;
  for (const r of runs) if (r.y < bottom) bottom = r.y;
  return runs
    .filter((r) => r.y - bottom < SAME_LINE)
    .sort((a, b) => a.x - b.x)
    .map(runText)
    .join("")
    .trim();
}

/** Two-byte glyph codes through the font's ToUnicode map. */
function runText(run: Run): string {
  if (run.actual !== undefined) return run.actual;
  let text = "";
  const shown = run.shown ?? "";
  for (const s of shown.startsWith("[") ? (shown.match(STRINGS) ?? []) : [shown]) {
    const bytes = stringBytes(s);
    for (let i = 0; i + 1 < bytes.length; i += 2) text += run.font?.get(((bytes[i] as number) << 8) | (bytes[i + 1] as number)) ?? "";
  }
  return text;
}

/**
 * 1-based pages whose last line of text ends in a hyphenation break (typst's U+00AD) or a
 * compound's own hyphen ("fellow-/countrymen"); undefined when a page is not as typst writes it.
 */
export async function hyphenatedLastLines({ doc }: { doc: PDFDocument }): Promise<number[] | undefined> {
  const cmaps = new Map<PDFDict, Map<number, string> | undefined>();
  const pages: number[] = [];
  try {
    const list = doc.getPages();
    const contents = await Promise.all(list.map(contentBytes));
    for (let i = 0; i < list.length; i++) {
      const page = list[i] as PDFPage;
      const content = contents[i];
      if (content === undefined) return undefined;
      const fonts = page.node.Resources()?.lookupMaybe(PDFName.of("Font"), PDFDict);
      const byName = new Map<string, Map<number, string> | undefined>();
      const fontMap = (name: string): Map<number, string> | undefined => {
        if (byName.has(name)) return byName.get(name);
        const dict = fonts?.lookupMaybe(PDFName.of(name), PDFDict);
        if (!dict) return undefined;
        if (!cmaps.has(dict)) {
          const bytes = streamBytesNow(dict.lookup(PDFName.of("ToUnicode")));
          cmaps.set(dict, bytes ? parseToUnicode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1")) : undefined);
        }
        byName.set(name, cmaps.get(dict));
        return cmaps.get(dict);
      };
      const runs = pageRuns({ content, fontMap });
      if (!runs) return undefined;
      if (HYPHENATED_END.test(lastLine(runs))) pages.push(i + 1);
    }
    return pages;
  } catch {
    return undefined;
  }
}

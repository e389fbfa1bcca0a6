/**
 * Escapes one paragraph of plain text so that pandoc's `markdown` reader — smart typography on,
 * as it is by default — gives back exactly the same characters, on pandoc 2.17 and 3.x alike.
 *
 * The contract (proved by test/import/escape-markdown.test.ts on both pandoc versions): the text
 * content of the HTML pandoc makes from `escapeMarkdownLine(s)` equals `s` with its whitespace
 * runs (space, tab) collapsed to one space and trimmed at both ends — what HTML shows anyway. No
 * other character changes: quotes, dashes, ellipses, no-break spaces, emoji, RTL text all stay.
 *
 * The escapes stay as light as the reader allows, so a person can still edit the Markdown:
 * ASCII punctuation gets a backslash only where Markdown would read it as syntax, and the one
 * thing a backslash cannot protect — a curly opening quote that the smart reader would pair with
 * a closing one and then change — is written as a numeric character reference, which the reader
 * takes as a plain character (a reference is never tried as a quote opener).
 */

/** pandoc's default `abbreviations` data file (identical in 2.17 and 3.x): after these the smart
 * reader turns the following space into a no-break space, unless the final period is escaped. */
const ABBREVIATIONS = new Set(
  (
    "aet. aetat. al. Apr. Aug. bk. Bros. c. Capt. cf. ch. chap. chs. Co. col. Corp. cp. d. Dec. Dr. " +
    "e.g. ed. eds. esp. f. fasc. Feb. ff. fig. fl. fol. fols. Fr. Gen. Gov. Hon. i.e. ill. Inc. incl. " +
    "Jan. Jr. Jul. Jun. Ltd. M.A. M.D. Mar. Mr. Mrs. Ms. n. n.b. nn. No. Nov. Oct. p. Ph.D. pp. Pres. " +
    "Prof. pt. q.v. Rep. Rev. s.v. s.vv. saec. sec. Sen. Sep. Sept. Sgt. Sr. St. univ. viz. vol. vs."
  ).split(" "),
);

/** ASCII punctuation that Markdown reads as inline syntax wherever it stands. */
const ALWAYS = new Set(["\\", "`", "*", "_", "[", "]", "<", "$", "~", "^", "@", '"', "'", "{", "}", "#", "|"]);

/** Characters pandoc's smart reader may treat as quote openers / closers (incl. C1 code points
 * that Windows-1252 text mis-decoded as Latin-1 leaves behind). */
const DOUBLE_OPEN = new Set(["\u201C", "\u0093"]);
const DOUBLE_CLOSE = new Set(["\u201D", "\u0094"]);
const SINGLE_OPEN = new Set(["\u2018", "\u0091"]);
const SINGLE_CLOSE = new Set(["\u2019", "\u0092"]);
const C1_QUOTES = new Set(["\u0091", "\u0092", "\u0093", "\u0094"]);

const isSpace = (c: string | undefined): boolean => c === " " || c === "\t";
const isAlnum = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Collapses whitespace runs and trims: the only change the round trip makes (see above). */
export function normalizeParagraphText(text: string): string {
  return text.replace(/[ \t\r\n]+/g, " ").trim();
}

/**
 * Whether the opening quote at `index` must be written as a character reference. It may stay a
 * literal character only when no pairing pandoc could choose would alter the text: a closer after
 * whitespace (2.17 drops that space), a C1 closer (rendered as a real curly quote) or, for a
 * single quote, no closer at all (2.17 turns the lone opener into an apostrophe) all force it.
 * Every later closer counts, not only the first, so version differences in pairing do not matter.
 */
function openerNeedsReference(chars: readonly string[], index: number): boolean {
  const opener = chars[index] ?? "";
  if (C1_QUOTES.has(opener)) return true;
  const single = SINGLE_OPEN.has(opener);
  const closers = single ? SINGLE_CLOSE : DOUBLE_CLOSE;
  let found = false;
  for (let j = index + 1; j < chars.length; j++) {
    const c = chars[j] ?? "";
    if (!closers.has(c)) continue;
    if (single && isAlnum(chars[j + 1])) continue; // an apostrophe inside a word never closes
    found = true;
    if (C1_QUOTES.has(c) || isSpace(chars[j - 1])) return true;
  }
  return single && !found;
}

function reference(c: string): string {
  return `&#${c.codePointAt(0) ?? 0};`;
}

/** The abbreviation (maximal run of letters, digits and periods) ending at `end`, inclusive. */
function wordEndingAt(chars: readonly string[], end: number): string {
  let start = end;
  while (start > 0 && (isAlnum(chars[start - 1]) || chars[start - 1] === ".")) start--;
  return chars.slice(start, end + 1).join("");
}

function dotRunLength(chars: readonly string[], index: number): number {
  let start = index;
  let end = index;
  while (chars[start - 1] === ".") start--;
  while (chars[end + 1] === ".") end++;
  return end - start + 1;
}

/** Escapes one paragraph (one line of plain text) for pandoc Markdown. */
export function escapeMarkdownLine(text: string): string {
  return escapeLineStart(escapeTokens(Array.from(normalizeParagraphText(text))).join(""));
}

/**
 * The escaped form of each character (code point) of a paragraph's text, in order, decided with
 * the whole paragraph in view (quote pairing, `...` runs, abbreviations). Whitespace is passed
 * through as given; line-start rules are `escapeLineStart`'s. The pandoc-AST importer uses this
 * to escape text split over many inline nodes.
 */
export function escapeTokens(chars: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] ?? "";
    const next = chars[i + 1];
    if (ALWAYS.has(c)) {
      out.push(`\\${c}`);
    } else if (DOUBLE_OPEN.has(c) || SINGLE_OPEN.has(c)) {
      out.push(openerNeedsReference(chars, i) ? reference(c) : c);
    } else if (C1_QUOTES.has(c)) {
      out.push(reference(c));
    } else if (c === "&") {
      // `&amp;`, `&#8220;`, even `&copy` without a semicolon would be read as a character.
      out.push(/[#A-Za-z]/.test(next ?? "") ? "\\&" : "&");
    } else if (c === "-") {
      // Line-start `-` is a list or a rule; `--`/`---` are dashes: escape all but the last of a run.
      out.push(i === 0 || next === "-" ? "\\-" : "-");
    } else if (c === ".") {
      // `...` is an ellipsis; a period ending an abbreviation makes the next space a no-break one.
      const abbreviation = isSpace(next) && ABBREVIATIONS.has(wordEndingAt(chars, i));
      out.push(dotRunLength(chars, i) >= 3 || abbreviation ? "\\." : ".");
    } else if (c === "=" && (next === "=" || chars[i - 1] === "=" || i === 0)) {
      out.push("\\=");
    } else {
      out.push(c);
    }
  }
  return out;
}

/**
 * Block syntax recognised only at the start of a paragraph: list markers (`+ `, `1.`, `1)`,
 * `(a)`, `iv.`, `#.`, `(@)`), block quotes, definitions (`:`), title blocks (`%`), tables (`+`).
 * Over-escaping here is harmless, so the rules are broad.
 */
export function escapeLineStart(line: string): string {
  if (/^[>+:%]/.test(line)) return `\\${line}`;
  if (line.startsWith("(")) return `\\${line}`;
  const marker = /^([0-9]+|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])/.exec(line);
  if (marker?.[1] !== undefined && marker[2] !== undefined) {
    return `${marker[1]}\\${marker[2]}${line.slice(marker[0].length)}`;
  }
  return line;
}

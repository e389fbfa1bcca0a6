/**
 * Typographic characters the author typed come out exactly as typed, with their spacing.
 *
 * pandoc's `smart` extension is wanted for what it does to ASCII ("a" → “a”, -- → –, --- → —,
 * ... → …), but pandoc before 3.6.4 (native 2.17 among them) also reads the curly quotes
 * ‘ ’ “ ” and their Windows-1252 control-code twins U+0091–U+0094 as quote *delimiters*
 * (Text.Pandoc.Parsing `charOrRef` in singleQuoteStart/End, doubleQuoteStart/End). Text between
 * them becomes a Quoted inline whose content the Markdown reader trims (`trimInlinesF`), so
 * “… italics … ” loses the space before ”, and U+0093/U+0094 turn into “ ”. pandoc 3.6.4 and
 * later (pandoc-wasm 3.x) pass curly quotes through (jgm/pandoc c21177b, #10610).
 *
 * So before pandoc reads the text, each of those characters is swapped for a Private Use Area
 * code point the text does not use; pandoc treats those as plain symbols (not letters, so
 * neither a quote nor emphasis sees a word next to them, exactly as with the quote itself), and
 * drops them from auto identifiers as it drops quotes. Afterwards they are swapped back,
 * in text, attributes, character references and percent-encoded URLs alike. Every swap is one
 * UTF-16 unit for one, so source positions do not move. The other typographic characters
 * (‚ „ « » ‹ › – — … and no-break/thin spaces) are not reinterpreted by either pandoc; they
 * need no protection (the tests check that they survive).
 */

/**
 * What pandoc 2.17's smart reader reads as quote delimiters when they are typed literally.
 * ’ is also its apostrophe, which it re-emits unchanged; protecting it keeps it out of quotes.
 */
export const SMART_LITERALS: readonly string[] = ["\u2018", "\u2019", "\u201C", "\u201D", "\u0091", "\u0092", "\u0093", "\u0094"];

const PUA_FIRST = 0xe000;
const PUA_LAST = 0xf8ff;

export interface ProtectedTypography {
  /** The text to give pandoc. */
  markdown: string;
  /** Puts the protected characters back into pandoc's HTML output (or any text it emitted, e.g. warnings). */
  restore: (html: string) => string;
}

/** Picks one unused Private Use code point per protected character, or undefined if there are too few. */
function choosePlaceholders(text: string, count: number): string[] | undefined {
  const used = new Set<number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= PUA_FIRST && cp <= PUA_LAST) used.add(cp);
  }
  const chosen: string[] = [];
  for (let cp = PUA_FIRST; cp <= PUA_LAST && chosen.length < count; cp++) {
    if (!used.has(cp)) chosen.push(String.fromCharCode(cp));
  }
  return chosen.length === count ? chosen : undefined;
}

/** UTF-8 percent-encoding, upper-case hex as pandoc writes it (escapeURI). */
function percentEncoded(ch: string): string {
  return [...new TextEncoder().encode(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Swaps the characters pandoc would reinterpret for placeholders; `restore` swaps them back. */
export function protectTypography({ markdown }: { markdown: string }): ProtectedTypography {
  const present = SMART_LITERALS.filter((ch) => markdown.includes(ch));
  if (present.length === 0) return { markdown, restore: (html) => html };
  const placeholders = choosePlaceholders(markdown, present.length);
  // A text using some 6,400 Private Use code points has nothing left to swap with: it goes to
  // pandoc unprotected (pandoc 2.17 may then trim spaces inside curly quotes, as it always did).
  if (!placeholders) return { markdown, restore: (html) => html };

  const toPlaceholder = new Map<string, string>();
  const back = new Map<string, string>();
  present.forEach((ch, i) => {
    const ph = placeholders[i] as string;
    toPlaceholder.set(ch, ph);
    back.set(ph, ch);
    const cp = ph.charCodeAt(0);
    // pandoc writes characters as themselves, but a reference or a percent-escape (in URLs) is
    // restored to the same form of the original, so the output reads as without protection.
    back.set(`&#${cp};`, `&#${ch.charCodeAt(0)};`);
    back.set(`&#x${cp.toString(16)};`, `&#x${ch.charCodeAt(0).toString(16)};`);
    back.set(`&#x${cp.toString(16).toUpperCase()};`, `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`);
    back.set(percentEncoded(ph), percentEncoded(ch));
    back.set(percentEncoded(ph).toLowerCase(), percentEncoded(ch).toLowerCase());
  });
  const forward = new RegExp(present.map(escapeRegExp).join("|"), "g");
  const backward = new RegExp([...back.keys()].map(escapeRegExp).join("|"), "g");
  return {
    markdown: markdown.replace(forward, (ch) => toPlaceholder.get(ch) ?? ch),
    restore: (html) => html.replace(backward, (ph) => back.get(ph) ?? ph),
  };
}

/**
 * Text-layer metrics: what search, copy and screen readers get from the PDF.
 *
 * - `softHyphensInWords`: U+00AD characters in `pdftotext` output anywhere but at the very end of
 *   a line (so `pub\u00adlish` and the `\u00ad-` a browser writes before a line-end hyphen count).
 * - `wordsFoundPct`: of every word occurrence in the manuscript's own text (the Book's sections,
 *   notes and editorial note as plain text; metadata excluded), the share a plain search of the
 *   PDF's text finds. Both sides are NFKC-normalised and lower-cased (viewers' search is
 *   case-insensitive and folds ligatures) and cut into words at anything that is not a letter,
 *   mark or digit; U+00AD is kept inside a word, so a word holding one is not found. On the PDF
 *   side a line-end hyphen before a lower-case letter is also read as a break (viewers join
 *   `pub-\nlishing`); words from both readings count.
 * - `type3Fonts`: `pdffonts` rows of type "Type 3" (bitmap or procedure glyphs: print services
 *   flag them, and their text rarely extracts).
 */
import type { Book } from "../../model/book.js";
import type { FontRow } from "./layout.js";

export interface TextLayerMetrics {
  softHyphensInWords: number;
  type3Fonts: number;
  /** Undefined when no manuscript was given. */
  wordsFoundPct?: number;
  manuscriptWords?: number;
  /** Up to 20 distinct words not found, for reports and test messages. */
  missingWords?: string[];
}

const WORD = /[\p{L}\p{M}\p{N}\u00ad]+/gu;

export function words(text: string): string[] {
  return (text.normalize("NFKC").toLowerCase().match(WORD) ?? []).filter((w) => w.replace(/\u00ad/g, "").length > 0);
}

/** The words a plain search of the PDF's text can find. */
export function searchableWords(pdfText: string): Set<string> {
  const joined = pdfText.replace(/(\p{L})[-\u2010\u00ad]+\r?\n(?=\p{Ll})/gu, "$1");
  return new Set([...words(pdfText), ...words(joined)]);
}

/** The manuscript's own text (no metadata: a title page may legitimately restyle those strings). */
export function manuscriptText(book: Book): string {
  const parts: string[] = [];
  if (book.editorialNote) parts.push(...book.editorialNote.blocks.map((b) => b.text), ...book.editorialNote.notes.map((n) => n.text));
  for (const s of book.sections) parts.push(s.title?.text ?? "", ...s.blocks.map((b) => b.text), ...s.notes.map((n) => n.text));
  for (const b of book.parts) parts.push(manuscriptText(b));
  return parts.join("\n");
}

export function textLayerMetrics({ pdfText, fonts, manuscript }: { pdfText: string; fonts: FontRow[]; manuscript?: string }): TextLayerMetrics {
  const soft = (pdfText.match(/\u00ad(?!\r?\n)/g) ?? []).length;
  const type3 = fonts.filter((f) => /^Type 3$/i.test(f.type)).length;
  const out: TextLayerMetrics = { softHyphensInWords: soft, type3Fonts: type3 };
  if (manuscript === undefined) return out;
  const found = searchableWords(pdfText);
  const wanted = words(manuscript);
  const missing = new Set<string>();
  let hits = 0;
  for (const w of wanted) {
    if (found.has(w)) hits++;
    else if (missing.size < 20) missing.add(w);
  }
  return { ...out, wordsFoundPct: wanted.length === 0 ? 100 : (100 * hits) / wanted.length, manuscriptWords: wanted.length, missingWords: [...missing] };
}

/**
 * The plain-text manuscript convention, shared by `imprint import` and the fidelity check so the
 * two can never disagree: one paragraph per line, blank lines ignored, a short line without
 * closing punctuation is a heading, and optionally the first paragraph is the editorial note.
 */
import { normalizeParagraphText } from "./escape-markdown.js";

export interface PlainTextBlock {
  kind: "heading" | "paragraph";
  /** The line's text, whitespace runs collapsed and trimmed (what every edition shows). */
  text: string;
  /** 1-based line number in the source file. */
  line: number;
}

export interface PlainTextDocument {
  editorialNote?: PlainTextBlock;
  blocks: PlainTextBlock[];
}

/** A heading is at most this many characters… */
export const HEADING_MAX_CHARS = 80;
/** …and at most this many words… */
export const HEADING_MAX_WORDS = 12;
/**
 * …and does not end with sentence or closing punctuation. A heading that really ends with one
 * of these (a question, say) is taken as a paragraph; fix it by hand in the Markdown.
 */
const CLOSING = /[.!?:;,…"'”’»›)\]]$/u;

/** The heading rule: short, has a letter, no closing punctuation at the end. */
export function isHeadingText(text: string): boolean {
  const t = normalizeParagraphText(text);
  if (t === "" || t.length > HEADING_MAX_CHARS) return false;
  if (t.split(" ").length > HEADING_MAX_WORDS) return false;
  if (!/\p{L}/u.test(t)) return false;
  return !CLOSING.test(t);
}

/**
 * Splits decoded plain text into blocks. A leading byte-order mark and CR of CRLF line ends are
 * not text; everything else is kept.
 */
export function parsePlainText(options: { text: string; editorialNote: "first" | "none" }): PlainTextDocument {
  const lines = options.text.replace(/^\uFEFF/, "").split("\n");
  const blocks: PlainTextBlock[] = [];
  let editorialNote: PlainTextBlock | undefined;
  lines.forEach((raw, index) => {
    const text = normalizeParagraphText(raw);
    if (text === "") return;
    const line = index + 1;
    if (options.editorialNote === "first" && editorialNote === undefined && blocks.length === 0) {
      editorialNote = { kind: "paragraph", text, line };
      return;
    }
    blocks.push({ kind: isHeadingText(text) ? "heading" : "paragraph", text, line });
  });
  return editorialNote ? { editorialNote, blocks } : { blocks };
}

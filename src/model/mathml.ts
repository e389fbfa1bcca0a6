/**
 * The MathML a Book may hold: presentation MathML as pandoc's texmath writes it for TeX math
 * (MathML Core's elements), with the TeX source in `<annotation>`. The sanitiser lets exactly
 * these through; the renderers read them (the typst template turns them into typst math).
 */
import { allBlocks, allNotes, type Book } from "./book.js";

export const MATHML_NS = "http://www.w3.org/1998/Math/MathML";

export const MATHML_ELEMENTS: readonly string[] = ["math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mmultiscripts", "mprescripts", "none", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "merror"];

/** True when the html holds a formula. */
export function hasMathml(html: string): boolean {
  return /<math[\s>]/.test(html);
}

const FORMULA = /<math\b[\s\S]*?<\/math>/g;
const ANNOTATION = /<annotation\b[\s\S]*?<\/annotation>/g;

/** The html without its formulas' TeX annotations: what a reader's eye (or a contents panel's plain text) gets of them. */
export function withoutAnnotations(html: string): string {
  return html.includes("<annotation") ? html.replace(ANNOTATION, "") : html;
}

/** The html's text outside its formulas (tags kept), and its formulas' markup without their TeX annotations. */
export function splitFormulas(html: string): { outside: string; formulas: string[] } {
  if (!hasMathml(html)) return { outside: html, formulas: [] };
  return { outside: html.replace(FORMULA, " "), formulas: (html.match(FORMULA) ?? []).map(withoutAnnotations) };
}

/** The html of every block and note of the book (a packet's sections hold its items' already). */
function* bookHtml(book: Book): Generator<string> {
  for (const { block } of allBlocks(book)) yield block.html;
  for (const note of allNotes(book)) yield note.html;
}

/** True when any block or note of the book holds a formula (the editions then carry the math face). */
export function bookHasMath(book: Book): boolean {
  for (const html of bookHtml(book)) if (hasMathml(html)) return true;
  return false;
}

/** Every formula's markup (annotations dropped) in the book's blocks and notes, for the characters they show. */
export function bookFormulas(book: Book): string[] {
  return [...bookHtml(book)].flatMap((html) => splitFormulas(html).formulas);
}

/**
 * The MathML a Book may hold: presentation MathML as pandoc's texmath writes it for TeX math
 * (MathML Core's elements), with the TeX source in `<annotation>`. The sanitiser lets exactly
 * these through; the renderers read them (the typst template turns them into typst math).
 */
import { allBlocks, type Book } from "./book.js";

export const MATHML_NS = "http://www.w3.org/1998/Math/MathML";

export const MATHML_ELEMENTS: readonly string[] = ["math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mmultiscripts", "mprescripts", "none", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "merror"];

/** True when the html holds a formula. */
export function hasMathml(html: string): boolean {
  return /<math[\s>]/.test(html);
}

/** True when any block or note of the book holds a formula (the editions then carry the math face). */
export function bookHasMath(book: Book): boolean {
  for (const { block } of allBlocks(book)) if (hasMathml(block.html)) return true;
  const notes = [...(book.editorialNote?.notes ?? []), ...book.sections.flatMap((s) => [...(s.opening?.editorialNote?.notes ?? []), ...s.notes])];
  return notes.some((n) => hasMathml(n.html)) || book.parts.some(bookHasMath);
}

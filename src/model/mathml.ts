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
  return bookFormulas(book).length > 0;
}

const FORMULA = /<math\b[\s\S]*?<\/math>/g;
const ANNOTATION = /<annotation\b[\s\S]*?<\/annotation>/g;

/** The html's text outside its formulas (tags kept), and its formulas' markup without their TeX annotations. */
export function splitFormulas(html: string): { outside: string; formulas: string[] } {
  if (!html.includes("<math")) return { outside: html, formulas: [] };
  return { outside: html.replace(FORMULA, " "), formulas: (html.match(FORMULA) ?? []).map((f) => f.replace(ANNOTATION, " ")) };
}

/** Every formula's markup (annotations dropped) in the book's blocks and notes, for the characters they show. */
export function bookFormulas(book: Book): string[] {
  const out: string[] = [];
  for (const { block } of allBlocks(book)) out.push(...splitFormulas(block.html).formulas);
  const notes = [...(book.editorialNote?.notes ?? []), ...book.sections.flatMap((s) => [...(s.opening?.editorialNote?.notes ?? []), ...s.notes])];
  for (const n of notes) out.push(...splitFormulas(n.html).formulas);
  for (const part of book.parts) out.push(...bookFormulas(part));
  return out;
}

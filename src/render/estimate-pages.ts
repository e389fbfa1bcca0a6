/** Shared by both print engines: the first pass starts from this guess. */
import type { Book } from "../model/book.js";
import { bookText } from "./book-text.js";

/**
 * A first guess at the page count from the words and the trim (about 300 words to a 6×9 page), so
 * the first measuring pass usually has the gutter the book needs: assuming 0 pages made every book
 * past 150 pages measure twice (36 s of an 880-page book's 62). A wrong guess costs what it did.
 */
export function estimatePages({ book }: { book: Book }): number {
  const words = bookText(book).split(/\s+/).filter(Boolean).length;
  const { widthMm, heightMm } = book.metadata.print.trim;
  return Math.round(words / (300 * ((widthMm * heightMm) / (152.4 * 228.6))));
}

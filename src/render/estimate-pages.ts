/** Shared by both print engines: the first pass starts from this guess. */
import type { Block, Book } from "../model/book.js";

/** A 6×9 page of the default design: its text lines, and characters of prose and of code to a line. */
const LINES = 33;
const PROSE_CHARS = 62;
const CODE_CHARS = 51;
/** A section opens on a recto, sunk: the page it opens and the blank verso before it, on average. */
const OPENER_PAGES = 0.8;
/** Title page, imprint, contents (about 30 entries a page). */
const FRONT_PAGES = 4;

function blockLines({ block, proseChars, codeChars }: { block: Block; proseChars: number; codeChars: number }): number {
  switch (block.kind) {
    case "heading":
      return 3;
    case "figure":
      return 14;
    case "rule":
      return 2;
    case "code": {
      // The code's own lines, each as many lines as it wraps to.
      const code = block.html.replace(/<[^>]*>/g, "").replace(/\n$/, "");
      return 1 + code.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / codeChars)), 0);
    }
    case "table": {
      const rows = (block.html.match(/<tr[\s>]/g) ?? []).length;
      return 2 + Math.max(rows, Math.ceil(block.text.length / (proseChars * 0.8)));
    }
    case "list":
    case "definitions": {
      const items = (block.html.match(/<(li|dt|dd)[\s>]/g) ?? []).length;
      return 0.5 + Math.max(items, Math.ceil(block.text.length / (proseChars * 0.9)) + items * 0.4);
    }
    default:
      return 0.2 + Math.ceil(block.text.length / proseChars);
  }
}

/**
 * A first guess at the page count from the blocks' lines and the trim, so the first pass has the
 * gutter the book needs: a wrong guess typesets the whole book twice (the gutter changes every
 * line's width). Prose counts by its characters; code by its own lines; tables by their rows;
 * headings, figures and section openers by the space they take. Words alone had guessed pandoc's
 * manual (long code, tables and option lists) at 121 pages for its 231.
 */
export function estimatePages({ book }: { book: Book }): number {
  const { widthMm, heightMm } = book.metadata.print.trim;
  const wide = widthMm / 152.4;
  const tall = heightMm / 228.6;
  const proseChars = PROSE_CHARS * wide;
  const codeChars = CODE_CHARS * wide;
  let lines = 0;
  const add = (blocks: readonly Block[]) => {
    for (const block of blocks) lines += blockLines({ block, proseChars, codeChars });
  };
  let notesChars = 0;
  if (book.editorialNote) add(book.editorialNote.blocks);
  for (const s of book.sections) {
    add(s.blocks);
    if (s.opening?.editorialNote) add(s.opening.editorialNote.blocks);
    notesChars += s.notes.reduce((n, note) => n + note.text.length + 10, 0);
  }
  // Notes are set smaller: about a fifth more text to a line.
  lines += notesChars / (proseChars * 1.2);
  const contents = Math.ceil(book.sections.length / 30);
  return Math.round(lines / (LINES * tall) + book.sections.length * OPENER_PAGES + FRONT_PAGES + contents);
}

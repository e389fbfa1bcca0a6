/** The text of the Book as readers see it: what font subsetting and summaries are computed from. */
import type { Book } from "../model/book.js";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

/** The text of polyglot HTML: tags dropped, the XML entities and numeric references decoded. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
      if (ref.startsWith("#x") || ref.startsWith("#X")) return String.fromCodePoint(parseInt(ref.slice(2), 16));
      if (ref.startsWith("#")) return String.fromCodePoint(parseInt(ref.slice(1), 10));
      return ENTITIES[ref.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Every character an edition of the book shows (metadata on the title and imprint pages, the text,
 * the notes), so each renderer embeds the same font subsets.
 */
export function bookText(book: Book): string {
  const m = book.metadata;
  const parts = [m.title, m.subtitle ?? "", m.publisher ?? "", m.rights ?? "", m.source ?? "", m.date ?? "", m.identifier.urn];
  for (const p of [...m.authors, ...m.contributors]) parts.push(p.name);
  if (book.editorialNote) parts.push(...book.editorialNote.blocks.map((b) => b.text), ...book.editorialNote.notes.map((n) => n.text + n.label));
  for (const s of book.sections) {
    parts.push(s.title?.text ?? "", s.label, ...s.blocks.map((b) => b.text), ...s.notes.map((n) => n.text + n.label));
  }
  for (const b of book.parts) parts.push(bookText(b), b.part ?? "");
  return parts.join("\n");
}

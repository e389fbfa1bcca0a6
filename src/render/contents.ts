/**
 * The contents every edition lists, from the Book's outline: one entry per section (its title,
 * or the opening words of an untitled one), with its headings nested to the book's toc-depth.
 * An untitled section's headings stand beside its opening entry, not under it: they are not
 * parts of the opening words.
 */
import type { Book, OutlineEntry, SectionRole } from "../model/book.js";

/** An outline entry as the contents show it: cut to the depth, with the section's role. */
export interface ContentsEntry extends Omit<OutlineEntry, "children"> {
  role?: SectionRole;
  children: ContentsEntry[];
}

function cut(entry: OutlineEntry, depth: number): ContentsEntry {
  const out: ContentsEntry = { id: entry.id, sectionId: entry.sectionId, level: entry.level, text: entry.text, html: entry.html, children: entry.children.filter((c) => c.level <= depth).map((c) => cut(c, depth)) };
  if (entry.untitled) out.untitled = true;
  if (entry.kind) out.kind = entry.kind;
  return out;
}

/**
 * The shallowest heading level the book uses: 1 when any section has a `#` title. A book whose
 * headings all start at `###` (many GitHub lists and READMEs) counts its depth from there, or its
 * contents would hold nothing but its first heading.
 */
function topLevel(book: Book): number {
  let top = Infinity;
  for (const s of book.sections) {
    if (s.title) return 1;
    for (const h of s.headings) top = Math.min(top, h.level);
  }
  return Number.isFinite(top) ? top : 1;
}

export function contentsOf({ book, depth = book.metadata.tocDepth, unnamed = "Start of text" }: { book: Book; depth?: number; unnamed?: string }): ContentsEntry[] {
  const roles = new Map(book.sections.map((s) => [s.id, s.role]));
  const entries: ContentsEntry[] = [];
  const deepest = depth + topLevel(book) - 1;
  for (const top of book.outline) {
    const entry = cut(top, deepest);
    // A section with no words nor described image to name it (see Section.label).
    if (entry.text === "") Object.assign(entry, { text: unnamed, html: unnamed.replace(/&/g, "&amp;").replace(/</g, "&lt;") });
    // A packet's part and item entries are not their first section.
    const role = top.kind ? undefined : roles.get(top.sectionId);
    if (role) entry.role = role;
    if (entry.untitled) {
      const children = entry.children;
      entry.children = [];
      entries.push(entry, ...children);
    } else entries.push(entry);
  }
  return entries;
}

/** Every outline entry, depth first, in reading order (for PDF bookmarks and checks). */
export function* outlineEntries(entries: readonly OutlineEntry[]): Generator<OutlineEntry> {
  for (const e of entries) {
    yield e;
    yield* outlineEntries(e.children);
  }
}

/** In a packet: each section's item title (the versos' running head in print). */
export function itemTitles(book: Book): Map<string, string> {
  const titles = new Map<string, string>();
  for (const part of book.parts) for (const s of part.sections) titles.set(s.id, part.metadata.title);
  return titles;
}

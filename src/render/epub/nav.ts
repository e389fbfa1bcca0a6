/**
 * The navigation document's data: the table of contents (sections by title; for a section without
 * a title, an entry named after the book with its level-2 headings beneath), landmarks, and the
 * page list when the print edition's page starts are known.
 */
import type { Book, Section } from "../../model/book.js";
import type { PageTarget } from "./page-list.js";

export interface TocEntry {
  /** Inline XHTML label (italics kept). */
  html: string;
  href: string;
  children: TocEntry[];
}

export interface Landmark {
  type: string;
  href: string;
  label: string;
}

export interface NavData {
  toc: TocEntry[];
  landmarks: Landmark[];
  pages: PageTarget[];
}

export function tocEntries({ book, hrefOf, editorialNoteHref, editorialNoteLabel }: {
  book: Book;
  hrefOf: (section: Section) => string;
  editorialNoteHref?: string;
  editorialNoteLabel: string;
}): TocEntry[] {
  const entries: TocEntry[] = [];
  if (editorialNoteHref) entries.push({ html: escapeText(editorialNoteLabel), href: editorialNoteHref, children: [] });
  book.sections.forEach((section, index) => {
    const href = hrefOf(section);
    const topLevel = section.headings.filter((h) => h.level === 2);
    if (section.title) {
      const children = topLevel.map((h) => ({ html: navLabel(h.html), href: `${href}#${h.id}`, children: [] }));
      entries.push({ html: navLabel(section.title.html), href: `${href}#${section.title.id}`, children });
      return;
    }
    const label = book.sections.length === 1 ? escapeText(book.metadata.title) : `${escapeText(book.metadata.title)} (${index + 1})`;
    entries.push({ html: label, href, children: topLevel.map((h) => ({ html: navLabel(h.html), href: `${href}#${h.id}`, children: [] })) });
  });
  return entries;
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A heading's inline html fit for a nav link: note references dropped, links unwrapped, ids removed. */
export function navLabel(html: string): string {
  return html
    .replace(/<a\b[^>]*class="noteref"[^>]*>.*?<\/a>/g, "")
    .replace(/<\/?a\b[^>]*>/g, "")
    .replace(/\s(id|role|epub:type)="[^"]*"/g, "")
    .trim();
}

/**
 * The EPUB's content documents (XHTML), each rendered from `epub-content.liquid`, which calls the
 * shared partials (title page, imprint, editorial note, section with notes) with edition "epub",
 * and the navigation document from `epub-nav.liquid` (the shared contents partial + landmarks +
 * page list).
 */
import type { Book, Section } from "../../model/book.js";
import type { Templates } from "../templates.js";
import type { CoverImage } from "./cover.js";
import type { Landmark } from "./nav.js";
import { navLabel } from "./nav.js";
import type { PageTarget } from "./page-list.js";
import { plainText } from "../book-text.js";
import { markNoteRefs } from "./xhtml.js";

export type DocumentKind = "cover" | "title-page" | "imprint" | "nav" | "editorial-note" | "section";

export interface ContentDocument {
  /** Manifest id (an XML name). */
  id: string;
  /** Path relative to the package document, e.g. "s1.xhtml". */
  href: string;
  kind: DocumentKind;
  xhtml: string;
}

const RESERVED = new Set(["cover", "title-page", "imprint", "nav", "editorial-note"]);

export function sectionHref(section: Section): string {
  return RESERVED.has(section.id) ? `section-${section.id}.xhtml` : `${section.id}.xhtml`;
}

export function sectionItemId(section: Section): string {
  return `sec-${section.id.replace(/[^A-Za-z0-9_.-]/g, "_")}`;
}

/** The section as the templates see it: page breaks inserted and note references marked. */
function epubSection(section: Section, html: string): Section {
  const copy: Section = { ...section, html: markNoteRefs(html) };
  if (section.title) copy.title = { ...section.title, html: markNoteRefs(section.title.html) };
  if (section.titleNoterefs) copy.titleNoterefs = markNoteRefs(section.titleNoterefs);
  return copy;
}

/** A copy of the book whose heading labels are fit for nav links (no nested links). */
function navBook(book: Book): Book {
  return {
    ...book,
    sections: book.sections.map((s) => {
      const copy: Section = { ...s, headings: s.headings.map((h) => ({ ...h, html: navLabel(h.html) })) };
      if (s.title) copy.title = { ...s.title, html: navLabel(s.title.html) };
      return copy;
    }),
  };
}

export async function renderDocuments(options: {
  book: Book;
  templates: Templates;
  cover: CoverImage;
  /** Section html after page-break insertion, by section id. */
  sectionHtml: Map<string, string>;
  pages: PageTarget[];
}): Promise<ContentDocument[]> {
  const { book, templates, cover, sectionHtml, pages } = options;
  const m = book.metadata;
  const common = { edition: "epub", lang: m.language, dir: m.direction, labels: {} };
  const epubBook: Book = { ...book };
  if (book.editorialNote) epubBook.editorialNote = { ...book.editorialNote, html: markNoteRefs(book.editorialNote.html) };

  const docs: ContentDocument[] = [];
  const add = async (id: string, href: string, kind: DocumentKind, title: string, extra: Record<string, unknown> = {}): Promise<void> => {
    const xhtml = unlinkOrphanBacklinks(await templates.render("epub-content.liquid", { ...common, book: epubBook, kind, title, ...extra }));
    docs.push({ id, href, kind, xhtml });
  };

  await add("cover", "cover.xhtml", "cover", m.title, { cover: { href: cover.href, alt: cover.alt } });
  await add("title-page", "title-page.xhtml", "title-page", m.title);
  await add("imprint", "imprint.xhtml", "imprint", m.title);

  const hrefs: Record<string, string> = {};
  for (const s of book.sections) hrefs[s.id] = sectionHref(s);
  if (book.editorialNote) hrefs["editorial-note"] = "editorial-note.xhtml";
  const landmarks: Landmark[] = [
    { type: "cover", href: "cover.xhtml", label: "Cover" },
    { type: "titlepage", href: "title-page.xhtml", label: "Title page" },
    { type: "toc", href: "nav.xhtml#contents", label: "Contents" },
  ];
  const first = book.sections[0];
  if (first) landmarks.push({ type: "bodymatter", href: sectionHref(first), label: "Start of text" });
  const nav = await templates.render("epub-nav.liquid", { ...common, book: navBook(book), title: m.title, hrefs, landmarks, pages });
  docs.push({ id: "nav", href: "nav.xhtml", kind: "nav", xhtml: nav });

  if (book.editorialNote) await add("editorial-note", "editorial-note.xhtml", "editorial-note", "Editorial note");
  for (const section of book.sections) {
    const html = sectionHtml.get(section.id) ?? section.html;
    await add(sectionItemId(section), sectionHref(section), "section", section.title ? plainText(navLabel(section.title.html)).replace(/\s+/g, " ").trim() : m.title, { section: epubSection(section, html) });
  }
  return docs;
}

/**
 * A note whose reference the text lost (e.g. a note on a heading the converter flattened) would
 * link back to nothing, which EPUBCheck rejects (RSC-012): its label stays, unlinked.
 */
export function unlinkOrphanBacklinks(xhtml: string): string {
  const ids = new Set([...xhtml.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  return xhtml.replace(/<a class="note-label" href="#([^"]+)" role="doc-backlink">(.*?)<\/a>/g, (tag, target: string, label: string) =>
    ids.has(target) ? tag : `<span class="note-label">${label}</span>`,
  );
}

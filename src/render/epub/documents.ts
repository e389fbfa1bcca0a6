/**
 * The EPUB's content documents (XHTML), each rendered from `epub-content.liquid`, which calls the
 * shared partials (title page, imprint, editorial note, section with notes) with edition "epub",
 * and the navigation document from `epub-nav.liquid` (the shared contents partial + landmarks +
 * page list).
 */
import { idOwners, type Block, type Book, type Note, type Section } from "../../model/book.js";
import { rewriteAttributes } from "../../model/attributes.js";
import { contentsOf, type ContentsEntry } from "../contents.js";
import { labelText, type Labels } from "../labels.js";
import type { Templates } from "../templates.js";
import type { CoverImage } from "./cover.js";
import type { Landmark } from "./nav.js";
import { navLabel } from "./nav.js";
import type { PageTarget } from "./page-list.js";
import { markNoteRefs, pathHref } from "./xhtml.js";

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

/** Which EPUB document holds each id of the Book: computed once, for links and the page-list. */
export interface DocumentPlaces {
  /** Id → the section id (or "editorial-note") that holds it. */
  owners: Map<string, string>;
  /** Section id (and "editorial-note") → its document. */
  hrefs: Record<string, string>;
}

export function documentPlaces(book: Book): DocumentPlaces {
  const hrefs: Record<string, string> = {};
  for (const s of book.sections) hrefs[s.id] = sectionHref(s);
  if (book.editorialNote) hrefs["editorial-note"] = "editorial-note.xhtml";
  return { owners: idOwners(book), hrefs };
}

/** The Book's `#id` links, pointed at the document that holds each id when that is another one. */
export function linkAcross({ html, owners, current, hrefOf }: { html: string; owners: Map<string, string>; current: string; hrefOf: (owner: string) => string | undefined }): string {
  if (!html.includes('href="#')) return html;
  return rewriteAttributes({
    html,
    rewrite: (tag, name, value) => {
      if (tag !== "a" || name !== "href" || !value.startsWith("#")) return value;
      const owner = owners.get(value.slice(1));
      const doc = owner === undefined || owner === current ? undefined : hrefOf(owner);
      return doc === undefined ? value : `${doc}${value}`;
    },
  });
}

export async function renderDocuments(options: {
  book: Book;
  templates: Templates;
  cover: CoverImage;
  /** Page-break markup by block id (print page numbers), and the page-list targets. */
  pageBreaks: Map<string, string>;
  pages: PageTarget[];
  labels: Labels;
  places: DocumentPlaces;
}): Promise<ContentDocument[]> {
  const { book, templates, cover, pageBreaks, pages, labels, places } = options;
  const { owners, hrefs } = places;
  const hrefOf = (owner: string): string | undefined => hrefs[owner];
  const m = book.metadata;
  const common = { edition: "epub", lang: m.language, dir: m.direction, labels };
  const fix = (html: string, current: string): string => markNoteRefs(linkAcross({ html, owners, current, hrefOf }));
  const blocks = (list: readonly Block[], current: string): Block[] => list.map((b) => ({ ...b, html: fix(b.html, current) }));
  const notes = (list: readonly Note[], current: string): Note[] => list.map((n) => ({ ...n, html: fix(n.html, current) }));

  const epubBook: Book = { ...book };
  if (book.editorialNote) epubBook.editorialNote = { ...book.editorialNote, blocks: blocks(book.editorialNote.blocks, "editorial-note"), notes: notes(book.editorialNote.notes, "editorial-note") };

  const docs: ContentDocument[] = [];
  const add = async (id: string, href: string, kind: DocumentKind, title: string, extra: Record<string, unknown> = {}): Promise<void> => {
    const xhtml = unlinkOrphanBacklinks(await templates.render("epub-content.liquid", { ...common, book: epubBook, kind, title, ...extra }));
    docs.push({ id, href, kind, xhtml });
  };

  await add("cover", "cover.xhtml", "cover", m.title, { cover: { href: pathHref(cover.href), alt: cover.alt, ...(cover.width && cover.height ? { width: cover.width, height: cover.height } : {}) } });
  await add("title-page", "title-page.xhtml", "title-page", m.title);
  await add("imprint", "imprint.xhtml", "imprint", m.title);

  const word = (key: string, fallback: string): string => labelText({ labels, key, fallback });
  const landmarks: Landmark[] = [
    { type: "cover", href: "cover.xhtml", label: word("cover", "Cover") },
    { type: "titlepage", href: "title-page.xhtml", label: word("titlePage", "Title page") },
    { type: "toc", href: "nav.xhtml#contents", label: word("contents", "Contents") },
  ];
  const first = book.sections[0];
  if (first) landmarks.push({ type: "bodymatter", href: sectionHref(first), label: word("startOfText", "Start of text") });
  const contents = contentsOf({ book, unnamed: word("startOfText", "Start of text") }).map(function navEntry(e): ContentsEntry {
    return { ...e, html: navLabel(e.html), children: e.children.map(navEntry) };
  });
  const nav = await templates.render("epub-nav.liquid", { ...common, book, contents, title: m.title, hrefs, landmarks, pages });
  docs.push({ id: "nav", href: "nav.xhtml", kind: "nav", xhtml: nav });

  if (book.editorialNote) await add("editorial-note", "editorial-note.xhtml", "editorial-note", word("editorialNote", "Editorial note"));
  const { inside, before } = placeMarkers({ sections: book.sections, pageBreaks });
  const breaks = Object.fromEntries(before);
  for (const section of book.sections) {
    const marked = blocks(section.blocks, section.id).map((b) => {
      const marker = inside.get(b.id);
      return marker ? { ...b, html: b.html.replace(/^<p\b[^>]*>/, (tag) => tag + marker) } : b;
    });
    const copy: Section = { ...section, blocks: marked, notes: notes(section.notes, section.id) };
    if (section.titleNoterefs) copy.titleNoterefs = markNoteRefs(section.titleNoterefs);
    const en = section.opening?.editorialNote;
    if (section.opening && en) copy.opening = { ...section.opening, editorialNote: { ...en, blocks: blocks(en.blocks, section.id), notes: notes(en.notes, section.id) } };
    await add(sectionItemId(section), sectionHref(section), "section", section.label || word("startOfText", "Start of text"), { section: copy, pageBreaks: breaks });
  }
  return docs;
}

/**
 * A print-page marker goes inside the paragraph it falls before, at its start, as Standard
 * Ebooks places them: a marker between two paragraphs would be the second one's previous
 * sibling, so the stylesheet's `p + p` / `h2 + p` indent rules would no longer see what comes
 * before it. Markers before other blocks (headings, lists, quotes) stay between blocks.
 */
export function placeMarkers({ sections, pageBreaks }: { sections: readonly Section[]; pageBreaks: Map<string, string> }): { inside: Map<string, string>; before: Map<string, string> } {
  const inside = new Map<string, string>();
  const before = new Map(pageBreaks);
  for (const s of sections) {
    for (const b of s.blocks) {
      const marker = pageBreaks.get(b.id);
      if (marker && /^<p\b/.test(b.html)) {
        inside.set(b.id, marker);
        before.delete(b.id);
      }
    }
  }
  return { inside, before };
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

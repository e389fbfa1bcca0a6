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

/**
 * Where a print-page marker may go in a drafted document (a comment no manuscript can hold: it
 * carries U+0001): every block gets one, and the print edition's page starts fill them in.
 */
const SLOT = /<!--\u0001(\d+)\u0001-->/g;
const slot = (k: number): string => `<!--\u0001${k}\u0001-->`;

/**
 * The content documents but the navigation, put together before the print edition has laid the
 * book out (build.ts starts them while typst typesets): a slot before (or at the start of) each
 * block where its page's marker will go. `finishDocuments` fills the slots and adds the nav.
 */
export interface DraftDocuments {
  /** Cover, title page, imprint: before the navigation document. */
  front: ContentDocument[];
  /** The editorial note and the sections, with their slots. */
  body: ContentDocument[];
  /** Slot number → the block id whose marker goes there. */
  slots: string[];
}

interface DocumentOptions {
  book: Book;
  templates: Templates;
  labels: Labels;
  places: DocumentPlaces;
}

export async function draftDocuments(options: DocumentOptions & { cover: CoverImage }): Promise<DraftDocuments> {
  const { book, templates, cover, labels, places } = options;
  const { owners, hrefs } = places;
  const hrefOf = (owner: string): string | undefined => hrefs[owner];
  const m = book.metadata;
  const common = { edition: "epub", lang: m.language, dir: m.direction, labels };
  const fix = (html: string, current: string): string => markNoteRefs(linkAcross({ html, owners, current, hrefOf }));
  const blocks = (list: readonly Block[], current: string): Block[] => list.map((b) => ({ ...b, html: fix(b.html, current) }));
  const notes = (list: readonly Note[], current: string): Note[] => list.map((n) => ({ ...n, html: fix(n.html, current) }));

  const epubBook: Book = { ...book };
  if (book.editorialNote) epubBook.editorialNote = { ...book.editorialNote, blocks: blocks(book.editorialNote.blocks, "editorial-note"), notes: notes(book.editorialNote.notes, "editorial-note") };

  const render = async (id: string, href: string, kind: DocumentKind, title: string, extra: Record<string, unknown> = {}): Promise<ContentDocument> => {
    const xhtml = unlinkOrphanBacklinks(await templates.render("epub-content.liquid", { ...common, book: epubBook, kind, title, ...extra }));
    return { id, href, kind, xhtml };
  };
  const word = (key: string, fallback: string): string => labelText({ labels, key, fallback });

  const front = [
    await render("cover", "cover.xhtml", "cover", m.title, { cover: { href: pathHref(cover.href), alt: cover.alt, ...(cover.width && cover.height ? { width: cover.width, height: cover.height } : {}) } }),
    await render("title-page", "title-page.xhtml", "title-page", m.title),
    await render("imprint", "imprint.xhtml", "imprint", m.title),
  ];
  const body: ContentDocument[] = [];
  if (book.editorialNote) body.push(await render("editorial-note", "editorial-note.xhtml", "editorial-note", word("editorialNote", "Editorial note")));
  // A slot for every block of the sections (an item's own note among them, in a packet).
  const slots: string[] = [];
  const slotOf = new Map<string, string>();
  for (const section of book.sections) {
    for (const b of [...(section.opening?.editorialNote?.blocks ?? []), ...section.blocks]) {
      if (b.id && !slotOf.has(b.id)) {
        slotOf.set(b.id, slot(slots.length));
        slots.push(b.id);
      }
    }
  }
  const { inside, before } = placeMarkers({ sections: book.sections, pageBreaks: slotOf });
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
    body.push(await render(sectionItemId(section), sectionHref(section), "section", section.label || word("startOfText", "Start of text"), { section: copy, pageBreaks: breaks }));
  }
  return { front, body, slots };
}

/** The documents in reading order: the draft's slots filled with the page-break markup by block id, and the navigation document with its page list. */
export async function finishDocuments(options: DocumentOptions & { draft: DraftDocuments; pageBreaks: Map<string, string>; pages: PageTarget[] }): Promise<ContentDocument[]> {
  const { book, templates, labels, places, draft, pageBreaks, pages } = options;
  const m = book.metadata;
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
  const common = { edition: "epub", lang: m.language, dir: m.direction, labels };
  const nav = await templates.render("epub-nav.liquid", { ...common, book, contents, title: m.title, hrefs: places.hrefs, landmarks, pages });
  const fill = (doc: ContentDocument): ContentDocument => ({ ...doc, xhtml: doc.xhtml.replace(SLOT, (_, k: string) => pageBreaks.get(draft.slots[Number(k)] as string) ?? "") });
  return [...draft.front, { id: "nav", href: "nav.xhtml", kind: "nav", xhtml: nav }, ...draft.body.map(fill)];
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

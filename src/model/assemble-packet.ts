/**
 * A packet is a Book made of Books. Pure: the items' Books (each assembled with its own id
 * namespace, "i1-", "i2-"…) and the introduction's Book → one Book whose `parts` are the items and
 * whose `sections` are the reading order every renderer already knows: the introduction, each
 * item's sections (the first carrying the item's opening: title, byline, contributors, editorial
 * note, source line), and a closing "Sources and rights" section listing every item.
 */
import { escapeText } from "../convert/dom.js";
import { outlineOf } from "./assemble.js";
import { decodeUriPart, rewriteAttributes } from "./attributes.js";
import type { Asset, Block, Book, BookMetadata, EditorialNote, ItemOpening, Note, OutlineEntry, Person, Section } from "./book.js";

/** The words the model itself writes (from templates/labels.yaml, in the packet's language). */
export interface PacketWords {
  sources: string;
  firstPublished: string;
  translatedBy: string;
  and: string;
}

export interface PacketItemInput {
  /** The item's Book, assembled with `namespace`. */
  book: Book;
  namespace: string;
  /** Title of the `part:` it is grouped under. */
  part?: string;
}

export interface AssemblePacketOptions {
  metadata: BookMetadata;
  /** The introduction, assembled as a book of its own (namespace ""). */
  introduction?: Book;
  items: PacketItemInput[];
  modified: string;
  words: PacketWords;
  /** packet.yaml as diagnostics print it: the source of the generated sources page. */
  sourceFile: string;
}

export const SOURCES_ID = "sources";

/** "A, B and C". */
export function joinNames({ names, and }: { names: readonly string[]; and: string }): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${and} ${names.at(-1)}`;
}

/**
 * The source line: the metadata's `source` as written when it says itself that it was published
 * ("first published in 1886…"), else after "First published in".
 */
export function sourceLine({ source, firstPublished }: { source: string | undefined; firstPublished: string }): string | undefined {
  if (!source) return undefined;
  if (/publi|appeared|erschien|parut|apareci/i.test(source)) return source;
  return `${firstPublished} ${source}`;
}

const names = (people: readonly Person[]) => people.map((p) => p.name);

/** Asset paths prefixed per item ("i2/images/fig.svg"): two items may both have images/fig.svg. */
function rebase(book: Book, prefix: string): Book {
  if (book.assets.length === 0) return book;
  const paths = new Set(book.assets.map((a) => a.path));
  const moved = (value: string): string => {
    const path = decodeUriPart(value);
    return paths.has(path) ? `${prefix}${path}` : value;
  };
  const html = (h: string) => rewriteAttributes({ html: h, rewrite: (_t, name, value) => (name === "src" || name === "href" || name === "xlink:href" ? moved(value) : value) });
  const blocks = (list: readonly Block[]): Block[] => list.map((b) => (b.images.length === 0 && !b.html.includes("href=") ? b : { ...b, html: html(b.html), images: b.images.map((i) => ({ ...i, src: moved(i.src) })) }));
  const notes = (list: readonly Note[]): Note[] => list.map((n) => ({ ...n, html: html(n.html) }));
  const out: Book = {
    ...book,
    assets: book.assets.map((a): Asset => ({ ...a, path: `${prefix}${a.path}` })),
    sections: book.sections.map((s) => ({ ...s, blocks: blocks(s.blocks), notes: notes(s.notes) })),
  };
  if (book.editorialNote) out.editorialNote = { ...book.editorialNote, blocks: blocks(book.editorialNote.blocks), notes: notes(book.editorialNote.notes) };
  return out;
}

/** The item's contents entry: its title and byline, its sections below (an untitled opening adds nothing). */
function itemEntry({ book, namespace, first }: { book: Book; namespace: string; first: Section }): OutlineEntry {
  const m = book.metadata;
  const byline = joinNames({ names: names(m.authors), and: "&" });
  const children: OutlineEntry[] = [];
  for (const [i, e] of book.outline.entries()) {
    // An untitled opening, or a first section titled as the item itself, adds nothing to the item's entry.
    if (i === 0 && (e.untitled || first.title?.text === m.title)) children.push(...e.children);
    // The first section's entry points at its title, which follows the item's opening (navigation in reading order).
    else if (i === 0 && first.title) children.push({ ...e, id: first.title.id });
    else children.push(e);
  }
  return {
    id: `${namespace}title-page`,
    sectionId: first.id,
    level: 1,
    kind: "item",
    text: byline ? `${m.title} — ${byline}` : m.title,
    html: `<span class="contents-item-title">${escapeText(m.title)}</span>${byline ? `<span class="contents-byline"> — ${escapeText(byline)}</span>` : ""}`,
    children,
  };
}

function sourcesSection({ items, words, sourceFile }: { items: PacketItemInput[]; words: PacketWords; sourceFile: string }): Section {
  const blocks: Block[] = items.map(({ book }, n) => {
    const m = book.metadata;
    const id = `${SOURCES_ID}-${n + 1}`;
    const full = `${m.title}${m.subtitle ? `: ${m.subtitle}` : ""}`;
    const stop = /[.!?…]$/.test(full) ? "" : ".";
    const parts: string[] = [`<i>${escapeText(m.title)}</i>${m.subtitle ? `: ${escapeText(m.subtitle)}` : ""}${stop}`];
    const plain: string[] = [`${full}${stop}`];
    const add = (t: string) => {
      const s = /[.!?…]$/.test(t) ? t : `${t}.`;
      parts.push(escapeText(s));
      plain.push(s);
    };
    if (m.authors.length) add(joinNames({ names: names(m.authors), and: words.and }));
    const translators = m.contributors.filter((c) => c.role === "translator");
    if (translators.length) add(`${words.translatedBy} ${joinNames({ names: names(translators), and: words.and })}`);
    const line = sourceLine({ source: m.source, firstPublished: words.firstPublished });
    if (line) add(line);
    if (m.rights) add(m.rights);
    return { id, kind: "paragraph", html: `<p id="${id}">${parts.join(" ")}</p>`, text: plain.join(" "), ids: [id], images: [], noteRefs: [], sourceFile };
  });
  const title = { id: `${SOURCES_ID}-title`, level: 1 as const, text: words.sources, html: escapeText(words.sources) };
  return { id: SOURCES_ID, sourceFile, title, role: "appendix", blocks, headings: [], label: words.sources, notes: [] };
}

export function assemblePacket(options: AssemblePacketOptions): Book {
  const { metadata, introduction, modified, words, sourceFile } = options;
  const items = options.items.map((it) => ({ ...it, book: rebase(it.book, `${it.namespace.replace(/-$/, "")}/`) }));
  const sections: Section[] = [...(introduction?.sections ?? [])];
  const outline: OutlineEntry[] = [...(introduction?.outline ?? [])];
  const parts: Book[] = [];
  let partCount = 0;
  let currentPart: OutlineEntry | undefined;
  for (const [index, { book, namespace, part }] of items.entries()) {
    const [first, ...rest] = book.sections;
    if (!first) continue;
    const m = book.metadata;
    const opening: ItemOpening = { index, namespace, metadata: m };
    const line = sourceLine({ source: m.source, firstPublished: words.firstPublished });
    if (line) opening.sourceLine = line;
    if (book.editorialNote) opening.editorialNote = book.editorialNote satisfies EditorialNote;
    const entry = itemEntry({ book, namespace, first });
    const startsPart = part !== undefined && part !== items[index - 1]?.part;
    if (startsPart) {
      const id = `part-${++partCount}`;
      opening.partStart = { title: part, id };
      currentPart = { id, sectionId: first.id, level: 1, kind: "part", text: part, html: escapeText(part), children: [] };
      outline.push(currentPart);
    } else if (part === undefined) currentPart = undefined;
    (currentPart ? currentPart.children : outline).push(entry);
    // An item in another language than the packet keeps its own, on every one of its sections.
    const lang = m.language !== metadata.language ? m.language : undefined;
    const own = [{ ...first, opening }, ...rest].map((s) => (lang && !s.language ? { ...s, language: lang } : s));
    sections.push(...own);
    parts.push({ ...book, sections: own, ...(part !== undefined ? { part } : {}) });
  }
  const sources = sourcesSection({ items, words, sourceFile });
  sections.push(sources);
  outline.push(outlineOf(sources));
  return {
    metadata,
    sections,
    assets: [...(introduction?.assets ?? []), ...items.flatMap((i) => i.book.assets)],
    modified,
    outline,
    parts,
  };
}

/**
 * The Book with every id prefixed by `namespace`, exactly as `assembleBook({ namespace })` would
 * have made it ("s1-x" → "i2-s1-x", a note reference "ref-s1-note-1" → "ref-i2-s1-note-1"). A
 * packet's items are loaded once, as `imprint build` loads them (their own editions are that
 * build's, byte for byte), and namespaced here for the packet.
 */
export function namespaceBook({ book, namespace }: { book: Book; namespace: string }): Book {
  if (!namespace) return book;
  const notes = new Set<string>();
  const ids = new Set<string>();
  const collect = (html: string) => rewriteAttributes({ html, rewrite: (_t, name, value) => (name === "id" && ids.add(value), value) });
  const noteLists = [book.editorialNote?.notes ?? [], ...book.sections.map((s) => s.notes)];
  for (const list of noteLists) for (const n of list) (notes.add(n.id), ids.add(n.id), collect(n.html));
  for (const s of book.sections) (ids.add(s.id), s.title && ids.add(s.title.id));
  for (const b of [...(book.editorialNote?.blocks ?? []), ...book.sections.flatMap((s) => s.blocks)]) for (const id of [b.id, ...b.ids]) ids.add(id);
  const map = (id: string): string => {
    if (id.startsWith("ref-") && notes.has(id.slice(4))) return `ref-${namespace}${id.slice(4)}`;
    return ids.has(id) ? `${namespace}${id}` : id;
  };
  const html = (h: string): string =>
    rewriteAttributes({
      html: h,
      rewrite: (_t, name, value) => {
        if (name === "id") return map(value);
        if (name === "href" && value.startsWith("#")) return `#${map(decodeUriPart(value.slice(1)))}`;
        if (name === "aria-labelledby" || name === "aria-describedby" || name === "headers" || name === "for") return value.split(/\s+/).map(map).join(" ");
        return value;
      },
    });
  const block = (b: Block): Block => {
    const out: Block = { ...b, id: map(b.id), html: html(b.html), ids: b.ids.map(map), noteRefs: b.noteRefs.map(map) };
    if (b.heading) out.heading = { ...b.heading, id: map(b.heading.id) };
    return out;
  };
  const note = (n: Note): Note => ({ ...n, id: map(n.id), html: html(n.html) });
  const outline = (e: OutlineEntry): OutlineEntry => ({ ...e, id: map(e.id), sectionId: map(e.sectionId), children: e.children.map(outline) });
  const sections = book.sections.map((s): Section => {
    const out: Section = { ...s, id: map(s.id), blocks: s.blocks.map(block), headings: s.headings.map((h) => ({ ...h, id: map(h.id) })), notes: s.notes.map(note) };
    if (s.title) out.title = { ...s.title, id: map(s.title.id) };
    if (s.titleNoterefs) out.titleNoterefs = html(s.titleNoterefs);
    if (s.titleNoteRefs) out.titleNoteRefs = s.titleNoteRefs.map(map);
    return out;
  });
  const out: Book = { ...book, sections, outline: book.outline.map(outline) };
  if (book.editorialNote) out.editorialNote = { ...book.editorialNote, blocks: book.editorialNote.blocks.map(block), notes: book.editorialNote.notes.map(note) };
  return out;
}

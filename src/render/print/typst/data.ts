/**
 * The Book as data for the typst template (`/book.json` in the compiler's virtual root). Every
 * manuscript string travels as a JSON string; the template turns strings into text, never into
 * markup. The front matter reads only `front` (one Book's metadata, labels and editorial note),
 * so a packet can set it once per item.
 */
import { allBlocks, type Block, type Book, type Note } from "../../../model/book.js";
import { contentsOf, itemTitles, type ContentsEntry } from "../../contents.js";
import type { Design } from "../../design.js";
import { labelText, type Labels } from "../../labels.js";
import { pageGeometry, type PageGeometry } from "../../pdf/geometry.js";
import { rectoOpeners } from "../../pdf/plan.js";
import { htmlTree, type TreeNode } from "./html-tree.js";
import { openingData, openingIds, type TypstOpening } from "./opening.js";

export type NotesPlacement = "footnotes" | "endnotes";

export interface TypstBlock {
  id: string;
  kind: Block["kind"];
  tree: TreeNode[];
}

export interface TypstNote {
  id: string;
  label: string;
  tree: TreeNode[];
}

export interface TypstSection {
  id: string;
  /** Opens on a recto (a titled section, or the first). */
  opener: boolean;
  title?: { id: string; tree: TreeNode[]; text: string };
  /** The untitled first section opens under the book's title. */
  bookTitleOpener: boolean;
  lang?: string;
  blocks: TypstBlock[];
  notes: TypstNote[];
  /** In a packet: the item's own front matter, on its first section (opening.ts). */
  opening?: TypstOpening;
  /** In a packet: the title of the item the section belongs to (its versos' running head). */
  item?: string;
}

export interface TypstContentsEntry {
  id: string;
  level: number;
  tree: TreeNode[];
  children: TypstContentsEntry[];
}

export interface TypstFront {
  title: string;
  subtitle?: string;
  authors: string[];
  /** One line per role present: "Translated by" and the names. */
  contributors: Array<{ role: string; words: string; names: string[] }>;
  translators: string[];
  publisher?: string;
  source?: string;
  rights?: string;
  date?: { iso: string; shown: string };
  identifier?: string;
  url?: string;
  qrSvg?: string;
  labels: Record<string, string>;
  editorialNote?: { blocks: TypstBlock[]; notes: TypstNote[] };
}

export interface TypstBookData {
  lang: string;
  region?: string;
  dir: "ltr" | "rtl";
  front: TypstFront;
  contents: TypstContentsEntry[];
  sections: TypstSection[];
  /** Book-relative image path → virtual file path in the compiler. */
  images: Record<string, string>;
  /** Every id a link may point to (a link to any other id is printed as plain text). */
  ids: Record<string, true>;
  notes: NotesPlacement;
  page: TypstPage;
  design: Design;
  /** Blank pages to add at the back (an even count, a service's minimum). */
  trailingBlanks: number;
  /** Blocks set without hyphenation, so that no hyphen falls at a page end (page-turns.ts). */
  noHyphenation: Record<string, true>;
  /** The document date (the build's moment, never the clock), in UTC. */
  modified: { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** Page geometry in points, the text area fitted to a whole number of lines. */
export interface TypstPage {
  width: number;
  height: number;
  bleed: number;
  inside: number;
  outside: number;
  top: number;
  bottom: number;
  headFromTop: number;
  folioFromBottom: number;
  size: number;
  pitch: number;
  lines: number;
}

const ROLE_ORDER = ["translator", "editor", "illustrator", "annotator", "introduction", "foreword", "afterword", "photographer", "designer", "compiler", "narrator", "contributor"] as const;
const ROLE_WORDS: Record<string, string> = {
  translator: "Translated by", editor: "Edited by", illustrator: "Illustrated by", annotator: "Notes by", introduction: "Introduction by", foreword: "Foreword by",
  afterword: "Afterword by", photographer: "Photographs by", designer: "Designed by", compiler: "Compiled by", narrator: "Narrated by", contributor: "With contributions by",
};

const blockData = (b: Block): TypstBlock => ({ id: b.id, kind: b.kind, tree: htmlTree(b.html) });
const noteData = (n: Note): TypstNote => ({ id: n.id, label: n.label, tree: htmlTree(n.html) });

function contentsData(entries: readonly ContentsEntry[]): TypstContentsEntry[] {
  return entries.map((e) => ({ id: e.id, level: e.level, tree: htmlTree(e.html), children: contentsData(e.children) }));
}

function stringLabels(labels: Labels): Record<string, string> {
  const keys = ["contents", "editorialNote", "notes", "startOfText", "and", "publishedBy", "identifier", "setIn", "date"];
  const fallback: Record<string, string> = { contents: "Contents", editorialNote: "Editorial note", notes: "Notes", startOfText: "Start of text", and: "and", publishedBy: "Published by", identifier: "Identifier", setIn: "Set in Source Serif 4." };
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = labelText({ labels, key: k, fallback: fallback[k] ?? "" });
    if (v) out[k] = v;
  }
  return out;
}

/** One Book's front matter (title page, imprint, editorial note), from the Book displayBook gives. */
export function frontData({ book, labels }: { book: Book; labels: Labels }): TypstFront {
  const m = book.metadata;
  const roles = (labels.roles ?? {}) as Record<string, unknown>;
  const front: TypstFront = {
    title: m.title,
    authors: m.authors.map((a) => a.name),
    contributors: ROLE_ORDER.flatMap((role) => {
      const names = m.contributors.filter((c) => c.role === role).map((c) => c.name);
      const word = roles[role];
      return names.length ? [{ role, words: typeof word === "string" ? word : (ROLE_WORDS[role] ?? role), names }] : [];
    }),
    translators: m.contributors.filter((c) => c.role === "translator").map((c) => c.name),
    labels: stringLabels(labels),
  };
  // An ISBN as books print one; a UUID is a machine's identifier (in the PDF's metadata), not a reader's.
  if (m.identifier.scheme === "isbn") front.identifier = `ISBN\u00a0${m.identifier.value}`;
  // A packet published at an address: the address and its QR code (made by imprint, not the manuscript).
  const url = m.extra?.["url"];
  const qr = m.extra?.["qrSvg"];
  if (book.parts.length > 0 && typeof url === "string") {
    front.url = url;
    if (typeof qr === "string") front.qrSvg = qr;
  }
  if (m.subtitle) front.subtitle = m.subtitle;
  if (m.publisher) front.publisher = m.publisher;
  if (m.source) front.source = m.source;
  if (m.rights) front.rights = m.rights;
  if (m.date) front.date = { iso: m.date, shown: labelText({ labels, key: "date", fallback: m.date }) };
  if (book.editorialNote) front.editorialNote = { blocks: book.editorialNote.blocks.map(blockData), notes: book.editorialNote.notes.map(noteData) };
  return front;
}

/** The page in points, its text area cut to a whole number of lines (facing pages end on the same baseline). */
export function typstPage({ geometry: g, design }: { geometry: PageGeometry; design: Design }): TypstPage {
  // design.yaml's size is the 6x9 page's; smaller and larger trims scale it as geometry.ts does (10.5/11/12).
  const size = Math.round(pointsOf(design.text.size, 11) * (g.fontSizePt / 11) * 1000) / 1000;
  const pitch = Math.round(size * design.text["line-height"] * 1000) / 1000;
  const gap = pitch - size;
  const area = g.trimHeightPt - g.topPt - g.bottomPt;
  const lines = Math.max(1, Math.floor((area + gap) / pitch));
  const bottom = g.trimHeightPt - g.topPt - (lines * pitch - gap);
  return {
    width: g.pageWidthPt, height: g.pageHeightPt, bleed: g.bleedPt, inside: g.insidePt, outside: g.outsidePt, top: g.topPt, bottom,
    headFromTop: g.headFromTopPt, folioFromBottom: g.folioFromBottomPt, size, pitch, lines,
  };
}

/** A design length in points ("11pt", "4mm", "0.2in"); `em` counts as `fallback` points per em. */
function pointsOf(value: string, fallback: number): number {
  const m = /^(\d+(?:\.\d+)?)(pt|mm|in|em)$/.exec(value);
  if (!m) return fallback;
  const n = Number(m[1]);
  return m[2] === "pt" ? n : m[2] === "mm" ? (n * 72) / 25.4 : m[2] === "in" ? n * 72 : n * fallback;
}

/** Typst takes an ISO 639 language and an ISO 3166 region; other subtags are left out. */
function languageParts(tag: string): { lang: string; region?: string } {
  const parts = tag.split("-");
  const lang = (parts[0] ?? "en").toLowerCase();
  const region = parts.slice(1).find((p) => /^[A-Za-z]{2}$/.test(p));
  return region ? { lang, region: region.toUpperCase() } : { lang };
}

export function typstBookData({ book, labels, design, notes, pageCount, trailingBlanks, imagePaths, noHyphenation = [] }: {
  book: Book;
  labels: Labels;
  design: Design;
  notes: NotesPlacement;
  /** The page count the gutter is chosen for. */
  pageCount: number;
  trailingBlanks: number;
  imagePaths: Record<string, string>;
  noHyphenation?: string[];
}): TypstBookData {
  const openers = new Set(rectoOpeners({ book }));
  const unnamed = labelText({ labels, key: "startOfText", fallback: "Start of text" });
  const ids: Record<string, true> = { contents: true };
  if (book.editorialNote) ids["editorial-note"] = true;
  for (const s of book.sections) {
    ids[s.id] = true;
    if (s.title) ids[s.title.id] = true;
    for (const n of s.notes) ids[n.id] = ids[`ref-${n.id}`] = true;
  }
  for (const n of book.editorialNote?.notes ?? []) ids[n.id] = ids[`ref-${n.id}`] = true;
  for (const { block } of allBlocks(book)) for (const id of block.ids) ids[id] = true;
  for (const id of openingIds({ book })) ids[id] = true;
  const items = itemTitles(book);
  const geometry = pageGeometry({ print: book.metadata.print, pageCount });
  return {
    ...languageParts(book.metadata.language),
    dir: book.metadata.direction,
    front: frontData({ book, labels }),
    contents: contentsData(contentsOf({ book, unnamed })),
    sections: book.sections.map((s, i) => {
      const section: TypstSection = {
        id: s.id,
        opener: openers.has(s.id),
        bookTitleOpener: i === 0 && !s.title,
        blocks: s.blocks.map(blockData),
        notes: s.notes.map(noteData),
      };
      if (s.title) section.title = { id: s.title.id, tree: htmlTree(s.title.html + (s.titleNoterefs ?? "")), text: s.title.text };
      if (s.language) section.lang = languageParts(s.language).lang;
      const opening = openingData({ section: s, book, labels });
      if (opening) section.opening = opening;
      const item = items.get(s.id);
      if (item !== undefined) section.item = item;
      return section;
    }),
    images: imagePaths,
    ids,
    notes,
    page: typstPage({ geometry, design }),
    design,
    trailingBlanks,
    noHyphenation: Object.fromEntries([...noHyphenation].sort().map((id) => [id, true as const])),
    modified: dateParts(book.modified),
  };
}

function dateParts(iso: string): TypstBookData["modified"] {
  const d = new Date(iso);
  const ok = !Number.isNaN(d.getTime());
  const at = ok ? d : new Date(Date.UTC(1980, 0, 1));
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate(), hour: at.getUTCHours(), minute: at.getUTCMinutes(), second: at.getUTCSeconds() };
}

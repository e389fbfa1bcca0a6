/**
 * In a packet: an item's opening (its part's title page, its title, byline, contributors, source
 * line, rights and editorial note) as data for templates/typst/item-opening.typ, and the item's
 * title for the running heads of its pages. The fields appear only on a packet's sections, so a
 * single book's `/book.json` is unchanged. Every manuscript string stays a JSON string.
 */
import type { Book, Note, Section } from "../../../model/book.js";
import { labelText, type Labels } from "../../labels.js";
import { htmlTree, type TreeNode } from "./html-tree.js";

export interface TypstOpeningNote {
  /** `${namespace}editorial-note`: the contents and links point here. */
  id: string;
  titleId: string;
  label: string;
  blocks: Array<{ id: string; kind: string; tree: TreeNode[] }>;
  notes: Array<{ id: string; label: string; tree: TreeNode[] }>;
}

export interface TypstOpening {
  /** `${namespace}title-page`: the item's contents entry points here. */
  id: string;
  /** The item's language, when it is not the packet's. */
  lang?: string;
  /** The item's title; when the first section is titled as the item, that heading's tree and id. */
  title: { text: string; tree: TreeNode[]; id?: string };
  subtitle?: string;
  authors: string[];
  and: string;
  contributors: Array<{ role: string; words: string; names: string[] }>;
  source?: string;
  rights?: string;
  /** When the item is the first of a `part:` group: its title page. */
  part?: { id: string; title: string; label: string };
  note?: TypstOpeningNote;
}

const ROLE_ORDER = ["translator", "editor", "illustrator", "annotator", "introduction", "foreword", "afterword", "photographer", "designer", "compiler", "narrator", "contributor"] as const;
const ROLE_WORDS: Record<string, string> = {
  translator: "Translated by", editor: "Edited by", illustrator: "Illustrated by", annotator: "Notes by", introduction: "Introduction by", foreword: "Foreword by",
  afterword: "Afterword by", photographer: "Photographs by", designer: "Designed by", compiler: "Compiled by", narrator: "Narrated by", contributor: "With contributions by",
};

const noteData = (n: Note) => ({ id: n.id, label: n.label, tree: htmlTree(n.html) });

/** True when the item's first section is titled as the item: one heading, not two (as section.liquid). */
export function titledAsItem(section: Section): boolean {
  return Boolean(section.opening && section.title && section.title.text === section.opening.metadata.title);
}

/** An item's opening, from a Book as displayBook gives it (typographic quotes). */
export function openingData({ section, book, labels }: { section: Section; book: Book; labels: Labels }): TypstOpening | undefined {
  const o = section.opening;
  if (!o) return undefined;
  const m = o.metadata;
  const roles = (labels.roles ?? {}) as Record<string, unknown>;
  const title: TypstOpening["title"] = { text: m.title, tree: [m.title] };
  if (section.title && titledAsItem(section)) Object.assign(title, { id: section.title.id, tree: htmlTree(section.title.html + (section.titleNoterefs ?? "")) });
  const out: TypstOpening = {
    id: `${o.namespace}title-page`,
    title,
    authors: m.authors.map((a) => a.name),
    and: labelText({ labels, key: "and", fallback: "and" }),
    contributors: ROLE_ORDER.flatMap((role) => {
      const names = m.contributors.filter((c) => c.role === role).map((c) => c.name);
      const word = roles[role];
      return names.length ? [{ role, words: typeof word === "string" ? word : (ROLE_WORDS[role] ?? role), names }] : [];
    }),
  };
  if (m.language !== book.metadata.language) out.lang = (m.language.split("-")[0] ?? m.language).toLowerCase();
  if (m.subtitle) out.subtitle = m.subtitle;
  if (o.sourceLine) out.source = o.sourceLine;
  if (m.rights) out.rights = m.rights;
  if (o.partStart) out.part = { id: o.partStart.id, title: o.partStart.title, label: labelText({ labels, key: "part", fallback: "Part" }) };
  if (o.editorialNote) {
    out.note = {
      id: `${o.namespace}editorial-note`,
      titleId: `${o.namespace}editorial-note-title`,
      label: labelText({ labels, key: "editorialNote", fallback: "Editorial note" }),
      blocks: o.editorialNote.blocks.map((b) => ({ id: b.id, kind: b.kind, tree: htmlTree(b.html) })),
      notes: o.editorialNote.notes.map(noteData),
    };
  }
  return out;
}

/** Ids the openings add (links and contents may point at them). */
export function openingIds({ book }: { book: Book }): string[] {
  return book.sections.flatMap((s) => {
    const o = s.opening;
    if (!o) return [];
    const ns = o.namespace;
    return [`${ns}title-page`, ...(o.partStart ? [o.partStart.id] : []), ...(o.editorialNote ? [`${ns}editorial-note`, `${ns}editorial-note-title`] : []),
      ...(o.editorialNote?.notes ?? []).flatMap((n) => [n.id, `ref-${n.id}`])];
  });
}


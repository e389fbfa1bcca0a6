/**
 * The one model every edition is rendered from. Renderers see only a Book: they never read the
 * manuscript folder or call pandoc. A packet is a Book whose `parts` are Books.
 *
 * HTML held here is *polyglot*: well-formed XML that parses identically as HTML5 (void elements
 * written `<br />`, every attribute quoted, `&` `<` `>` escaped, no named entities but the five
 * XML ones). So the EPUB can take it as XHTML and the HTML/print editions as HTML, unchanged.
 */

export type ContributorRole =
  | "author"
  | "translator"
  | "editor"
  | "illustrator"
  | "annotator"
  | "introduction"
  | "foreword"
  | "afterword"
  | "photographer"
  | "designer"
  | "compiler"
  | "contributor"
  | "narrator";

export interface Person {
  name: string;
  /** Sort form, e.g. "Marx, Karl". */
  fileAs?: string;
}

export interface Contributor extends Person {
  role: ContributorRole;
}

export interface BookIdentifier {
  scheme: "isbn" | "uuid";
  /** ISBN-13 digits only (an ISBN-10 is converted), or a lowercase UUID. */
  value: string;
  /** `urn:isbn:978…` or `urn:uuid:…`. */
  urn: string;
  /** True when the UUID was derived from title and authors rather than given. */
  derived: boolean;
}

export type TrimName = "6x9" | "5x8" | "5.5x8.5" | "a5" | "letter" | "a4";

export interface PrintOptions {
  /** Page size in millimetres (trim, without bleed). */
  trim: { name: TrimName | "custom"; widthMm: number; heightMm: number };
  bleed: boolean;
  /** Bleed in millimetres when `bleed` is on (3.175 mm = 0.125 in by default). */
  bleedMm: number;
  paper: "white" | "cream";
  preflight: "kdp" | "ingram" | "none";
  /** `print.engine`: the print engine the metadata asks for (the command line's --pdf-engine wins). */
  engine?: "typst" | "chromium";
  /** `print.notes`: notes at the foot of the page or at the end of each section (typst; Chromium sets endnotes). */
  notes?: "footnotes" | "endnotes";
}

export interface BookMetadata {
  title: string;
  subtitle?: string;
  authors: Person[];
  contributors: Contributor[];
  publisher?: string;
  /** ISO 8601 as given: YYYY, YYYY-MM or YYYY-MM-DD. */
  date?: string;
  /** BCP 47 tag, e.g. "en", "en-GB". */
  language: string;
  /** Text direction of the language ("rtl" for Arabic, Hebrew, Persian, Urdu…). */
  direction: "ltr" | "rtl";
  identifier: BookIdentifier;
  description?: string;
  subjects: string[];
  rights?: string;
  /** Where and when the text first appeared. */
  source?: string;
  /** Book-relative path of the cover image asset, when the metadata names one. */
  cover?: string;
  /** ASCII, filename-safe: `OUT/<slug>.epub`. */
  slug: string;
  print: PrintOptions;
  /** How many heading levels the contents lists (`toc-depth`, 1–6, default 2). */
  tocDepth: number;
  /** The series the book belongs to (`series:`), with its number in it when given. */
  series?: { name: string; position?: number };
  /** Fields the metadata carries that imprint does not know; templates may use them. */
  extra: Record<string, unknown>;
}

export interface Heading {
  /** Unique within the whole book (namespaced when the Book is assembled), ASCII. */
  id: string;
  level: 1 | 2 | 3 | 4 | 5 | 6;
  /** Plain text (for contents, outline, running heads), in any script. */
  text: string;
  /** Inline polyglot HTML (italics etc. kept; no links, ids or note references). */
  html: string;
}

export interface Note {
  /** Unique within the whole book, e.g. "s1-note-3"; the reference's id is `ref-${id}`. */
  id: string;
  /** Display number (as the manuscript numbered it, else counted per file from 1). */
  label: string;
  /** Polyglot HTML of the note's blocks (no back-link: renderers add their own). */
  html: string;
  /** Its plain text (font subsets, summaries). */
  text: string;
}

export type BlockKind =
  | "paragraph"
  | "heading"
  | "list"
  | "quote"
  | "code"
  | "figure"
  | "table"
  | "rule"
  | "verse"
  | "definitions"
  | "division"
  | "other";

export interface ImageRef {
  /** Book-relative asset path as the HTML has it. */
  src: string;
  /** Alternative text; undefined when the attribute is absent. */
  alt?: string;
}

/** One top-level block of a section's text: a paragraph, a heading, a list, a code block… */
export interface Block {
  /** Unique within the whole book; the block's element carries it as its `id`. */
  id: string;
  kind: BlockKind;
  /** Polyglot HTML of the block: one element. Internal links are `#id` of an id in the Book. */
  html: string;
  /** Its plain text, as a reader sees it. */
  text: string;
  /** Every id the block's HTML holds (its own first), so links resolve without parsing HTML. */
  ids: string[];
  /** Images in the block. */
  images: ImageRef[];
  /** Ids of the notes the block refers to, in order. */
  noteRefs: string[];
  /** For kind "heading": the heading. */
  heading?: Heading;
  /** The file it came from (as diagnostics print it), and the 1-based line where known. */
  sourceFile: string;
  line?: number;
}

/** The contents as data: a tree of headings (any depth, any script). */
export interface OutlineEntry {
  /** Target id: a section's id (its opening) or a heading's id. */
  id: string;
  /** The section that holds the target. */
  sectionId: string;
  /** 1 for a section's entry, then the heading's level. */
  level: number;
  text: string;
  html: string;
  /** True for an untitled section's opening, labelled with its first words. */
  untitled?: boolean;
  /** In a packet: an entry for a `part:` group or for one item (its title and byline). */
  kind?: "part" | "item";
  children: OutlineEntry[];
}

export type SectionRole = "chapter" | "preface" | "introduction" | "foreword" | "afterword" | "appendix" | "epilogue" | "prologue";

/**
 * In a packet: what opens an item (one of the packet's `parts`) before its first section, so every
 * edition renders an item's front matter through the same section partial.
 */
export interface ItemOpening {
  /** Index of the item in the packet's `parts`. */
  index: number;
  /** The item's id prefix ("i1-"): its opener is `${namespace}title-page`, its note `${namespace}editorial-note`. */
  namespace: string;
  /** The item's own metadata (title, subtitle, authors, contributors, source, rights). */
  metadata: BookMetadata;
  editorialNote?: EditorialNote;
  /** "First published in …": the item's `source`, introduced in the packet's language. */
  sourceLine?: string;
  /** When the item is the first of a `part:` group: the part's title and the id of its heading. */
  partStart?: { title: string; id: string };
}

export interface Section {
  /** In a packet: set on an item's first section (its front matter and editorial note open it). */
  opening?: ItemOpening;
  /** Unique within the book; safe as a file name stem and an id ("s1", "s2"…, namespaced). */
  id: string;
  /** The Markdown file it came from, as diagnostics print it (relative to the working folder). */
  sourceFile: string;
  /** The section's own title: the level-1 heading that opens it; undefined for untitled text. */
  title?: Heading;
  /**
   * Note references the title heading carried (`<a class="noteref" …>`), kept apart from
   * `title.html` so contents and running heads stay free of them; templates put them after the title.
   */
  titleNoterefs?: string;
  /** Ids of the notes the title refers to. */
  titleNoteRefs?: string[];
  role: SectionRole;
  /**
   * The body, block by block, without the title heading. Note references appear as
   * `<a class="noteref" id="ref-NOTEID" href="#NOTEID" role="doc-noteref">LABEL</a>`.
   * Images refer to assets by their book-relative path (`images/figure.svg`).
   */
  blocks: Block[];
  /** Every heading among the blocks (levels 2–6), in order. */
  headings: Heading[];
  /** Plain-text label for contents, navigation and outlines: the title, or the opening words. */
  label: string;
  notes: Note[];
  /** Language override for this section, when the file declares one. */
  language?: string;
}

export interface EditorialNote {
  sourceFile: string;
  blocks: Block[];
  notes: Note[];
}

export interface Asset {
  /** Book-relative path, POSIX, no `..`: "images/figure.svg". Also the href the text uses. */
  path: string;
  mediaType: string;
  bytes: Uint8Array;
  /** Intrinsic size in pixels where known (raster images), for preflight and covers. */
  widthPx?: number;
  heightPx?: number;
}

export interface Book {
  metadata: BookMetadata;
  editorialNote?: EditorialNote;
  sections: Section[];
  /** Images and other files the text refers to (fonts are the renderers' business). */
  assets: Asset[];
  /**
   * The build's moment, ISO 8601 UTC without milliseconds ("2024-07-31T00:00:00Z"): from
   * SOURCE_DATE_EPOCH, else the manuscript's date, else 1980-01-01. Never the wall clock.
   */
  modified: string;
  /** The contents tree: one entry per section, its headings nested below it. */
  outline: OutlineEntry[];
  /**
   * For a reading packet: the books it is made of, in reading order. Empty for a single book. The
   * packet's `sections` are its introduction's, then every item's (the first of each carrying its
   * `opening`), then the closing sources page: renderers read `sections` as for any book.
   */
  parts: Book[];
  /** For an item of a packet: the title of the `part:` it is grouped under. */
  part?: string;
}

/** The book's text blocks in reading order, with the section (or "editorial-note") holding each. */
export function* allBlocks(book: Book): Generator<{ owner: string; block: Block }> {
  if (book.editorialNote) for (const block of book.editorialNote.blocks) yield { owner: "editorial-note", block };
  for (const s of book.sections) {
    // An item's editorial note is part of its opening section's document.
    for (const block of s.opening?.editorialNote?.blocks ?? []) yield { owner: s.id, block };
    for (const block of s.blocks) yield { owner: s.id, block };
  }
}

/** Every note of the book: the editorial note's, then each section's (an item's editorial note first). */
export function allNotes(book: Book): Note[] {
  return [...(book.editorialNote?.notes ?? []), ...book.sections.flatMap((s) => [...(s.opening?.editorialNote?.notes ?? []), ...s.notes])];
}

/** Id → the section id (or "editorial-note") whose document holds it: for links across documents. */
export function idOwners(book: Book): Map<string, string> {
  const owners = new Map<string, string>();
  if (book.editorialNote) {
    owners.set("editorial-note", "editorial-note");
    for (const n of book.editorialNote.notes) owners.set(n.id, "editorial-note").set(`ref-${n.id}`, "editorial-note");
  }
  for (const s of book.sections) {
    owners.set(s.id, s.id);
    if (s.title) owners.set(s.title.id, s.id);
    for (const n of s.notes) owners.set(n.id, s.id);
    if (s.opening) {
      const ns = s.opening.namespace;
      for (const id of [`${ns}title-page`, `${ns}editorial-note`, `${ns}editorial-note-title`]) owners.set(id, s.id);
      if (s.opening.partStart) owners.set(s.opening.partStart.id, s.id);
      for (const n of s.opening.editorialNote?.notes ?? []) owners.set(n.id, s.id).set(`ref-${n.id}`, s.id);
    }
  }
  for (const { owner, block } of allBlocks(book)) for (const id of block.ids) owners.set(id, owner);
  return owners;
}

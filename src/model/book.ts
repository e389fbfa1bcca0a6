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
  /** Fields the metadata carries that imprint does not know; templates may use them. */
  extra: Record<string, unknown>;
}

export interface Heading {
  /** Unique within the whole book. */
  id: string;
  level: 1 | 2 | 3 | 4 | 5 | 6;
  /** Plain text (for contents, outline, running heads). */
  text: string;
  /** Inline polyglot HTML (italics etc. kept). */
  html: string;
}

export interface Note {
  /** Unique within the whole book, e.g. "s1-note-3"; the reference's id is `ref-${id}`. */
  id: string;
  /** Display number, counted per section from 1 (or as the manuscript numbered it). */
  label: string;
  /** Polyglot HTML of the note's blocks (no back-link: renderers add their own). */
  html: string;
}

export type SectionRole = "chapter" | "preface" | "introduction" | "foreword" | "afterword" | "appendix" | "epilogue" | "prologue";

export interface Section {
  /** Unique within the book; safe as a file name stem and an id ("s1", "s2"… or a slug). */
  id: string;
  /** Manuscript-relative path of the Markdown file it came from (for diagnostics). */
  sourceFile: string;
  /** The section's own title when its text starts with a level-1 heading; else undefined. */
  title?: Heading;
  /**
   * Note references the title heading carried (`<a class="noteref" …>`), kept apart from
   * `title.html` so contents and running heads stay free of them; templates put them after the title.
   */
  titleNoterefs?: string;
  role: SectionRole;
  /**
   * Body, polyglot HTML, with the title heading (if any) removed. Note references appear as
   * `<a class="noteref" id="ref-NOTEID" href="#NOTEID" role="doc-noteref">LABEL</a>`.
   * Images refer to assets by their book-relative path (`images/figure.svg`).
   */
  html: string;
  /** Every heading inside `html` (levels 2–6, or 1 when a file has several), in order. */
  headings: Heading[];
  notes: Note[];
  /** Language override for this section, when the file declares one. */
  language?: string;
}

export interface EditorialNote {
  sourceFile: string;
  /** Polyglot HTML blocks. */
  html: string;
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
  /** For a reading packet: the books it is made of. Empty for a single book. */
  parts: Book[];
}

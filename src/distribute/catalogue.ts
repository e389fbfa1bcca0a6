/**
 * The contract between `imprint packet` (which builds the editions and knows what it wrote) and
 * the distribution writers (landing page, OPDS 1.2 and 2.0 feeds, zip, booklet). Everything a
 * catalogue shows is here, so the writers never open an edition or re-read a manuscript.
 * Paths are relative to the packet's output folder `OUT/<packet-slug>/`, with forward slashes.
 */

/** MARC relator codes, as in the EPUB's `role` refinements. */
export type Role = "aut" | "trl" | "edt" | "ill" | "ctb" | "pbl" | "aui" | "ed" | string;

export interface CataloguePerson {
  name: string;
  role: Role;
  fileAs?: string;
}

export interface CatalogueFile {
  /** e.g. "items/civil-disobedience.epub" or "reading-packet.pdf". */
  path: string;
  bytes: number;
  /** "application/epub+zip", "application/pdf", "text/html", "image/png", "application/zip". */
  mediaType: string;
}

export interface CatalogueEdition extends CatalogueFile {
  format: "epub" | "pdf" | "html" | "booklet" | "zip";
}

export interface CatalogueImage extends CatalogueFile {
  width: number;
  height: number;
}

export interface CatalogueEntry {
  /** The identifier from metadata (urn:uuid:…, urn:isbn:…). */
  identifier: string;
  slug: string;
  title: string;
  subtitle?: string;
  people: CataloguePerson[];
  language: string;
  /** Text direction of the language; derived from `language` when absent. */
  direction?: "ltr" | "rtl";
  /** Plain text (metadata `description`), for OPDS summaries and the landing page. */
  summary?: string;
  /** As written in metadata (YYYY, YYYY-MM or YYYY-MM-DD). */
  date?: string;
  /** ISO date-time of the last change (the build's `modified`). */
  modified: string;
  publisher?: string;
  rights?: string;
  /** "First published in … on …", when the item has a source. */
  source?: string;
  cover?: CatalogueImage;
  thumbnail?: CatalogueImage;
  editions: CatalogueEdition[];
}

export interface CataloguePart {
  title: string;
  /** Slugs of the items in this part, in order. */
  items: string[];
}

export interface Catalogue {
  packet: CatalogueEntry & {
    /** metadata `url`: where OUT/<packet-slug>/ is published; links are absolute when set. */
    url?: string;
  };
  /** Every item in reading order. */
  items: CatalogueEntry[];
  /** Empty when the packet has no parts. */
  parts: CataloguePart[];
}

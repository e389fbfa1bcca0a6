/**
 * What the catalogue writers share: links into the packet folder (relative, or absolute under the
 * packet's `url`), human sizes, the names of formats and of contributor roles.
 */
import type { Catalogue, CatalogueEdition, CatalogueEntry, CataloguePerson } from "./catalogue.js";

/** The packet's address with a trailing slash, when it is an http(s) URL; otherwise links stay relative. */
export function baseUrl(catalogue: Catalogue): string | undefined {
  const url = catalogue.packet.url;
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
  parsed.hash = "";
  parsed.search = "";
  if (!parsed.pathname.endsWith("/")) parsed.pathname += "/";
  return parsed.href;
}

/**
 * A link to a file of the packet folder. Every segment is percent-encoded, so a name can never
 * become a scheme (`javascript:`), a query or a fragment; a path that leaves the folder is a bug
 * in whoever made the catalogue.
 */
export function fileHref({ path, base }: { path: string; base?: string | undefined }): string {
  const segments = path.split("/");
  if (path.startsWith("/") || segments.some((s) => s === "" || s === "." || s === "..") || path.includes("\\")) {
    throw new Error(`catalogue path ${JSON.stringify(path)} is not a relative path inside the packet folder`);
  }
  const relative = segments.map((s) => encodeURIComponent(s)).join("/");
  return base ? new URL(relative, base).href : relative;
}

/** "820 bytes", "34 kB", "1.4 MB": decimal units, as phones and file managers show them. */
export function humanSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ["kB", "MB", "GB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** What each edition is called on the landing page and in feed link titles. */
export const FORMAT_LABELS: Readonly<Record<CatalogueEdition["format"], { name: string; use: string }>> = {
  epub: { name: "EPUB", use: "for e-readers and reading apps" },
  pdf: { name: "PDF", use: "to read or print as a book" },
  html: { name: "Web page", use: "to read in any browser" },
  booklet: { name: "Booklet PDF", use: "to print double-sided and fold" },
  zip: { name: "Zip", use: "every file in one download" },
};

/** Reading order for links: EPUB first (what reading apps want), then PDF, web, booklet, zip. */
const FORMAT_ORDER: ReadonlyArray<CatalogueEdition["format"]> = ["epub", "pdf", "html", "booklet", "zip"];

export function sortedEditions(editions: readonly CatalogueEdition[]): CatalogueEdition[] {
  return [...editions].sort((a, b) => FORMAT_ORDER.indexOf(a.format) - FORMAT_ORDER.indexOf(b.format) || a.path.localeCompare(b.path));
}

/**
 * MARC relator code → the Readium/OPDS 2.0 metadata key (contributors without a key of their own
 * go under `contributor` with their role) and the labels.yaml role name.
 */
export const ROLES: Readonly<Record<string, { opds?: string; label: string }>> = {
  aut: { opds: "author", label: "author" },
  trl: { opds: "translator", label: "translator" },
  edt: { opds: "editor", label: "editor" },
  ed: { opds: "editor", label: "editor" },
  ill: { opds: "illustrator", label: "illustrator" },
  nrt: { opds: "narrator", label: "narrator" },
  pbl: { opds: "publisher", label: "contributor" },
  ann: { label: "annotator" },
  aui: { label: "introduction" },
  aft: { label: "afterword" },
  pht: { label: "photographer" },
  dsr: { label: "designer" },
  com: { label: "compiler" },
  ctb: { label: "contributor" },
};

export const authorsOf = (entry: CatalogueEntry): CataloguePerson[] => entry.people.filter((p) => p.role === "aut");

/** The packet's editors stand as its authors when it has none of its own (Atom requires one). */
export function creditedAuthors(entry: CatalogueEntry): CataloguePerson[] {
  const authors = authorsOf(entry);
  return authors.length > 0 ? authors : entry.people.filter((p) => p.role === "edt" || p.role === "ed");
}

/** Full title for feeds: "Title: Subtitle". */
export const fullTitle = (entry: CatalogueEntry): string => (entry.subtitle ? `${entry.title}: ${entry.subtitle}` : entry.title);

/** An ISO date-time in UTC without milliseconds, as Atom and OPDS 2.0 want it. */
export function dateTime(value: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`catalogue date ${JSON.stringify(value)} is not a date-time`);
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The published date as OPDS 2.0 takes it (a date); a year or year-month gets its first day. */
export function publishedDate(date: string | undefined): string | undefined {
  if (!date) return undefined;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date);
  if (!m) return undefined;
  return `${m[1]}-${m[2] ?? "01"}-${m[3] ?? "01"}`;
}

/** The entries of a catalogue, packet first, each once. */
export const allEntries = (catalogue: Catalogue): CatalogueEntry[] => [catalogue.packet, ...catalogue.items];

/** The part an item is in, by slug. */
export function partOf(catalogue: Catalogue): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of catalogue.parts) for (const slug of part.items) map.set(slug, part.title);
  return map;
}

/**
 * What a packet hands out besides its editions: cover images (taken from each EPUB, where the
 * cover was already drawn, else drawn like the EPUB's), their thumbnails, and the Catalogue the
 * distribution writers (landing page, OPDS feeds) read, built from the files actually written.
 */
import { renderAsync } from "@resvg/resvg-js";
import { createHash } from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import type { Book, ContributorRole } from "../model/book.js";
import { coverAlt, makeCover, rasterize, svgCover, COVER_HEIGHT, COVER_WIDTH } from "../render/epub/cover.js";
import { labelsFor } from "../render/labels.js";
import { MARC_ROLES } from "../render/epub/package-opf.js";
import type { Templates } from "../render/templates.js";
import type { Catalogue, CatalogueEdition, CatalogueEntry, CatalogueImage, CataloguePerson } from "../distribute/catalogue.js";
import { sourceLine } from "../model/assemble-packet.js";
import { VERSION } from "../version.js";

export const THUMBNAIL_WIDTH = 320;

export interface CoverFiles {
  cover: { bytes: Uint8Array; width: number; height: number };
  thumbnail: { bytes: Uint8Array; width: number; height: number };
}

/** PNG header: width and height. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Any cover image (PNG, JPEG, SVG…) as a PNG `width` pixels wide, drawn by resvg (no browser
 * needed) on libuv's thread pool: the covers of many items are drawn at once, beside the main thread.
 */
async function toPng({ bytes, mediaType, width }: { bytes: Uint8Array; mediaType: string; width?: number }): Promise<Uint8Array> {
  const svg = mediaType === "image/svg+xml"
    ? Buffer.from(bytes)
    : (() => {
      const size = mediaType === "image/png" ? pngSize(bytes) : { width: COVER_WIDTH, height: COVER_HEIGHT };
      return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}"><image width="${size.width}" height="${size.height}" href="data:${mediaType};base64,${Buffer.from(bytes).toString("base64")}"/></svg>`);
    })();
  const r = await renderAsync(svg, { ...(width ? { fitTo: { mode: "width" as const, value: width } } : {}), font: { loadSystemFonts: mediaType === "image/svg+xml" } });
  return new Uint8Array(r.asPng());
}

/** The cover the EPUB carries (its `cover-image` item). */
async function coverFromEpub(epub: Uint8Array): Promise<{ bytes: Uint8Array; mediaType: string } | undefined> {
  // imprint's own EPUB: the package document, then only the one image it names, is inflated.
  const opfBytes = unzipSync(epub, { filter: (f) => f.name === "EPUB/package.opf" })["EPUB/package.opf"];
  const opf = opfBytes ? strFromU8(opfBytes) : undefined;
  const item = opf ? /<item\b[^>]*properties="cover-image"[^>]*\/>/.exec(opf)?.[0] : undefined;
  const href = item ? /href="([^"]+)"/.exec(item)?.[1] : undefined;
  const type = item ? /media-type="([^"]+)"/.exec(item)?.[1] : undefined;
  const name = href ? `EPUB/${decodeURI(href)}` : undefined;
  const bytes = name ? unzipSync(epub, { filter: (f) => f.name === name })[name] : undefined;
  return bytes && type ? { bytes, mediaType: type } : undefined;
}

export interface CoverSource {
  bytes: Uint8Array;
  mediaType: string;
}

/** The picture a Book's cover files are made from: its EPUB's cover, else one drawn like the EPUB's. */
export async function coverSource({ book, templates, epub }: { book: Book; templates: Templates; epub?: Uint8Array }): Promise<CoverSource> {
  const source = epub ? await coverFromEpub(epub) : undefined;
  if (source) return source;
  const made = await makeCover({ book, templates });
  return { bytes: made.cover.bytes, mediaType: made.cover.mediaType };
}

/**
 * The key of the cover files made from `source`: they depend on its bytes alone, so an item whose
 * text changed but whose cover did not (nearly every edit) reuses them.
 */
export function coverKey(source: CoverSource): string {
  return createHash("sha256").update(`imprint-cover\u0000${VERSION}\u0000${THUMBNAIL_WIDTH}\u0000${source.mediaType}\u0000`).update(source.bytes).digest("hex");
}

/** True when the Book's cover is the generated one (no cover image of its own among its files). */
function generatedCover(book: Book): boolean {
  const given = book.metadata.cover;
  return !given || !book.assets.some((a) => a.path === given);
}

/**
 * The cover and its thumbnail. A generated cover's thumbnail is drawn from its SVG at the
 * thumbnail's size (a few milliseconds), not scaled down from the 1600×2560 PNG (ten times that).
 */
export async function coverFiles({ book, templates, source }: { book: Book; templates: Templates; source: CoverSource }): Promise<CoverFiles> {
  const cover = source.mediaType === "image/png" ? source.bytes : await toPng({ ...source, width: COVER_WIDTH });
  let thumbnail: Uint8Array;
  if (generatedCover(book)) {
    const { svg, text } = await svgCover({ book, templates, alt: coverAlt(book), labels: labelsFor({ metadata: book.metadata, templates }) });
    const height = Math.round((COVER_HEIGHT * THUMBNAIL_WIDTH) / COVER_WIDTH);
    // The root element's own size, not the viewBox: resvg draws at that size.
    thumbnail = await rasterize({ svg: svg.replace(/(<svg\b[^>]*?)\swidth="\d+" height="\d+"/, `$1 width="${THUMBNAIL_WIDTH}" height="${height}"`), text });
  } else thumbnail = await toPng({ bytes: cover, mediaType: "image/png", width: THUMBNAIL_WIDTH });
  return { cover: { bytes: cover, ...pngSize(cover) }, thumbnail: { bytes: thumbnail, ...pngSize(thumbnail) } };
}

export function peopleOf(book: Book): CataloguePerson[] {
  const m = book.metadata;
  const role = (r: ContributorRole) => MARC_ROLES[r];
  return [
    ...m.authors.map((a) => ({ name: a.name, role: "aut", ...(a.fileAs ? { fileAs: a.fileAs } : {}) })),
    ...m.contributors.map((c) => ({ name: c.name, role: role(c.role), ...(c.fileAs ? { fileAs: c.fileAs } : {}) })),
  ];
}

export interface WrittenFile {
  path: string;
  bytes: number;
  mediaType: string;
}

const FORMAT_OF: Record<string, CatalogueEdition["format"]> = { "application/epub+zip": "epub", "application/pdf": "pdf", "text/html": "html", "application/zip": "zip" };

/** One catalogue entry, from the Book and the files written for it. */
export function catalogueEntry({ book, editions, cover, thumbnail, firstPublished }: { book: Book; editions: Array<WrittenFile & { booklet?: boolean }>; cover?: CatalogueImage; thumbnail?: CatalogueImage; firstPublished: string }): CatalogueEntry {
  const m = book.metadata;
  const entry: CatalogueEntry = {
    identifier: m.identifier.urn,
    slug: m.slug,
    title: m.title,
    people: peopleOf(book),
    language: m.language,
    modified: book.modified,
    editions: editions.map((e) => ({ path: e.path, bytes: e.bytes, mediaType: e.mediaType, format: e.booklet ? "booklet" : (FORMAT_OF[e.mediaType] ?? "html") })),
  };
  if (m.subtitle) entry.subtitle = m.subtitle;
  if (m.description) entry.summary = m.description;
  if (m.date) entry.date = m.date;
  if (m.publisher) entry.publisher = m.publisher;
  if (m.rights) entry.rights = m.rights;
  const line = sourceLine({ source: m.source, firstPublished });
  if (line) entry.source = line;
  if (cover) entry.cover = cover;
  if (thumbnail) entry.thumbnail = thumbnail;
  return entry;
}

export function catalogueOf({ packet, url, items, book }: { packet: CatalogueEntry; url?: string; items: CatalogueEntry[]; book: Book }): Catalogue {
  const parts: Catalogue["parts"] = [];
  book.parts.forEach((p, i) => {
    const slug = items[i]?.slug;
    if (p.part === undefined || slug === undefined) return;
    const last = parts.at(-1);
    if (last && last.title === p.part && book.parts[i - 1]?.part === p.part) last.items.push(slug);
    else parts.push({ title: p.part, items: [slug] });
  });
  return { packet: { ...packet, ...(url ? { url } : {}) }, items, parts };
}

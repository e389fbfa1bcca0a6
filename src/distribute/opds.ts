/**
 * The packet's catalogue for reading apps: `opds.xml`, an OPDS 1.2 acquisition feed (Atom, what
 * KOReader, Moon+ Reader and most apps read), and `opds.json`, the same as OPDS 2.0 (Thorium,
 * Readium-based apps). Both list the packet first, then every item, with each edition as an
 * open-access acquisition link (type and length), cover and thumbnail, authors and contributors,
 * language, summary and dates. Links are relative (the feed sits in the packet folder, so any
 * static host serves it) unless the packet has a `url`, then absolute.
 */
import { VERSION } from "../version.js";
import type { Catalogue, CatalogueEntry, CatalogueFile, CataloguePerson } from "./catalogue.js";
import { allEntries, baseUrl, creditedAuthors, dateTime, fileHref, FORMAT_LABELS, fullTitle, partOf, publishedDate, ROLES, sortedEditions } from "./links.js";

export const OPDS_XML_NAME = "opds.xml";
export const OPDS_JSON_NAME = "opds.json";
export const ACQUISITION_FEED_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition";
export const OPDS_JSON_TYPE = "application/opds+json";
const OPEN_ACCESS = "http://opds-spec.org/acquisition/open-access";
const IMAGE = "http://opds-spec.org/image";
const THUMBNAIL = "http://opds-spec.org/image/thumbnail";

/** XML 1.0 cannot carry C0 controls (but tab and line breaks), U+FFFE/U+FFFF or lone surrogates. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(value: string): string {
  return value.replace(NOT_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const el = (name: string, text: string | undefined, attrs = ""): string => (text === undefined || text === "" ? "" : `<${name}${attrs}>${xmlText(text)}</${name}>`);
const attr = (name: string, value: string | number | undefined): string => (value === undefined ? "" : ` ${name}="${xmlText(String(value))}"`);
const link = ({ rel, href, type, length, title }: { rel: string; href: string; type: string; length?: number; title?: string }): string =>
  `<link${attr("rel", rel)}${attr("href", href)}${attr("type", type)}${attr("length", length)}${attr("title", title)}/>`;

function latest(catalogue: Catalogue): string {
  return allEntries(catalogue).map((e) => dateTime(e.modified)).sort().at(-1) as string;
}

const person = (tag: "author" | "contributor", p: CataloguePerson): string => `<${tag}>${el("name", p.name)}</${tag}>`;

/** Cover and thumbnail; the cover stands in as the thumbnail when there is none (apps want both). */
function imageLinks(entry: CatalogueEntry): Array<{ rel: string; file: CatalogueFile }> {
  const out: Array<{ rel: string; file: CatalogueFile }> = [];
  if (entry.cover) out.push({ rel: IMAGE, file: entry.cover });
  const thumb = entry.thumbnail ?? entry.cover;
  if (thumb) out.push({ rel: THUMBNAIL, file: thumb });
  return out;
}

function xmlEntry({ entry, base, part, isPacket, landing }: { entry: CatalogueEntry; base: string | undefined; part: string | undefined; isPacket: boolean; landing: string }): string {
  const authors = isPacket ? creditedAuthors(entry) : entry.people.filter((p) => p.role === "aut");
  const others = entry.people.filter((p) => !authors.includes(p));
  const html = entry.editions.find((e) => e.format === "html");
  const lines = [
    el("title", entry.title),
    el("id", entry.identifier),
    el("updated", dateTime(entry.modified)),
    ...authors.map((p) => person("author", p)),
    ...others.map((p) => person("contributor", p)),
    el("dc:language", entry.language),
    el("dc:issued", entry.date),
    el("dc:publisher", entry.publisher),
    el("dc:source", entry.source),
    el("rights", entry.rights),
    entry.subtitle ? el("dc:alternative", fullTitle(entry)) : "",
    el("summary", entry.summary, ' type="text"'),
    part ? `<category${attr("term", part)}${attr("label", part)}/>` : "",
    ...imageLinks(entry).map(({ rel, file }) => link({ rel, href: fileHref({ path: file.path, base }), type: file.mediaType })),
    ...sortedEditions(entry.editions).map((e) => link({ rel: OPEN_ACCESS, href: fileHref({ path: e.path, base }), type: e.mediaType, length: e.bytes, title: FORMAT_LABELS[e.format].name })),
    // Atom wants an entry to point somewhere to read it: the web edition, else the landing page.
    link({ rel: "alternate", href: html ? fileHref({ path: html.path, base }) : landing, type: "text/html" }),
  ].filter(Boolean);
  return `  <entry>\n${lines.map((l) => `    ${l}`).join("\n")}\n  </entry>`;
}

/** `opds.xml`: an OPDS 1.2 acquisition feed of the packet and every item. */
export function opdsXml({ catalogue }: { catalogue: Catalogue }): string {
  const base = baseUrl(catalogue);
  const { packet } = catalogue;
  const parts = partOf(catalogue);
  const self = fileHref({ path: OPDS_XML_NAME, base });
  const landing = fileHref({ path: "index.html", base });
  const feedAuthors = creditedAuthors(packet);
  const authorLines = feedAuthors.length > 0 ? feedAuthors.map((p) => person("author", p)) : [`<author>${el("name", packet.publisher ?? packet.title)}</author>`];
  const head = [
    el("id", packet.identifier),
    el("title", packet.title),
    el("subtitle", packet.subtitle),
    el("updated", latest(catalogue)),
    ...authorLines,
    `<generator${attr("version", VERSION)}>imprint</generator>`,
    el("rights", packet.rights),
    packet.thumbnail || packet.cover ? el("icon", fileHref({ path: (packet.thumbnail ?? packet.cover)!.path, base })) : "",
    link({ rel: "self", href: self, type: ACQUISITION_FEED_TYPE }),
    link({ rel: "start", href: self, type: ACQUISITION_FEED_TYPE }),
    link({ rel: "alternate", href: landing, type: "text/html" }),
    link({ rel: "alternate", href: fileHref({ path: OPDS_JSON_NAME, base }), type: OPDS_JSON_TYPE }),
  ].filter(Boolean);
  const entries = [xmlEntry({ entry: packet, base, part: undefined, isPacket: true, landing }), ...catalogue.items.map((item) => xmlEntry({ entry: item, base, part: parts.get(item.slug), isPacket: false, landing }))];
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/terms/" xmlns:opds="http://opds-spec.org/2010/catalog"${attr("xml:lang", packet.language)}>\n` +
    head.map((l) => `  ${l}`).join("\n") +
    "\n" +
    entries.join("\n") +
    "\n</feed>\n"
  );
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const contributor = (p: CataloguePerson, withRole: boolean): Json => ({ name: p.name, ...(p.fileAs ? { sortAs: p.fileAs } : {}), ...(withRole ? { role: p.role } : {}) });

/** Readium metadata: every person under their role's key (`contributor` with the MARC role for the rest). */
function people(entry: CatalogueEntry, isPacket: boolean): Record<string, Json> {
  const out: Record<string, Json[]> = {};
  const authors = isPacket ? creditedAuthors(entry) : [];
  for (const p of entry.people) {
    const key = authors.includes(p) && p.role !== "aut" ? "editor" : ROLES[p.role]?.opds;
    (out[key ?? "contributor"] ??= []).push(contributor(p, key === undefined));
  }
  if (entry.publisher && !out.publisher) out.publisher = [{ name: entry.publisher }];
  return out;
}

function publication({ entry, base, catalogue, isPacket }: { entry: CatalogueEntry; base: string | undefined; catalogue: Catalogue; isPacket: boolean }): Json {
  const position = catalogue.items.indexOf(entry);
  const metadata: Record<string, Json> = {
    "@type": "http://schema.org/Book",
    identifier: entry.identifier,
    title: entry.title,
    ...(entry.subtitle ? { subtitle: entry.subtitle } : {}),
    ...people(entry, isPacket),
    language: entry.language,
    ...(entry.summary ? { description: entry.summary } : {}),
    modified: dateTime(entry.modified),
    ...(publishedDate(entry.date) ? { published: publishedDate(entry.date) as string } : {}),
    ...(isPacket ? {} : { belongsTo: { collection: [{ name: catalogue.packet.title, identifier: catalogue.packet.identifier, position: position + 1 }] } }),
  };
  const links: Json[] = sortedEditions(entry.editions).map((e) => ({ rel: OPEN_ACCESS, href: fileHref({ path: e.path, base }), type: e.mediaType, title: FORMAT_LABELS[e.format].name, ...(e.bytes > 0 ? { size: e.bytes } : {}) }));
  const images: Json[] = [entry.cover, entry.thumbnail].filter((i) => i !== undefined).map((i) => ({ href: fileHref({ path: i.path, base }), type: i.mediaType, width: i.width, height: i.height }));
  return { metadata, links, ...(images.length > 0 ? { images } : {}) };
}

/** `opds.json`: the OPDS 2.0 feed of the same: the packet and loose items, then a group per part. */
export function opdsJson({ catalogue }: { catalogue: Catalogue }): string {
  const base = baseUrl(catalogue);
  const inPart = partOf(catalogue);
  const { packet } = catalogue;
  const feed = {
    metadata: {
      title: packet.title,
      ...(packet.subtitle ? { subtitle: packet.subtitle } : {}),
      ...(packet.summary ? { description: packet.summary } : {}),
      modified: latest(catalogue),
      numberOfItems: catalogue.items.length + 1,
    },
    links: [
      { rel: "self", href: fileHref({ path: OPDS_JSON_NAME, base }), type: OPDS_JSON_TYPE },
      { rel: "start", href: fileHref({ path: OPDS_JSON_NAME, base }), type: OPDS_JSON_TYPE },
      { rel: "alternate", href: fileHref({ path: "index.html", base }), type: "text/html" },
      { rel: "alternate", href: fileHref({ path: OPDS_XML_NAME, base }), type: ACQUISITION_FEED_TYPE },
    ],
    publications: [packet, ...catalogue.items.filter((i) => !inPart.has(i.slug))].map((entry) => publication({ entry, base, catalogue, isPacket: entry === packet })),
    ...(catalogue.parts.length > 0
      ? {
          groups: catalogue.parts
            .map((part) => ({ part, items: part.items.map((slug) => catalogue.items.find((i) => i.slug === slug)).filter((i) => i !== undefined) }))
            .filter(({ items }) => items.length > 0)
            .map(({ part, items }) => ({ metadata: { title: part.title, numberOfItems: items.length }, publications: items.map((entry) => publication({ entry, base, catalogue, isPacket: false })) })),
        }
      : {}),
  };
  return JSON.stringify(feed, null, 2) + "\n";
}

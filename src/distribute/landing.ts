/**
 * The packet's landing page `index.html`, rendered from templates/landing.liquid with
 * templates/landing.css inlined (a packet's own templates/ folder overrides either, as for the
 * editions). One page that works from any static host or straight out of the zip: covers are
 * linked relatively (covers/*.png sit beside it), nothing else is loaded, no script runs (its
 * Content-Security-Policy says so), dark mode follows the system. Everything shown comes from
 * the catalogue, which comes from untrusted manuscripts, so the template escapes every value
 * (LiquidJS output escaping) and links go through fileHref's percent-encoding.
 */
import type { BookMetadata } from "../model/book.js";
import { formatDate, labelsFor, type Labels } from "../render/labels.js";
import { createTemplates, type Templates } from "../render/templates.js";
import type { Catalogue, CatalogueEdition, CatalogueEntry, CatalogueImage, CataloguePerson } from "./catalogue.js";
import { baseUrl, fileHref, FORMAT_LABELS, humanSize, ROLES, sortedEditions } from "./links.js";
import { OPDS_JSON_NAME, OPDS_XML_NAME } from "./opds.js";
import { qrSvg } from "./qr.js";

export const LANDING_TEMPLATE = "landing.liquid";
export const LANDING_STYLES = "landing.css";

export interface LandingOptions {
  catalogue: Catalogue;
  /** The packet's templates (its own templates/ folder over the built-in ones); default built-in. */
  templates?: Templates;
}

/** The words of the landing page itself; a packet's labels.yaml can change them under `landing:`. */
const WORDS = {
  download: "Download",
  contents: "Contents",
  readingApps: "In a reading app",
  readingAppsText: "Add this catalogue to KOReader, Thorium, Moon+ Reader or any OPDS reader to browse and download every text:",
  online: "Online at",
  scan: "Scan to open this page on a phone.",
  publishedBy: "Published by",
  editions: "Editions",
};

const RTL = new Set(["ar", "arc", "dv", "fa", "ha", "he", "khw", "ks", "ku", "ps", "sd", "ur", "yi"]);

function directionOf(entry: CatalogueEntry): "ltr" | "rtl" {
  if (entry.direction) return entry.direction;
  const primary = entry.language.split("-")[0]?.toLowerCase() ?? "";
  return RTL.has(primary) || /-(Arab|Hebr|Thaa|Syrc|Nkoo|Adlm|Rohg)\b/.test(entry.language) ? "rtl" : "ltr";
}

/** "A", "A and B", "A, B and C" in the page's language. */
function names(people: readonly CataloguePerson[], and: string): string {
  const list = people.map((p) => p.name);
  return list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} ${and} ${list.at(-1)}`;
}

/** "Translated by X", "Edited by Y and Z": one line per role, in the order roles first appear. */
function credits({ people, labels, and }: { people: readonly CataloguePerson[]; labels: Labels; and: string }): string[] {
  const roles = (labels.roles ?? {}) as Record<string, unknown>;
  const byRole = new Map<string, CataloguePerson[]>();
  for (const p of people) {
    if (p.role === "aut") continue;
    const name = ROLES[p.role]?.label ?? "contributor";
    byRole.set(name, [...(byRole.get(name) ?? []), p]);
  }
  return [...byRole].map(([role, list]) => {
    const label = typeof roles[role] === "string" ? (roles[role] as string) : typeof roles.contributor === "string" ? (roles.contributor as string) : "With contributions by";
    return `${label} ${names(list, and)}`;
  });
}

const edition = (e: CatalogueEdition) => ({
  href: fileHref({ path: e.path }),
  format: e.format,
  name: FORMAT_LABELS[e.format].name,
  use: FORMAT_LABELS[e.format].use,
  size: humanSize(e.bytes),
  bytes: e.bytes,
  mediaType: e.mediaType,
});

const image = (i: CatalogueImage | undefined) => (i ? { src: fileHref({ path: i.path }), width: i.width, height: i.height } : undefined);

function entryData({ entry, labels, and, language }: { entry: CatalogueEntry; labels: Labels; and: string; language: string }) {
  const authors = entry.people.filter((p) => p.role === "aut");
  return {
    slug: entry.slug,
    anchor: `item-${entry.slug}`,
    title: entry.title,
    subtitle: entry.subtitle,
    authors: names(authors, and),
    credits: credits({ people: entry.people, labels, and }),
    summary: entry.summary,
    source: entry.source,
    date: entry.date ? formatDate({ date: entry.date, language }) : undefined,
    publisher: entry.publisher,
    rights: entry.rights,
    // Only set where it differs from the page, so screen readers switch voices for that item.
    language: entry.language === language ? undefined : entry.language,
    direction: directionOf(entry),
    cover: image(entry.cover ?? entry.thumbnail),
    thumbnail: image(entry.thumbnail ?? entry.cover),
    editions: sortedEditions(entry.editions).map(edition),
  };
}

/** The labels of the packet's language, with the landing page's own words under `landing`. */
function pageLabels({ catalogue, templates }: { catalogue: Catalogue; templates: Templates }): Labels {
  // labelsFor reads only the language and date of a Book's metadata.
  const metadata = { language: catalogue.packet.language, date: catalogue.packet.date } as Pick<BookMetadata, "language" | "date">;
  const labels = labelsFor({ metadata: metadata as BookMetadata, templates });
  const own = (labels.landing ?? {}) as Record<string, unknown>;
  const words = Object.fromEntries(Object.entries(WORDS).map(([k, v]) => [k, typeof own[k] === "string" ? (own[k] as string) : v]));
  return { ...labels, landing: words };
}

/** The phone-readable landing page `index.html`: self-contained, no scripts, dark mode. */
export async function landingPage({ catalogue, templates = createTemplates() }: LandingOptions): Promise<string> {
  const labels = pageLabels({ catalogue, templates });
  const and = typeof labels.and === "string" ? labels.and : "and";
  const language = catalogue.packet.language;
  const items = new Map(catalogue.items.map((i) => [i.slug, entryData({ entry: i, labels, and, language })]));
  const inPart = new Set(catalogue.parts.flatMap((p) => p.items));
  // Items outside any part come first, as they do in the packet's own contents.
  const groups = [
    { title: undefined as string | undefined, items: catalogue.items.filter((i) => !inPart.has(i.slug)).map((i) => items.get(i.slug)) },
    ...catalogue.parts.map((p) => ({ title: p.title as string | undefined, items: p.items.map((slug) => items.get(slug)) })),
  ]
    .map((g) => ({ title: g.title, items: g.items.filter((i) => i !== undefined) }))
    .filter((g) => g.items.length > 0);
  const address = baseUrl(catalogue);
  const packet = { ...entryData({ entry: catalogue.packet, labels, and, language }), language, editors: credits({ people: catalogue.packet.people, labels, and }) };
  return templates.render(LANDING_TEMPLATE, {
    packet,
    groups,
    hasParts: catalogue.parts.length > 0,
    itemCount: catalogue.items.length,
    labels,
    words: labels.landing,
    styles: templates.text(LANDING_STYLES),
    feeds: { xml: fileHref({ path: OPDS_XML_NAME }), json: fileHref({ path: OPDS_JSON_NAME }) },
    ...(address ? { address, qr: await qrSvg({ url: address, label: `QR code for ${address}` }) } : {}),
  });
}

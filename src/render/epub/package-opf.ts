/**
 * The package document's data: metadata taken only from `book.metadata` (nothing invented: no
 * rights, date or identifier that the manuscript does not give or derive), manifest and spine.
 * The XML itself comes from the `epub-package.opf.liquid` template.
 */
import type { BookMetadata, ContributorRole } from "../../model/book.js";
import type { Templates } from "../templates.js";
import type { AccessibilityMetadata } from "./accessibility.js";

/** MARC relator codes (https://id.loc.gov/vocabulary/relators). */
export const MARC_ROLES: Record<ContributorRole, string> = {
  author: "aut",
  translator: "trl",
  editor: "edt",
  illustrator: "ill",
  annotator: "ann",
  // "Author of introduction, etc." covers forewords and prefaces in MARC.
  introduction: "aui",
  foreword: "aui",
  // "Author of afterword, colophon, etc."
  afterword: "aft",
  photographer: "pht",
  designer: "dsr",
  compiler: "com",
  contributor: "ctb",
  narrator: "nrt",
};

export interface ManifestItem {
  id: string;
  href: string;
  mediaType: string;
  properties?: string;
}

export interface SpineItem {
  idref: string;
  linear: boolean;
}

export interface OpfPerson {
  id: string;
  name: string;
  fileAs?: string;
  role: string;
}

export interface PackageData {
  language: string;
  direction: "ltr" | "rtl";
  identifier: string;
  title: string;
  subtitle?: string;
  creators: OpfPerson[];
  contributors: OpfPerson[];
  publisher?: string;
  /** dc:date as written: a date-time at noon UTC (see opfDate). */
  date?: string;
  series?: { name: string; position?: string };
  description?: string;
  subjects: string[];
  rights?: string;
  source?: string;
  modified: string;
  accessibility: AccessibilityMetadata;
  manifest: ManifestItem[];
  spine: SpineItem[];
}

export function packageData(options: {
  metadata: BookMetadata;
  modified: string;
  accessibility: AccessibilityMetadata;
  manifest: ManifestItem[];
  spine: SpineItem[];
  /** A packet's items: every author and contributor of each is credited too, once per name and role. */
  parts?: readonly BookMetadata[];
}): PackageData {
  const { metadata } = options;
  const creators = metadata.authors.map((a, i) => person(`creator-${i + 1}`, a.name, a.fileAs, "aut"));
  // An "author" listed among contributors is still a creator.
  const contributors: OpfPerson[] = [];
  for (const c of metadata.contributors) {
    if (c.role === "author") creators.push(person(`creator-${creators.length + 1}`, c.name, c.fileAs, "aut"));
    else contributors.push(person(`contributor-${contributors.length + 1}`, c.name, c.fileAs, MARC_ROLES[c.role]));
  }
  const credited = new Set([...creators, ...contributors].map((p) => `${p.role}\u0000${p.name}`));
  const credit = (list: OpfPerson[], prefix: string, name: string, fileAs: string | undefined, role: string): void => {
    const key = `${role}\u0000${name}`;
    if (credited.has(key)) return;
    credited.add(key);
    list.push(person(`${prefix}-${list.length + 1}`, name, fileAs, role));
  };
  for (const part of options.parts ?? []) {
    for (const a of part.authors) credit(creators, "creator", a.name, a.fileAs, "aut");
    for (const c of part.contributors) {
      if (c.role === "author") credit(creators, "creator", c.name, c.fileAs, "aut");
      else credit(contributors, "contributor", c.name, c.fileAs, MARC_ROLES[c.role]);
    }
  }
  const data: PackageData = {
    language: metadata.language,
    direction: metadata.direction,
    identifier: metadata.identifier.urn,
    title: metadata.title,
    creators,
    contributors,
    subjects: metadata.subjects,
    modified: options.modified,
    accessibility: options.accessibility,
    manifest: options.manifest,
    spine: options.spine,
  };
  if (metadata.subtitle) data.subtitle = metadata.subtitle;
  if (metadata.publisher) data.publisher = metadata.publisher;
  if (metadata.date) data.date = opfDate(metadata.date);
  if (metadata.series) data.series = { name: metadata.series.name, ...(metadata.series.position !== undefined ? { position: String(metadata.series.position) } : {}) };
  if (metadata.description) data.description = metadata.description;
  if (metadata.rights) data.rights = metadata.rights;
  if (metadata.source) data.source = metadata.source;
  return data;
}

/**
 * The manuscript's date as dc:date. calibre reads a date without a time as midnight UTC and then
 * moves it a day back (its guard against time zones west of UTC: 2024-07-31 showed as
 * 2024-07-30), and fills a missing month and day from today's month and the 15th ("1848" showed
 * as 1848-12-15). A date-time at noon UTC is the same calendar day in every time zone from
 * UTC−12 to UTC+11, so every reader shows the day the manuscript gives. A year or a month is
 * written as its first day, the way calibre and stores keep an incomplete date; the imprint page
 * still shows only what the manuscript says.
 */
export function opfDate(date: string): string {
  const [y, m = "01", d = "01"] = date.split("-");
  return `${y}-${m}-${d}T12:00:00Z`;
}

function person(id: string, name: string, fileAs: string | undefined, role: string): OpfPerson {
  const p: OpfPerson = { id, name, role };
  if (fileAs) p.fileAs = fileAs;
  return p;
}

export async function renderPackageOpf({ templates, data }: { templates: Templates; data: PackageData }): Promise<string> {
  return templates.render("epub-package.opf.liquid", { package: data });
}

/**
 * A word-processor document's own metadata, gathered for metadata.yaml: what pandoc reports in
 * its JSON `meta` (read from the Title/Subtitle/Author/Date/Abstract paragraphs of a .docx) and
 * what the document's property part holds (docProps/core.xml of a .docx, meta.xml of an .odt:
 * keywords, subject, language, which pandoc 2.17 and 3.x leave out). pandoc's values win, since
 * they are what the reader sees on the page; the properties fill the gaps.
 */
import { parseDocument } from "htmlparser2";
import type { ChildNode, Element } from "domhandler";
import { diag, type Diagnostic } from "../diagnostics.js";
import { isIsoDate } from "../load/metadata.js";
import { metaText, metaTexts, type Json } from "./pandoc-ast.js";

export interface DocumentMetadata {
  title?: string;
  subtitle?: string;
  authors?: string[];
  /** As the document writes it; normalised by `normaliseDate`. */
  date?: string;
  description?: string;
  subjects?: string[];
  language?: string;
  /**
   * Who made the file, per its properties (dc:creator, meta:initial-creator). Often not the
   * author (a department, "Admin", whoever typed it up), so it is offered, not written.
   */
  creator?: string[];
}

/** pandoc's `meta` object (from `-t json`) → metadata. */
export function fromPandocMeta(meta: Record<string, Json> | undefined): DocumentMetadata {
  if (!meta) return {};
  const out: DocumentMetadata = {};
  const set = <K extends keyof DocumentMetadata>(key: K, value: DocumentMetadata[K] | undefined): void => {
    if (value !== undefined && (!Array.isArray(value) || value.length > 0)) out[key] = value;
  };
  set("title", metaText(meta.title));
  set("subtitle", metaText(meta.subtitle));
  set("authors", metaTexts(meta.author));
  set("date", metaText(meta.date));
  set("description", metaText(meta.abstract) ?? metaText(meta.description));
  set("subjects", uniq([...metaTexts(meta.keywords), ...metaTexts(meta.subject)]));
  set("language", metaText(meta.lang));
  return out;
}

function uniq(list: string[]): string[] {
  return [...new Set(list)];
}

/** Every element of an XML document by its qualified name (prefix included, as written). */
function elements(xml: string): Element[] {
  const found: Element[] = [];
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) {
      if (n.type === "tag") {
        found.push(n);
        walk(n.children);
      }
    }
  };
  walk(parseDocument(xml, { xmlMode: true, decodeEntities: true }).children);
  return found;
}

function textOf(node: ChildNode): string {
  if (node.type === "text") return node.data;
  return "children" in node ? node.children.map(textOf).join("") : "";
}

function firstText(all: Element[], name: string): string | undefined {
  const el = all.find((e) => e.name === name);
  const text = el ? textOf(el).replace(/\s+/g, " ").trim() : "";
  return text === "" ? undefined : text;
}

const splitList = (value: string | undefined, by: RegExp): string[] =>
  value === undefined ? [] : value.split(by).map((s) => s.trim()).filter((s) => s !== "");

/** docProps/core.xml of a .docx (and, for the language, word/styles.xml's default run). */
export function fromDocxProperties(options: { coreXml?: string; stylesXml?: string }): DocumentMetadata {
  const out: DocumentMetadata = {};
  if (options.coreXml) {
    const all = elements(options.coreXml);
    const title = firstText(all, "dc:title");
    if (title) out.title = title;
    const creator = splitList(firstText(all, "dc:creator"), /;/);
    if (creator.length > 0) out.creator = creator;
    const description = firstText(all, "dc:description");
    if (description) out.description = description;
    const subjects = uniq([...splitList(firstText(all, "cp:keywords"), /[,;]/), ...splitList(firstText(all, "dc:subject"), /;/)]);
    if (subjects.length > 0) out.subjects = subjects;
    const language = firstText(all, "dc:language");
    if (language) out.language = language;
  }
  if (!out.language && options.stylesXml) {
    // Word keeps the document language on the default run properties: <w:rPrDefault><w:rPr><w:lang w:val="…">.
    const defaults = elements(options.stylesXml).find((e) => e.name === "w:rPrDefault");
    const lang = defaults ? elementsUnder(defaults).find((e) => e.name === "w:lang")?.attribs["w:val"] : undefined;
    if (lang) out.language = lang;
  }
  return out;
}

function elementsUnder(el: Element): Element[] {
  const found: Element[] = [];
  const walk = (nodes: ChildNode[]): void => {
    for (const n of nodes) if (n.type === "tag") (found.push(n), walk(n.children));
  };
  walk(el.children);
  return found;
}

/** meta.xml of an .odt; pandoc's .odt writer also keeps subtitle, date and abstract as user fields. */
export function fromOdtMeta(xml: string | undefined): DocumentMetadata {
  if (!xml) return {};
  const all = elements(xml);
  const out: DocumentMetadata = {};
  const user = (name: string): string | undefined => {
    const el = all.find((e) => e.name === "meta:user-defined" && e.attribs["meta:name"] === name);
    const text = el ? textOf(el).trim() : "";
    return text === "" ? undefined : text;
  };
  const title = firstText(all, "dc:title");
  if (title) out.title = title;
  const subtitle = user("subtitle");
  if (subtitle) out.subtitle = subtitle;
  const creator = splitList(firstText(all, "meta:initial-creator") ?? firstText(all, "dc:creator"), /;/);
  if (creator.length > 0) out.creator = creator;
  const date = user("date");
  if (date) out.date = date;
  const description = user("abstract") ?? firstText(all, "dc:description");
  if (description) out.description = description;
  const keywords = all.filter((e) => e.name === "meta:keyword").flatMap((e) => splitList(textOf(e), /[,;]/));
  const subjects = uniq([...keywords, ...splitList(firstText(all, "dc:subject"), /;/)]);
  if (subjects.length > 0) out.subjects = subjects;
  const language = firstText(all, "dc:language");
  if (language) out.language = language;
  return out;
}

/** Field by field: the first source that has a value wins. */
export function mergeMetadata(...sources: DocumentMetadata[]): DocumentMetadata {
  const out: Record<string, string | string[]> = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) {
      if (out[key] === undefined && value !== undefined) out[key] = value;
    }
  }
  return out as DocumentMetadata;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

function monthNumber(name: string): number | undefined {
  const n = name.toLowerCase().replace(/\.$/, "");
  if (n.length < 3) return undefined;
  const index = MONTHS.findIndex((m) => m.startsWith(n));
  return index === -1 ? undefined : index + 1;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/**
 * A document's date as ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD), or undefined when it cannot be
 * read without guessing. Understood: ISO dates and date-times, "July 28, 2014", "28 July 2014",
 * "July 2014". Numeric forms like 04/03/2021 are ambiguous (day or month first) and left out.
 */
export function normaliseDate(raw: string): string | undefined {
  const value = raw.trim();
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (iso) {
    const date = [iso[1], iso[2], iso[3]].filter((p) => p !== undefined).join("-");
    return isIsoDate(date) ? date : undefined;
  }
  const mdy = /^([A-Za-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(value);
  const dmy = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+\.?),?\s+(\d{4})$/.exec(value);
  const my = /^([A-Za-z]+\.?),?\s+(\d{4})$/.exec(value);
  let candidate: string | undefined;
  if (mdy) {
    const m = monthNumber(mdy[1] ?? "");
    if (m) candidate = `${mdy[3]}-${pad(m)}-${pad(Number(mdy[2]))}`;
  } else if (dmy) {
    const m = monthNumber(dmy[2] ?? "");
    if (m) candidate = `${dmy[3]}-${pad(m)}-${pad(Number(dmy[1]))}`;
  } else if (my) {
    const m = monthNumber(my[1] ?? "");
    if (m) candidate = `${my[2]}-${pad(m)}`;
  }
  return candidate !== undefined && isIsoDate(candidate) ? candidate : undefined;
}

/** The metadata with its date normalised; an unreadable date is left out with a warning. */
export function withIsoDate(options: { file: string; metadata: DocumentMetadata }): { metadata: DocumentMetadata; diagnostics: Diagnostic[] } {
  const { date, ...rest } = options.metadata;
  if (date === undefined) return { metadata: rest, diagnostics: [] };
  const iso = normaliseDate(date);
  if (iso !== undefined) return { metadata: { ...rest, date: iso }, diagnostics: [] };
  return {
    metadata: rest,
    diagnostics: [diag("import/metadata", { file: options.file, field: "date", message: `the document's date "${date}" is not a date imprint can read without guessing, so it was left out of metadata.yaml; add date: "YYYY-MM-DD" by hand` })],
  };
}

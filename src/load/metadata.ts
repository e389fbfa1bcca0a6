/**
 * metadata.yaml → validated BookMetadata. Parsed with `yaml` (1.2 core schema), validated with zod;
 * every problem names file, line, column and field and says what would be valid.
 */
import { createRequire } from "node:module";
import { registeredTagQuickly } from "./language-fast.js";
// zod/mini: the same checks as zod's classic API in a fraction of its code (every build validates
// metadata, and the classic bundle with its locales took ~40 ms of each start-up). Its English
// messages are configured once here; imprint's own messages replace nearly all of them.
import * as z from "zod/mini";
import { en } from "zod/locales";

z.config(en());
import { diag, hasErrors, type Diagnostic } from "../diagnostics.js";
import type { BookMetadata, ContributorRole, PrintOptions, TrimName } from "../model/book.js";
import { derivedIdentifier, parseIdentifier, SLUG_RE, slugify } from "./identifiers.js";
import { codePointLabel, findBadCharacter } from "./characters.js";
import { parseYaml, RESERVED_KEYS, type ParsedYaml } from "./yaml-source.js";

export const CONTRIBUTOR_ROLES = [
  "author", "translator", "editor", "illustrator", "annotator", "introduction", "foreword", "afterword",
  "photographer", "designer", "compiler", "contributor", "narrator",
] as const satisfies readonly ContributorRole[];

/** Trim sizes by name, in millimetres (inches × 25.4). */
export const TRIM_SIZES: Record<TrimName, { widthMm: number; heightMm: number }> = {
  "6x9": { widthMm: 152.4, heightMm: 228.6 },
  "5x8": { widthMm: 127, heightMm: 203.2 },
  "5.5x8.5": { widthMm: 139.7, heightMm: 215.9 },
  a5: { widthMm: 148, heightMm: 210 },
  letter: { widthMm: 215.9, heightMm: 279.4 },
  a4: { widthMm: 210, heightMm: 297 },
};

export const KNOWN_FIELDS = [
  "title", "subtitle", "authors", "contributors", "publisher", "date", "language", "identifier", "description",
  "subjects", "rights", "source", "cover", "slug", "contents", "print", "toc-depth", "series",
] as const;

const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** A four-digit whole number (YAML reads `date: 2024` as one) as the year it is; anything else as it is. */
export function yearAsText(value: unknown): unknown {
  return typeof value === "number" && Number.isInteger(value) && value >= 1000 && value <= 9999 ? String(value) : value;
}

/** YYYY, YYYY-MM or YYYY-MM-DD that exists on the calendar. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [, y, mo, d] = m;
  if (mo === undefined) return true;
  const month = Number(mo);
  if (month < 1 || month > 12) return false;
  if (d === undefined) return true;
  const day = Number(d);
  const days = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  return day >= 1 && day <= days;
}

type LanguageTags = typeof import("language-tags");
let languageTags: LanguageTags | undefined;
/**
 * language-tags, loaded at the first tag checked rather than with this module: reading its 1.4 MB
 * registry takes ~25 ms, which then runs while pandoc's version probe does (src/load-book.ts).
 */
const languageTag = (tag: string): ReturnType<LanguageTags> => (languageTags ??= createRequire(import.meta.url)("language-tags") as LanguageTags)(tag);

// The script subtag repeating the language's own (en-Latn) is redundant, not wrong: EPUB readers take it.
const SUPPRESS_SCRIPT = 10;

/**
 * Why `value` is not a registered BCP 47 tag, or undefined when it is. Checked against the IANA
 * Language Subtag Registry (language-tags), not just the syntax: `english` is well-formed but no
 * language, and an EPUB carrying it fails EPUBCheck (OPF-092) only at the very end of a build.
 */
export function languageProblem(value: string): string | undefined {
  if (registeredTagQuickly(value)) return undefined;
  const errors = languageTag(value).errors().filter((e) => e.code !== SUPPRESS_SCRIPT);
  if (errors.length === 0) return undefined;
  let better: string | undefined;
  try {
    better = Intl.getCanonicalLocales(value)[0];
  } catch {
    better = undefined;
  }
  const reason = (errors[0]?.message ?? "unknown tag").replace(/\.$/, "");
  const instead = better && better !== value && languageTag(better).valid() ? `use "${better}"` : 'use a tag such as "en", "en-GB", "es-419", "ar" or "zh-Hant"';
  return `"${value}" is not a registered BCP 47 language tag (${reason}); ${instead}`;
}

// Fields whose text may run over several lines (and hold tabs); everywhere else a line break is a mistake.
const MULTI_LINE_FIELDS = new Set(["description", "rights", "source"]);

export const text = (what: string) =>
  z.string({
    error: (i) =>
      i.input === undefined ? `${what} is required`
      : Array.isArray(i.input) ? `${what} must be one line of text, not a list`
      : i.input !== null && typeof i.input === "object" ? `${what} must be one line of text, not \`key: value\` lines (a text holding ": " goes in quotes: "Part: Two")`
      : `${what} must be text (put it in quotes if it looks like a number or date)`,
  }).check(z.trim(), z.minLength(1, `${what} must not be empty`));

export const person = z.union(
  [text("a name"), z.object({ name: text("name"), "file-as": z.optional(text("file-as")) }, { error: "must be a name, or `name:` with an optional `file-as:`" })],
  { error: "must be a name, or `name:` with an optional `file-as:`" },
);

const lengthMm = z.union([z.number().check(z.positive()), z.string().check(z.regex(/^\d+(\.\d+)?\s*(mm|cm|in|pt)$/, "a length like 152.4mm, 6in or 432pt"))]);

/** `print:`, shared with packet.yaml. */
export const printSchema = z.optional(
  z.strictObject({
    trim: z.optional(
      z.union([
        z.enum(Object.keys(TRIM_SIZES) as [TrimName, ...TrimName[]]),
        z.object({ width: lengthMm, height: lengthMm }),
      ], { error: `trim must be one of ${Object.keys(TRIM_SIZES).join(", ")}, or { width: 6in, height: 9in }` }),
    ),
    bleed: z.optional(z.boolean({ error: "bleed must be true or false" })),
    paper: z.optional(z.enum(["white", "cream"], { error: "paper must be white or cream" })),
    preflight: z.optional(z.enum(["kdp", "ingram", "none"], { error: "preflight must be kdp, ingram or none" })),
    engine: z.optional(z.enum(["typst", "chromium"], { error: "engine must be typst or chromium" })),
    notes: z.optional(z.enum(["footnotes", "endnotes"], { error: "notes must be footnotes or endnotes" })),
  }, { error: "print must be a block with trim, bleed, paper, preflight, engine and notes" }),
);

/** `date:` in metadata.yaml and packet.yaml: `date: 2024` is a YAML number, a year as `date: "2024"` is. */
export const dateSchema = (typeError: string) =>
  z.optional(z.pipe(z.transform(yearAsText), z.string({ error: typeError }).check(z.refine(isIsoDate, {
    message: "date is not an ISO 8601 calendar date (use YYYY-MM-DD, YYYY-MM or YYYY)",
  }))));

/** `language:`: a registered BCP 47 tag (see languageProblem). */
export const languageSchema = z.string({ error: 'language is required: a BCP 47 tag such as "en", "en-GB" or "es-419"' }).check(z.superRefine((value, ctx) => {
  const problem = languageProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
}));

/** Fields metadata.yaml and packet.yaml check alike, in this order, after `language`. */
export const DESCRIBED = {
  identifier: z.optional(z.string({ error: "identifier must be an ISBN or a UUID, as text" })),
  description: z.optional(text("description")),
  subjects: z.optional(z.union([text("subject"), z.array(text("subject"))])),
  rights: z.optional(text("rights")),
};

const schema = z.object({
  title: text("title"),
  subtitle: z.optional(text("subtitle")),
  authors: z.optional(z.union([person, z.array(person).check(z.minLength(1, "authors must list at least one author"))], { error: "authors must be a name, or a list of them (each a name, or `name:` with an optional `file-as:`)" })),
  contributors: z.optional(
    z.array(
      z.object({
        name: text("name"),
        "file-as": z.optional(text("file-as")),
        role: z.enum(CONTRIBUTOR_ROLES, { error: `role must be one of: ${CONTRIBUTOR_ROLES.join(", ")}` }),
      }, { error: "each contributor needs `name:` and `role:`" }),
      { error: "contributors must be a list of `- name: …` / `role: …` entries" },
    ),
  ),
  publisher: z.optional(text("publisher")),
  date: dateSchema("date must be an ISO 8601 date in quotes or plain: YYYY, YYYY-MM or YYYY-MM-DD"),
  language: languageSchema,
  ...DESCRIBED,
  source: z.optional(text("source")),
  cover: z.optional(text("cover")),
  slug: z.optional(z.string().check(z.regex(SLUG_RE, "slug must be lowercase ASCII letters, digits and hyphens (e.g. my-book), at most 80 characters"))),
  contents: z.optional(z.array(text("a contents entry"), { error: "contents must be a list of Markdown file names" })),
  // A series: its name, or `{name, position}` (the book's number in it: 1, 2, 2.5…).
  series: z.optional(
    z.pipe(
      z.transform((v: unknown) => (typeof v === "string" ? { name: v } : v)),
      z.strictObject({
        name: text("series name"),
        position: z.optional(z.number({ error: "series position must be a number such as 2 or 2.5" }).check(z.positive("series position must be greater than 0"))),
      }, { error: "series must be a name, or `name:` with an optional `position:`" }),
    ),
  ),
  "toc-depth": z.optional(z.int({ error: "toc-depth must be a whole number from 1 to 6" }).check(z.minimum(1, "toc-depth must be at least 1"), z.maximum(6, "toc-depth must be at most 6"))),
  print: printSchema,
}, { error: "metadata.yaml must be a block of `field: value` lines" });

export type RawMetadata = z.infer<typeof schema>;

export interface LoadedMetadata {
  metadata: BookMetadata;
  /** The `contents:` list, as given (validated against the folder by the project loader). */
  contents?: string[];
  /** Line and column of a field's value in metadata.yaml (`["contents", 2]`, `["cover"]`), for the loader's own checks. */
  positionOf?: (path: ReadonlyArray<string | number>) => { line: number; column: number };
}

const RTL_LANGUAGES = new Set(["ar", "arc", "dv", "fa", "ha", "he", "khw", "ks", "ku", "ps", "sd", "ur", "yi"]);

export function toMm(value: number | string): number {
  if (typeof value === "number") return value;
  const m = /^(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)$/.exec(value.trim());
  const n = Number(m?.[1] ?? 0);
  switch (m?.[2]) {
    case "cm": return n * 10;
    case "in": return n * 25.4;
    case "pt": return (n / 72) * 25.4;
    default: return n;
  }
}

/** Damerau-free Levenshtein, small strings only (field names). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

function suggestField(key: string): string | undefined {
  const lower = key.toLowerCase();
  const aliases: Record<string, string> = { author: "authors", creator: "authors", creators: "authors", subject: "subjects", lang: "language", isbn: "identifier", translator: "contributors", translators: "contributors", editor: "contributors" };
  if (Object.hasOwn(aliases, lower)) return aliases[lower];
  let best: string | undefined;
  let bestD = 3;
  for (const f of KNOWN_FIELDS) {
    const d = distance(lower, f);
    if (d < bestD && d <= (f.length >= 5 ? 2 : 1)) [best, bestD] = [f, d];
  }
  return best;
}

export function parseMetadata({ text: source, file }: { text: string; file: string }): { value: LoadedMetadata | undefined; diagnostics: Diagnostic[] } {
  const parsed = parseYaml({ text: source, file });
  if (!parsed.value) return { value: undefined, diagnostics: parsed.diagnostics };
  const yaml = parsed.value;
  const diagnostics: Diagnostic[] = [];
  const data = yaml.data ?? {};

  if (typeof data !== "object" || Array.isArray(data)) {
    diagnostics.push(diag("meta/field", { message: "metadata.yaml must be a block of `field: value` lines, not a list or a single value", file, line: 1, column: 1 }));
    return { value: undefined, diagnostics };
  }

  diagnostics.push(...characterProblems({ yaml, file }));

  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if ((KNOWN_FIELDS as readonly string[]).includes(key) || RESERVED_KEYS.has(key)) continue;
    extra[key] = value;
    const suggestion = suggestField(key);
    if (suggestion) {
      const pos = yaml.keyPositionOf(key);
      diagnostics.push(diag("meta/typo", { message: `unknown field "${key}"; did you mean "${suggestion}"? (kept as a custom field for templates)`, file, ...pos, field: key }));
    }
  }

  const result = schema.safeParse(data);
  if (hasErrors(diagnostics) && result.success) return { value: undefined, diagnostics };
  if (!result.success) {
    for (const issue of result.error.issues) {
      diagnostics.push(issueToDiagnostic({ issue, yaml, file }));
    }
    return { value: undefined, diagnostics };
  }
  const raw = result.data;
  const metadata = toBookMetadata({ raw, extra, yaml, file, diagnostics });
  if (!metadata) return { value: undefined, diagnostics };
  const loaded: LoadedMetadata = { metadata, positionOf: (path) => yaml.positionOf(path) };
  if (raw.contents) {
    // The same file twice would print its text twice.
    const seen = new Map<string, number>();
    raw.contents.forEach((entry, i) => {
      const before = seen.get(entry);
      if (before === undefined) seen.set(entry, i);
      else diagnostics.push(diag("meta/field", { message: `contents[${i}]: "${entry}" is listed twice (first as contents[${before}]); each file is read once`, file, ...yaml.positionOf(["contents", i]), field: `contents.${i}` }));
    });
    if (hasErrors(diagnostics)) return { value: undefined, diagnostics };
    loaded.contents = raw.contents;
  }
  return { value: loaded, diagnostics };
}

/** Every string in the file, keys included, checked for characters no edition can carry. */
export function characterProblems({ yaml, file }: { yaml: ParsedYaml; file: string }): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of yaml.strings) {
    const top = String(s.path[0] ?? "");
    const allowLineBreaks = !s.isKey && (MULTI_LINE_FIELDS.has(top) || !(KNOWN_FIELDS as readonly string[]).includes(top));
    const bad = findBadCharacter({ value: s.value, allowLineBreaks });
    if (!bad) continue;
    const field = s.path.map(String).join(".");
    const what = s.isKey ? `the field name "${field}"` : field;
    const allowed = allowLineBreaks
      ? "text may hold any printable character, tabs and line breaks"
      : s.isKey ? "field names are plain words" : "this field is one line of printable characters (line breaks only in description, rights and source)";
    out.push(diag("meta/characters", {
      message: `${what}: contains ${codePointLabel(bad.codePoint)} (${bad.kind}), which no edition can carry; ${allowed}`,
      file, ...s.locate(bad.index), ...(field ? { field } : {}),
    }));
  }
  return out;
}

export function issueToDiagnostic({ issue, yaml, file }: { issue: z.core.$ZodIssue; yaml: ParsedYaml; file: string }): Diagnostic {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const field = path.length ? path.map(String).join(".") : undefined;
  // Missing means absent from the YAML (a preprocessed field's issue carries no input of its own).
  let given: unknown = yaml.data;
  for (const p of path) given = given && typeof given === "object" ? (given as Record<string | number, unknown>)[p] : undefined;
  const missing = issue.code === "invalid_type" && (issue as { input?: unknown }).input === undefined && given === undefined;
  const top = String(path[0] ?? "");
  const code = missing
    ? "meta/required"
    : top === "date" ? "meta/date"
    : top === "language" ? "meta/language"
    : path[path.length - 1] === "role" ? "meta/role"
    : "meta/field";
  const pos = missing && path.length === 1 ? { line: 1, column: 1 } : yaml.positionOf(path);
  // A custom check's message already quotes the value.
  const valuePart = !missing && path.length && top !== "language" ? describeValue(yaml, path) : "";
  let message = issue.message;
  if (issue.code === "unrecognized_keys") message = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} (allowed: ${top === "series" ? "name, position" : "trim, bleed, paper, preflight, engine, notes"})`;
  return diag(code, { message: valuePart ? `${field}: ${message} (found ${valuePart})` : field ? `${field}: ${message}` : message, file, ...pos, ...(field ? { field } : {}) });
}

function describeValue(yaml: ParsedYaml, path: Array<string | number>): string {
  let v: unknown = yaml.data;
  for (const p of path) v = v && typeof v === "object" ? (v as Record<string | number, unknown>)[p] : undefined;
  if (v === undefined || (typeof v === "object" && v !== null)) return "";
  const s = JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + "…" : s;
}

export function toBookMetadata({ raw, extra, yaml, file, diagnostics }: { raw: RawMetadata; extra: Record<string, unknown>; yaml: ParsedYaml; file: string; diagnostics: Diagnostic[] }): BookMetadata | undefined {
  const asPerson = (p: string | { name: string; "file-as"?: string | undefined }) =>
    typeof p === "string" ? { name: p } : { name: p.name, ...(p["file-as"] ? { fileAs: p["file-as"] } : {}) };
  const authors = raw.authors === undefined ? [] : (Array.isArray(raw.authors) ? raw.authors : [raw.authors]).map(asPerson);
  const contributors = (raw.contributors ?? []).map((c) => ({ ...asPerson(c), role: c.role }));

  let identifier = derivedIdentifier({ title: raw.title, authors: authors.map((a) => a.name) });
  if (raw.identifier !== undefined) {
    const checked = parseIdentifier(raw.identifier);
    if (!checked.ok) {
      diagnostics.push(diag("meta/identifier", { message: `identifier: ${checked.reason}; leave it out to have a stable UUID derived from title and authors`, file, ...yaml.positionOf(["identifier"]), field: "identifier" }));
      return undefined;
    }
    identifier = checked.identifier;
  }

  // A tag in its canonical case is its own canonical form.
  const language = registeredTagQuickly(raw.language) ? raw.language : languageTag(raw.language).format();
  const primary = language.split("-")[0]?.toLowerCase() ?? "";
  const trim = raw.print?.trim;
  const print: PrintOptions = {
    trim:
      trim === undefined ? { name: "6x9", ...TRIM_SIZES["6x9"] }
      : typeof trim === "string" ? { name: trim, ...TRIM_SIZES[trim] }
      : { name: "custom", widthMm: toMm(trim.width), heightMm: toMm(trim.height) },
    bleed: raw.print?.bleed ?? false,
    bleedMm: 3.175,
    paper: raw.print?.paper ?? "white",
    preflight: raw.print?.preflight ?? "none",
    notes: raw.print?.notes ?? "endnotes",
  };
  if (raw.print?.engine) print.engine = raw.print.engine;

  const metadata: BookMetadata = {
    title: raw.title,
    authors,
    contributors,
    language,
    direction: RTL_LANGUAGES.has(primary) || /-(Arab|Hebr|Thaa|Syrc|Nkoo|Adlm|Rohg)\b/.test(language) ? "rtl" : "ltr",
    identifier,
    subjects: raw.subjects === undefined ? [] : Array.isArray(raw.subjects) ? raw.subjects : [raw.subjects],
    // A title with no Latin letters (Война и мир) still gets a distinct, stable file name.
    slug: raw.slug ?? (/[a-z0-9]/i.test(raw.title.normalize("NFKD")) ? slugify(raw.title) : `book-${identifier.value.replace(/[^0-9a-z]/g, "").slice(0, 8)}`),
    print,
    tocDepth: raw["toc-depth"] ?? 2,
    extra,
  };
  if (raw.subtitle) metadata.subtitle = raw.subtitle;
  if (raw.publisher) metadata.publisher = raw.publisher;
  if (raw.date) metadata.date = raw.date;
  if (raw.description) metadata.description = raw.description;
  if (raw.rights) metadata.rights = raw.rights;
  if (raw.source) metadata.source = raw.source;
  if (raw.cover) metadata.cover = raw.cover;
  if (raw.series !== undefined) {
    metadata.series = { name: raw.series.name, ...(raw.series.position !== undefined ? { position: raw.series.position } : {}) };
  }
  return metadata;
}

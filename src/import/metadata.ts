/**
 * The starting metadata.yaml an import writes: only what the source says (title, authors, date…),
 * the one required guess (language), and a comment listing every other field to fill in. Strings are
 * quoted by the `yaml` package, so a title like `No: 1984` or `2024-07-31` stays text.
 */
import { basename, extname } from "node:path";
import { Document, isScalar } from "yaml";

const FIELD_GUIDE = [
  " Manuscript metadata (YAML 1.2), started by `imprint import`. Check the title and language,",
  " then add what you know (every other field is optional):",
  "   subtitle: \"…\"",
  "   authors: [{ name: \"…\", file-as: \"Surname, Given\" }]",
  "   contributors: [{ name: \"…\", file-as: \"…\", role: translator }]   # or editor, illustrator, …",
  "   publisher: \"…\"",
  "   date: \"YYYY-MM-DD\"            # when this edition's text was published",
  "   identifier: \"978-…\"           # an ISBN, or leave out for a stable derived UUID",
  "   description: \"…\"",
  "   subjects: [\"…\"]",
  "   rights: \"…\"                   # only if you know them",
  "   source: \"…\"                   # where and when the text first appeared",
  "   cover: \"images/cover.jpg\"",
  "   slug: \"file-name-of-the-editions\"",
  "   contents: [\"01-text.md\"]      # reading order, when not name order",
  "   print: { trim: 6x9, bleed: false, paper: white, preflight: none }",
];

/** "000_my-article.txt" → "My article"; a fallback when the text has no heading to offer. */
export function titleFromFileName(file: string): string {
  const stem = basename(file, extname(file))
    .replace(/[_-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  // Leading numbers (and hashes like "000 cabd9056741b79d6") are file-naming, not title.
  const words = stem.split(" ").filter((w, i) => !(i === 0 && /^\d+$/.test(w)));
  const title = words.join(" ").trim() || stem || "Untitled";
  return title.charAt(0).toUpperCase() + title.slice(1);
}

export interface StartingMetadata {
  title: string;
  subtitle?: string;
  authors?: string[];
  /** ISO 8601 already (see document-meta.ts `normaliseDate`). */
  date?: string;
  /** Absent: "en", marked as a guess. */
  language?: string;
  /** Why the language is only a guess (a comment beside it); absent when the source said so. */
  languageGuess?: string;
  description?: string;
  subjects?: string[];
  /** The file's creator per its properties, offered in a comment when there are no authors. */
  creator?: string[];
  extra?: Record<string, string>;
}

export function startingMetadataYaml(options: StartingMetadata): string {
  const fields: Record<string, unknown> = { title: options.title };
  if (options.subtitle) fields.subtitle = options.subtitle;
  if (options.authors && options.authors.length > 0) fields.authors = options.authors;
  if (options.date) fields.date = options.date;
  Object.assign(fields, options.extra, { language: options.language ?? "en" });
  if (options.description) fields.description = options.description;
  if (options.subjects && options.subjects.length > 0) fields.subjects = options.subjects;
  const doc = new Document(fields);
  const offer = !fields.authors && options.creator && options.creator.length > 0
    ? [` The file's properties name ${options.creator.map((c) => JSON.stringify(c)).join(", ")} as its creator; if that is the author, add:`, `   authors: ${JSON.stringify(options.creator)}`]
    : [];
  doc.commentBefore = [...FIELD_GUIDE, ...offer].join("\n");
  const lang = doc.get("language", true);
  const guess = options.language === undefined ? "a guess: change it if the text is not in English (BCP 47, e.g. es, fr, pt-BR)" : options.languageGuess;
  if (isScalar(lang) && guess !== undefined) lang.comment = ` ${guess}`;
  return doc.toString({ defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN", lineWidth: 0 });
}

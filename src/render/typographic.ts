/**
 * Typographic quotes and apostrophes for metadata strings (title, subtitle, names, publisher…),
 * which come from YAML as typed: `opposition's` → `opposition’s`, `"Yes"` → `“Yes”`. Pandoc's
 * `smart` extension does this for the manuscript's text; metadata.yaml never passes through pandoc.
 * Applied only where editions render metadata (title page, imprint, running heads, cover); the
 * manuscript's own text is never changed. Quotes already curly, and code-like strings (URLs,
 * identifiers), are left alone.
 */

import type { Book } from "../model/book.js";

const LETTER = /[\p{L}\p{N}]/u;

/** One string, quotes and apostrophes made typographic (English-style; the same marks serve most Latin-script metadata). */
export function typographic(text: string): string {
  if (!/['"]/.test(text) || /^[a-z][a-z0-9+.-]*:\S*$/i.test(text)) return text;
  const chars = [...text];
  let doubleOpen = false;
  let singleOpen = false;
  return chars
    .map((ch, i) => {
      const prev = chars[i - 1] ?? "";
      const next = chars[i + 1] ?? "";
      const afterWord = LETTER.test(prev) || /[.,;:!?)\]’”]/.test(prev);
      if (ch === '"') {
        // Opens after a space, start or opening bracket; closes otherwise.
        const open = !afterWord && (prev === "" || /[\s(\[{\u2014\u2013-]/.test(prev)) ? true : doubleOpen ? false : !afterWord;
        doubleOpen = open;
        return open ? "\u201c" : "\u201d";
      }
      if (ch === "'") {
        // Between letters, or after a letter (plural possessive): an apostrophe.
        if (LETTER.test(prev) && (LETTER.test(next) || !singleOpen)) return "\u2019";
        // Elision before a digit ('90s) is an apostrophe too.
        if (/\d/.test(next) && !LETTER.test(prev)) return "\u2019";
        if (!afterWord && LETTER.test(next)) {
          singleOpen = true;
          return "\u2018";
        }
        singleOpen = false;
        return "\u2019";
      }
      return ch;
    })
    .join("");
}

interface MetadataStrings {
  title: string;
  subtitle?: string;
  authors: Array<{ name: string }>;
  contributors: Array<{ name: string }>;
  publisher?: string;
  description?: string;
  source?: string;
  rights?: string;
}

/** A copy of the metadata with its display strings made typographic (identifiers, dates untouched). */
export function typographicMetadata<M extends MetadataStrings>(metadata: M): M {
  const t = (s: string | undefined): string | undefined => (s === undefined ? undefined : typographic(s));
  const out: M = { ...metadata, title: typographic(metadata.title) };
  for (const key of ["subtitle", "publisher", "description", "source", "rights"] as const) if (metadata[key] !== undefined) out[key] = t(metadata[key]) as M[typeof key];
  out.authors = metadata.authors.map((a) => ({ ...a, name: typographic(a.name) }));
  out.contributors = metadata.contributors.map((a) => ({ ...a, name: typographic(a.name) }));
  return out;
}

/**
 * The Book as every edition's pages show it: its metadata, each packet item's metadata (running
 * heads) and opening, with typographic quotes (one rule for the HTML, EPUB and both print
 * engines). What machines read (the EPUB's dc:title, the HTML's JSON-LD, the PDF's Info, feeds)
 * keeps the metadata as typed.
 */
export function displayBook(book: Book): Book {
  const sections = book.sections.map((s) => {
    const o = s.opening;
    if (!o) return s;
    const opening = { ...o, metadata: typographicMetadata(o.metadata) };
    if (o.sourceLine !== undefined) opening.sourceLine = typographic(o.sourceLine);
    if (o.partStart) opening.partStart = { ...o.partStart, title: typographic(o.partStart.title) };
    return { ...s, opening };
  });
  const parts = book.parts.map((p) => ({ ...p, metadata: typographicMetadata(p.metadata) }));
  return { ...book, metadata: typographicMetadata(book.metadata), sections, parts };
}

/**
 * The print edition's HTML: templates/print.liquid with the shared partials (title page, imprint,
 * contents, editorial note, sections, notes), base.css + print.css + the page geometry, the book
 * typeface served from `fonts/`. The section text is hyphenated here and only here.
 */
import type { Block, Book, Section } from "../../model/book.js";
import { contentsOf } from "../contents.js";
import { labelText, type Labels } from "../labels.js";
import type { ServedFile } from "../browser.js";
import { displayBook } from "../typographic.js";
import { printFontBytes, printFontFiles, type PrintFontFile } from "../print-fonts.js";
import { MATH_FONT_FAMILY, mathFontWoff2 } from "../math-font.js";
import { bookHasMath } from "../../model/mathml.js";
import type { Templates } from "../templates.js";
import { pageCss, type PageGeometry } from "./geometry.js";
import { hyphenateHtml } from "./hyphenate.js";
import { printCodeColumns, wrapCodeLines } from "./code-wrap.js";

export interface PreparedBook {
  /** The Book with hyphenated block HTML (print only). */
  book: Book;
  files: Map<string, ServedFile>;
  fontCss: string;
}

/** Print-only text work on each block: hyphenation, and long code lines wrapped behind a mark. */
function printBlocks({ blocks, language, codeColumns }: { blocks: readonly Block[]; language: string; codeColumns: number }): Block[] {
  return blocks.map((b) => {
    const html = b.html.includes("<pre") ? wrapCodeLines({ html: b.html, maxColumns: codeColumns }).html : b.html;
    return { ...b, html: hyphenateHtml({ html, language }) };
  });
}

/** Hyphenates once; both passes render the same prepared book. */
export function prepareBook({ book }: { book: Book }): PreparedBook {
  const codeColumns = printCodeColumns({ print: book.metadata.print });
  const sections: Section[] = book.sections.map((section) => {
    const language = section.language ?? book.metadata.language;
    return {
      ...section,
      blocks: printBlocks({ blocks: section.blocks, language, codeColumns }),
      notes: section.notes.map((n) => ({ ...n, html: hyphenateHtml({ html: n.html, language }) })),
    };
  });
  // Metadata strings as a typesetter sets them (curly quotes); the manuscript's text is pandoc's.
  const prepared: Book = displayBook({ ...book, sections });
  if (book.editorialNote) prepared.editorialNote = { ...book.editorialNote, blocks: printBlocks({ blocks: book.editorialNote.blocks, language: book.metadata.language, codeColumns }) };

  const files = new Map<string, ServedFile>();
  for (const asset of book.assets) files.set(asset.path, { bytes: asset.bytes, mediaType: asset.mediaType });
  // The full Source Serif 4 (real small caps, superiors, oldstyle figures), TrueType outlines:
  // Skia embeds those as CID TrueType, but turns CFF (.otf) into Type 3 fonts.
  const fonts = printFontFiles({ format: "ttf" });
  for (const f of fonts) files.set(`fonts/${f.fileName}`, { bytes: printFontBytes(f), mediaType: f.mediaType });
  // Formulas in the math face, as the typst engine sets them (whole font: Chromium embeds only the glyphs used).
  let mathCss = "";
  if (bookHasMath(book)) {
    files.set("fonts/stix-two-math.woff2", { bytes: mathFontWoff2(), mediaType: "font/woff2" });
    mathCss = `\n@font-face { font-family: "${MATH_FONT_FAMILY}"; font-display: block; src: url("fonts/stix-two-math.woff2") format("woff2"); }`;
  }
  return { book: prepared, files, fontCss: printFontFaceCss({ files: fonts, urlPrefix: "fonts/" }) + mathCss };
}

/** `@font-face` rules for the print fonts (whole fonts: no unicode-range). */
export function printFontFaceCss({ files, urlPrefix }: { files: PrintFontFile[]; urlPrefix: string }): string {
  return files
    .map((f) => `@font-face { font-family: "${f.family}"; font-style: ${f.style}; font-weight: ${f.weight}; font-display: block; src: url("${urlPrefix}${f.fileName}") format("${f.mediaType === "font/ttf" ? "truetype" : "opentype"}"); }`)
    .join("\n");
}

export interface PrintHtmlOptions {
  prepared: PreparedBook;
  templates: Templates;
  geometry: PageGeometry;
  /** Target id → printed page, for the contents; placeholders in the measuring pass. */
  pages: Record<string, string>;
  /** Ids of recto openers that get a blank verso before them. */
  blanksBefore: string[];
  trailingBlanks: number;
  /** Measuring pass only: ids to link to, so Chromium writes a destination for each. */
  measureIds: string[];
  /** Ids of what opens on a recto (contents, editorial note, titled sections, the first section). */
  openers: string[];
  labels: Labels;
}

export async function printHtml({ prepared, templates, geometry, pages, blanksBefore, trailingBlanks, measureIds, openers, labels }: PrintHtmlOptions): Promise<string> {
  const css = [prepared.fontCss, templates.has("base.css") ? templates.text("base.css") : "", templates.text("print.css"), pageCss({ geometry })].join("\n");
  return templates.render("print.liquid", {
    book: prepared.book,
    edition: "print",
    css,
    pages,
    blanksBefore,
    trailingBlanks,
    measureIds,
    openers,
    labels,
    contents: contentsOf({ book: prepared.book, unnamed: labelText({ labels, key: "startOfText", fallback: "Start of text" }) }),
  });
}

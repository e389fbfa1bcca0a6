/**
 * The book typeface: Source Serif 4 (SIL OFL 1.1) from @fontsource, regular, italic, bold and
 * bold italic. Fontsource splits each style into unicode-range subsets (latin, latin-ext, greek,
 * cyrillic, vietnamese…); an edition embeds only the subsets its text uses, so a Latin-script
 * book carries four small files. Scripts the typeface lacks fall back to other fonts (the PDF
 * embeds what Chromium falls back to; readers use their own).
 *
 * The EPUB embeds one complete file per style instead (`epubFontFiles`, from npm `source-serif`):
 * every subset of a fontsource style carries the same family and PostScript name, and readers
 * that ignore `unicode-range` (Adobe's engine, Kindle's conversion) or merge fonts by name
 * (calibre's EPUB→PDF, which garbled Łódź into "Łódń") mix glyphs of one subset with the cmap of
 * another. Four complete files cost about 280 KB against 80–160 KB of subsets, and carry real
 * small capitals and oldstyle figures.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { MATH_FONT_FAMILY, mathFontSubset } from "./math-font.js";
import { bookFormulas } from "../model/mathml.js";
import type { Book } from "../model/book.js";
import { plainText } from "./book-text.js";

export const BOOK_FONT_FAMILY = "Source Serif 4";
const PACKAGE = "@fontsource/source-serif-4";
const WEIGHTS = [400, 700] as const;
const STYLES = ["normal", "italic"] as const;

export interface FontFile {
  family: string;
  weight: 400 | 700;
  style: "normal" | "italic";
  /** The fontsource subset ("latin", "latin-ext"…), or "full" for a complete file. */
  subset: string;
  /** e.g. "source-serif-4-latin-400-normal.woff2". */
  fileName: string;
  mediaType: "font/woff2" | "font/ttf";
  /** CSS unicode-range value, e.g. "U+0000-00FF,U+0131"; "" for a complete file (no range). */
  unicodeRange: string;
  ranges: Array<[number, number]>;
  bytes: Uint8Array;
}

let cache: FontFile[] | undefined;

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`${PACKAGE}/package.json`));
}

function parseRanges(value: string): Array<[number, number]> {
  return value.split(",").map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, "").split("-");
    const start = parseInt(a ?? "0", 16);
    return [start, b ? parseInt(b, 16) : start];
  });
}

/** Every subset file of the four styles, read once per process. */
export function allBookFontFiles(): FontFile[] {
  if (cache) return cache;
  const dir = packageDir();
  const unicode = JSON.parse(readFileSync(join(dir, "unicode.json"), "utf8")) as Record<string, string>;
  const files: FontFile[] = [];
  for (const [subset, range] of Object.entries(unicode)) {
    for (const weight of WEIGHTS) {
      for (const style of STYLES) {
        const fileName = `source-serif-4-${subset}-${weight}-${style}.woff2`;
        files.push({
          family: BOOK_FONT_FAMILY,
          weight,
          style,
          subset,
          fileName,
          mediaType: "font/woff2",
          unicodeRange: range,
          ranges: parseRanges(range),
          bytes: new Uint8Array(readFileSync(join(dir, "files", fileName))),
        });
      }
    }
  }
  cache = files;
  return files;
}

const FULL_FILES: Array<{ weight: 400 | 700; style: "normal" | "italic"; fileName: string }> = [
  { weight: 400, style: "normal", fileName: "SourceSerif4-Regular.ttf.woff2" },
  { weight: 400, style: "italic", fileName: "SourceSerif4-It.ttf.woff2" },
  { weight: 700, style: "normal", fileName: "SourceSerif4-Bold.ttf.woff2" },
  { weight: 700, style: "italic", fileName: "SourceSerif4-BoldIt.ttf.woff2" },
];
let fullCache: FontFile[] | undefined;

/**
 * The EPUB's fonts: one file per style, each with its own PostScript name, so no reader or
 * converter can mix one file's glyphs with another's. A text the latin subset covers gets the
 * four small latin subsets (one per style, about 80 KB); any other text gets the four complete
 * Source Serif 4 files (TrueType outlines in WOFF2, about 280 KB), never two subsets of a style.
 */
export function epubFontFiles({ text }: { text: string }): FontFile[] {
  const latin = allBookFontFiles().filter((f) => f.subset === "latin");
  const ranges = latin[0]?.ranges ?? [];
  let latinEnough = true;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp > 0x7f && !covers(ranges, cp) && fullCovers(cp)) {
      latinEnough = false;
      break;
    }
  }
  return latinEnough ? latin : completeFontFiles();
}

/** A character the complete files have and the latin subset lacks (the other subsets' ranges). */
function fullCovers(codePoint: number): boolean {
  return bookFontCovers(codePoint);
}

/** The four complete Source Serif 4 files (npm `source-serif`), read once per process. */
export function completeFontFiles(): FontFile[] {
  if (fullCache) return fullCache;
  const dir = join(dirname(createRequire(import.meta.url).resolve("source-serif/package.json")), "WOFF2", "TTF");
  fullCache = FULL_FILES.map((f) => ({
    family: BOOK_FONT_FAMILY,
    weight: f.weight,
    style: f.style,
    subset: "full",
    fileName: f.fileName.replace(".ttf.woff2", ".woff2"),
    mediaType: "font/woff2" as const,
    unicodeRange: "",
    ranges: [],
    bytes: new Uint8Array(readFileSync(join(dir, f.fileName))),
  }));
  return fullCache;
}

function covers(ranges: Array<[number, number]>, codePoint: number): boolean {
  return ranges.some(([a, b]) => codePoint >= a && codePoint <= b);
}

/**
 * The font files an edition needs for `text`: the latin subset always (titles, folios), and any
 * other subset that covers at least one character of the text. Order is stable.
 */
export function bookFontsFor({ text }: { text: string }): FontFile[] {
  const used = new Set<number>();
  for (const ch of text) used.add(ch.codePointAt(0) ?? 0);
  const files = allBookFontFiles();
  const subsets = new Set<string>(["latin"]);
  for (const f of files) {
    if (subsets.has(f.subset)) continue;
    for (const cp of used) {
      if (cp > 0x7f && covers(f.ranges, cp)) {
        subsets.add(f.subset);
        break;
      }
    }
  }
  return files.filter((f) => subsets.has(f.subset));
}

/** True when the book typeface has a glyph for the code point (any subset). */
export function bookFontCovers(codePoint: number): boolean {
  return allBookFontFiles().some((f) => covers(f.ranges, codePoint));
}

/**
 * The math face (STIX Two Math) for an edition whose book has formulas, cut to the characters
 * they show (math-font.ts), so a reading system or browser sets them as the print edition does;
 * none for a book without formulas.
 */
export async function mathFontFiles({ book }: { book: Book }): Promise<FontFile[]> {
  const formulas = bookFormulas(book);
  if (formulas.length === 0) return [];
  const bytes = await mathFontSubset({ text: formulas.map(plainText).join("") });
  return [{ family: MATH_FONT_FAMILY, weight: 400, style: "normal", subset: "math", fileName: "stix-two-math.ttf", mediaType: "font/ttf", unicodeRange: "", ranges: [], bytes }];
}

const cssFormat = (f: FontFile): string => (f.mediaType === "font/ttf" ? "truetype" : "woff2");

/** `@font-face` rules for the files, each `src: url(PREFIX + fileName)`. */
export function fontFaceCss({ files, urlPrefix }: { files: FontFile[]; urlPrefix: string }): string {
  return files
    .map(
      (f) =>
        `@font-face {\n  font-family: "${f.family}";\n  font-style: ${f.style};\n  font-weight: ${f.weight};\n  font-display: swap;\n` +
        `  src: url("${urlPrefix}${f.fileName}") format("${cssFormat(f)}");${f.unicodeRange ? `\n  unicode-range: ${f.unicodeRange};` : ""}\n}`,
    )
    .join("\n");
}

/** Same rules with the fonts inlined as data: URLs (the self-contained HTML edition). */
export function inlineFontFaceCss({ files }: { files: FontFile[] }): string {
  return files
    .map(
      (f) =>
        `@font-face {\n  font-family: "${f.family}";\n  font-style: ${f.style};\n  font-weight: ${f.weight};\n  font-display: swap;\n` +
        `  src: url("data:${f.mediaType};base64,${Buffer.from(f.bytes).toString("base64")}") format("${cssFormat(f)}");${f.unicodeRange ? `\n  unicode-range: ${f.unicodeRange};` : ""}\n}`,
    )
    .join("\n");
}

/**
 * The typst engine prints with the families `templates/design.yaml` names (fonts.serif, and
 * fonts.mono for code) and no others: a character that some installed font has but none of those
 * prints as a blank box, where a browser would have found the other font. The glyph check
 * (glyphs.ts) asks whether any installed font has a character; this asks, once typst prints,
 * whether a print face has it, and warns at the block that holds it.
 */
import { diag, type Diagnostic } from "../diagnostics.js";
import { allBlocks, type Book } from "../model/book.js";
import { execFile } from "node:child_process";
import { printFontFiles } from "../render/print-fonts.js";
import { mathFontPath } from "../render/math-font.js";
import { plainText } from "../render/book-text.js";
import { splitFormulas } from "../model/mathml.js";
import { codePointLabel, CodePointRanges, describeCodePoint, installedFonts, INVISIBLE, parseFontconfigCharsets, systemFontCoverage } from "./glyphs.js";

/**
 * The characters of the book face's print files (the full Source Serif 4, given to typst as
 * files, not installed), from fontconfig's fc-query; once per process. The web subsets' ranges
 * (bookFontCovers) claim whole blocks: Coptic's Ϣ is in "Greek", which Source Serif 4 lacks.
 */
const charsets = new Map<string, Promise<string>>();
function fileCharset(file: string | undefined): Promise<string> {
  if (!file) return Promise.resolve("");
  let known = charsets.get(file);
  if (!known) {
    known = new Promise((resolve) => {
      execFile("fc-query", ["--format", "%{charset}\\n", file], { timeout: 20_000, encoding: "utf8" }, (error, stdout) => resolve(error ? "" : stdout));
    });
    charsets.set(file, known);
  }
  return known;
}
const bookFaceCharset = (): Promise<string> => fileCharset(printFontFiles().find((f) => f.weight === 400 && f.style === "normal")?.path);

/**
 * Characters the book face's print files have for certain: its Latin-1 and Latin Extended-A,
 * dashes, quotes, spaces and the euro (read with fc-query from source-serif 4.5's Regular).
 */
const BOOK_FACE_SURELY = CodePointRanges.from([
  [0xa0, 0x12b], [0x12e, 0x131], [0x134, 0x165], [0x168, 0x17f],
  [0x2002, 0x2007], [0x2009, 0x200b], [0x2010, 0x2015], [0x2018, 0x201a], [0x201c, 0x201e], [0x2020, 0x2022],
  [0x2025, 0x2026], [0x202f, 0x2030], [0x2032, 0x2033], [0x2039, 0x203a], [0x20ac, 0x20ac],
]);

/** The characters of the named families (as fontconfig knows them), and of every installed font. */
async function coverage(families: readonly string[]): Promise<{ faces: CodePointRanges; math: CodePointRanges; all: CodePointRanges } | undefined> {
  // The union of every installed font is the glyph check's, parsed once per process and shared.
  const [fonts, all, own, math] = await Promise.all([installedFonts(), systemFontCoverage(), bookFaceCharset(), fileCharset(mathFontPath())]);
  if (!fonts || !all) return undefined;
  const wanted = new Set(families.map((f) => f.toLowerCase()));
  const faces = [own, ...fonts.filter((f) => f.families.some((n) => wanted.has(n))).map((f) => f.charset)].join(" ");
  return { faces: parseFontconfigCharsets(faces), math: parseFontconfigCharsets(`${faces} ${math}`), all };
}

/** A block's text outside its formulas, and the text of its formulas (set in the math face). */
function splitMath(block: { text: string; html: string }): { text: string; math: string } {
  const { outside, formulas } = splitFormulas(block.html);
  return formulas.length === 0 ? { text: block.text, math: "" } : { text: plainText(outside), math: formulas.map(plainText).join(" ") };
}

/** One warning per file, at the first block holding a character that an installed font has but no print face. */
export async function printFaceGaps({ book, families }: { book: Book; families: readonly string[] }): Promise<Diagnostic[]> {
  const texts: Array<{ text: string; math: string; file: string; line?: number }> = [];
  for (const { block } of allBlocks(book)) texts.push({ ...splitMath(block), file: block.sourceFile, ...(block.line !== undefined ? { line: block.line } : {}) });
  // Most books hold nothing beyond these: then no font is asked about at all (two processes and
  // megabytes of charsets, a tenth of a second of a short book's build).
  if (texts.every((t) => t.math === "" && [...t.text].every((ch) => (ch.codePointAt(0) ?? 0) < 0x80 || BOOK_FACE_SURELY.has(ch.codePointAt(0) ?? 0) || INVISIBLE.test(ch)))) return [];
  const known = await coverage(families);
  if (!known) return [];
  const seen = new Set<number>();
  const byFile = new Map<string, { line?: number; cps: number[] }>();
  for (const { text, math, file, line } of texts) {
    for (const [chars, faces] of [[text, known.faces], [math, known.math]] as const) for (const ch of chars) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp < 0x80 || seen.has(cp) || INVISIBLE.test(ch) || faces.has(cp)) continue;
      seen.add(cp);
      // A character no installed font has is model/no-glyph's, reported at load.
      if (!known.all.has(cp)) continue;
      const entry = byFile.get(file) ?? { ...(line !== undefined ? { line } : {}), cps: [] };
      entry.cps.push(cp);
      byFile.set(file, entry);
    }
  }
  return [...byFile].map(([file, { line, cps }]) => {
    const first = cps[0] as number;
    const shown = cps.slice(0, 5).map((cp) => `${codePointLabel(cp)} ${String.fromCodePoint(cp)}`).join(", ") + (cps.length > 5 ? `, and ${cps.length - 5} more` : "");
    return diag("render/no-print-face", {
      message: `${cps.length === 1 ? `${shown} (${describeCodePoint(first)}) is` : `${cps.length} characters (${shown}) are`} in an installed font but in none of the print faces (fonts.serif and fonts.mono in templates/design.yaml), so the typst PDF shows ${cps.length === 1 ? "a blank box for it" : "blank boxes for them"}`,
      file,
      ...(line !== undefined ? { line } : {}),
      hint: `Add a family that has ${cps.length === 1 ? "it" : "them"} to fonts.serif in your templates/design.yaml (\`fc-list ':charset=${first.toString(16)}' family\` names some), or print with --pdf-engine chromium.`,
    });
  });
}

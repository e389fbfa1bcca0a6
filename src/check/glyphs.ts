/**
 * Every character must print. For each character of the manuscript's text that neither the book
 * typeface nor any installed font can show, one `model/no-glyph` warning per file (at its first
 * occurrence), never a silent blank box. When the book typeface lacks a character, installed fonts
 * are asked, once per process, through fontconfig (`fc-list --format '%{charset}\n'`); without
 * fontconfig only the book typeface counts, and an info diagnostic says so.
 */
import { execFile } from "node:child_process";
import { diag, type Diagnostic } from "../diagnostics.js";
import { bookFontCovers } from "../render/fonts.js";

/** A set of code points held as sorted, merged ranges (fontconfig charsets are such ranges). */
export class CodePointRanges {
  private constructor(
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
  ) {}

  static from(ranges: Array<[number, number]>): CodePointRanges {
    const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const [a, b] of sorted) {
      const last = merged[merged.length - 1];
      if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    return new CodePointRanges(Uint32Array.from(merged, (r) => r[0]), Uint32Array.from(merged, (r) => r[1]));
  }

  get size(): number {
    return this.starts.length;
  }

  has(codePoint: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (codePoint < (this.starts[mid] ?? 0)) hi = mid - 1;
      else if (codePoint > (this.ends[mid] ?? 0)) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

/** Parses fontconfig's charset lines ("20-7e a0-17f 192 …", hexadecimal) into one union. */
export function parseFontconfigCharsets(output: string): CodePointRanges {
  const ranges: Array<[number, number]> = [];
  // Hundreds of thousands of tokens on a machine with many fonts: parsed without a regex per token.
  const hex = /^[0-9a-f]+$/i;
  for (const token of output.split(/\s+/)) {
    if (!token) continue;
    const dash = token.indexOf("-");
    const first = dash < 0 ? token : token.slice(0, dash);
    const last = dash < 0 ? first : token.slice(dash + 1);
    if (!hex.test(first) || !hex.test(last)) continue;
    const a = parseInt(first, 16);
    ranges.push([a, parseInt(last, 16)]);
  }
  return CodePointRanges.from(ranges);
}

export interface InstalledFont {
  /** Its family names, lowercased (fontconfig lists a font's localised names too). */
  families: string[];
  charset: string;
}

// One answer per fc-list command per process: fonts do not change during a build.
const installedCache = new Map<string, Promise<InstalledFont[] | undefined>>();

/** Every installed font's family names and characters (fontconfig), or undefined when fontconfig is absent. */
export function installedFonts({ fcList = "fc-list" }: { fcList?: string } = {}): Promise<InstalledFont[] | undefined> {
  let pending = installedCache.get(fcList);
  if (!pending) {
    pending = new Promise((resolve) => {
      execFile(fcList, ["--format", "%{family}\\t%{charset}\\n"], { maxBuffer: 64 * 1024 * 1024, timeout: 20_000, encoding: "utf8" }, (error, stdout) => {
        if (error) return resolve(undefined);
        resolve(stdout.split("\n").filter(Boolean).map((line) => {
          const tab = line.indexOf("\t");
          return { families: line.slice(0, Math.max(0, tab)).split(",").map((f) => f.trim().toLowerCase()), charset: line.slice(tab + 1) };
        }));
      });
    });
    installedCache.set(fcList, pending);
  }
  return pending;
}

const systemCoverageCache = new Map<string, Promise<CodePointRanges | undefined>>();

/** The union of every installed font's characters, or undefined when fontconfig is absent. */
export function systemFontCoverage({ fcList = "fc-list" }: { fcList?: string } = {}): Promise<CodePointRanges | undefined> {
  let pending = systemCoverageCache.get(fcList);
  if (!pending) {
    pending = installedFonts({ fcList }).then((fonts) => {
      const coverage = fonts ? parseFontconfigCharsets(fonts.map((f) => f.charset).join(" ")) : undefined;
      return coverage && coverage.size > 0 ? coverage : undefined;
    });
    systemCoverageCache.set(fcList, pending);
  }
  return pending;
}

/** Characters that draw nothing themselves: spaces, controls, joiners, variation selectors, soft hyphens. */
export const INVISIBLE = /^[\p{White_Space}\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]$/u;

export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** What kind of character it is, in words (Node carries no Unicode name table). */
export function describeCodePoint(codePoint: number): string {
  const ch = String.fromCodePoint(codePoint);
  if (/\p{Co}/u.test(ch)) return "a private-use character, which only a font made for it can show";
  if ((codePoint & 0xfffe) === 0xfffe || (codePoint >= 0xfdd0 && codePoint <= 0xfdef)) return "a noncharacter";
  if (/\p{Cn}/u.test(ch)) return "a code point Unicode has not assigned";
  if (/\p{Cs}/u.test(ch)) return "a lone surrogate";
  const scripts = ["Latin", "Greek", "Cyrillic", "Arabic", "Hebrew", "Han", "Hiragana", "Katakana", "Hangul", "Devanagari", "Thai", "Ethiopic", "Armenian", "Georgian", "Tibetan", "Mongolian", "Cherokee", "Runic", "Ogham"];
  for (const script of scripts) {
    if (new RegExp(`\\p{Script=${script}}`, "u").test(ch)) return `${/^[AEIOU]/.test(script) ? "an" : "a"} ${script} character`;
  }
  if (/\p{Extended_Pictographic}/u.test(ch)) return "an emoji or pictograph";
  if (/\p{S}/u.test(ch)) return "a symbol";
  return "a character";
}

export interface GlyphCheckFile {
  /** Manuscript-relative path, as diagnostics name it. */
  path: string;
  text: string;
}

export interface CheckGlyphsOptions {
  files: GlyphCheckFile[];
  /** The fontconfig lister to ask; tests point it at a missing program to see the fallback. */
  fcList?: string;
}

/** Whether every character of the files is ASCII, invisible or in the book typeface. */
function bookFontSuffices(files: GlyphCheckFile[]): boolean {
  const seen = new Set<number>();
  for (const file of files) {
    for (const ch of file.text) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp < 0x80 || seen.has(cp)) continue;
      seen.add(cp);
      if (!bookFontCovers(cp) && !INVISIBLE.test(ch)) return false;
    }
  }
  return true;
}

export async function checkGlyphs({ files, fcList = "fc-list" }: CheckGlyphsOptions): Promise<Diagnostic[]> {
  // Most books need nothing beyond the book typeface: then fontconfig (every installed font's
  // character set, a large answer to parse) is not asked at all.
  if (bookFontSuffices(files)) return [];
  const system = await systemFontCoverage({ fcList });
  const diagnostics: Diagnostic[] = [];
  if (!system) {
    diagnostics.push(
      diag("check/no-fontconfig", {
        message: "fontconfig's fc-list could not be run, so only the book typeface (Source Serif 4) was checked for missing characters",
        hint: "Install fontconfig and fonts for the text's scripts (Debian: apt-get install fontconfig fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji).",
      }),
    );
  }
  const verdicts = new Map<number, boolean>();
  const printable = (cp: number): boolean => {
    let ok = verdicts.get(cp);
    if (ok === undefined) {
      ok = INVISIBLE.test(String.fromCodePoint(cp)) || bookFontCovers(cp) || (system?.has(cp) ?? false);
      verdicts.set(cp, ok);
    }
    return ok;
  };

  for (const file of files) {
    const reported = new Set<number>();
    let line = 1;
    let column = 0;
    for (const ch of file.text) {
      const cp = ch.codePointAt(0) ?? 0;
      if (ch === "\n") {
        line += 1;
        column = 0;
        continue;
      }
      column += 1; // Columns count characters (code points), from 1.
      if (cp < 0x80 && cp >= 0x20) continue; // ASCII prints in every font, the book's included.
      if (reported.has(cp) || printable(cp)) continue;
      reported.add(cp);
      diagnostics.push(
        diag("model/no-glyph", {
          message: system
            ? `${codePointLabel(cp)} (${describeCodePoint(cp)}): neither the book typeface nor any installed font can show it`
            : `${codePointLabel(cp)} (${describeCodePoint(cp)}): the book typeface cannot show it, and installed fonts could not be asked`,
          file: file.path,
          line,
          column,
          hint: "Replace the character, or install a font that has it (e.g. one of Debian's fonts-noto-* packages) so the PDF can embed it.",
        }),
      );
    }
  }
  return diagnostics;
}

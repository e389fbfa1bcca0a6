/**
 * The math face: STIX Two Math (npm `@fontsource/stix-two-math`, SIL OFL 1.1), an OpenType MATH
 * font drawn to sit with a Times-like serif, for formulas (MathML from pandoc) in print. Typst
 * reads only OpenType/TrueType and fontsource ships WOFF, so `npm run compile` unpacks it into
 * lib/fonts/ (scripts/math-font.mjs); Chromium reads the WOFF itself.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const MATH_FONT_FAMILY = "STIX Two Math";
/** The face as typst reads it, in lib/fonts/ (scripts/math-font.mjs writes it at `npm run compile`). */
export const MATH_FONT_FILE = "STIXTwoMath-Regular.ttf";

let found: string | null | undefined;

/**
 * The unpacked font for typst, or undefined before `npm run compile` has written it. From
 * lib/render/ and lib/bundle/ it is ../fonts/; from the TypeScript sources, ../../lib/fonts/.
 */
export function mathFontPath(): string | undefined {
  if (found === undefined) {
    const candidates = [new URL(`../fonts/${MATH_FONT_FILE}`, import.meta.url), new URL(`../../lib/fonts/${MATH_FONT_FILE}`, import.meta.url)].map((u) => fileURLToPath(u));
    found = candidates.find((p) => existsSync(p)) ?? null;
  }
  return found ?? undefined;
}

let woff2: Uint8Array | undefined;
/** The whole face as fontsource ships it, WOFF2 (Chromium's print edition: its PDF embeds only the glyphs used). */
export function mathFontWoff2(): Uint8Array {
  woff2 ??= new Uint8Array(readFileSync(createRequire(import.meta.url).resolve("@fontsource/stix-two-math/files/stix-two-math-latin-400-normal.woff2")));
  return woff2;
}

const range = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)).join("");
/**
 * Characters every subset keeps besides the formulas' own: ASCII; the radical sign a browser
 * draws a square root with though no text holds it; and the mathematical italic letters, Latin
 * and Greek, which a browser shows for a one-letter <mi>x</mi> (MathML's automatic italic maps
 * x to U+1D465 𝑥, a character no text holds either).
 */
const ALWAYS = [range(0x20, 0x7e), "\u221A", range(0x1d434, 0x1d467), "\u210E", range(0x1d6a4, 0x1d6a5), range(0x1d6e2, 0x1d71b)].join("");

const subsets = new Map<string, Promise<Uint8Array>>();
/**
 * The math face cut to the characters the book's formulas show (TrueType), with everything
 * HarfBuzz's subsetter keeps for them: the MATH table's size variants and stretchy parts (a
 * displayed ∑, tall parentheses), script-size forms. ~20 kB for a chapter of formulas instead
 * of the whole 400 kB face, in the EPUB and the HTML edition. Computed once per text.
 */
export function mathFontSubset({ text }: { text: string }): Promise<Uint8Array> {
  const chars = [...new Set([...ALWAYS, ...text])].sort().join("");
  let subset = subsets.get(chars);
  if (!subset) {
    subset = (async () => {
      const { default: subsetFont } = await import("subset-font");
      return new Uint8Array(await subsetFont(Buffer.from(mathFontWoff2()), chars, { targetFormat: "truetype" }));
    })();
    subsets.set(chars, subset);
  }
  return subset;
}

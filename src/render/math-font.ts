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
const FILE = "STIXTwoMath-Regular.ttf";

let found: string | null | undefined;

/**
 * The unpacked font for typst, or undefined before `npm run compile` has written it. From
 * lib/render/ and lib/bundle/ it is ../fonts/; from the TypeScript sources, ../../lib/fonts/.
 */
export function mathFontPath(): string | undefined {
  if (found === undefined) {
    const candidates = [new URL(`../fonts/${FILE}`, import.meta.url), new URL(`../../lib/fonts/${FILE}`, import.meta.url)].map((u) => fileURLToPath(u));
    found = candidates.find((p) => existsSync(p)) ?? null;
  }
  return found ?? undefined;
}

let woff: Uint8Array | undefined;
/** The WOFF as fontsource ships it (for Chromium's @font-face). */
export function mathFontWoff(): Uint8Array {
  woff ??= new Uint8Array(readFileSync(createRequire(import.meta.url).resolve("@fontsource/stix-two-math/files/stix-two-math-latin-400-normal.woff")));
  return woff;
}

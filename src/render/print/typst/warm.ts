/**
 * The typst engine's worker, started early: `build` calls this before converting, so Node, the
 * typst module and the fonts load in a child process while pandoc runs (a few hundred ms of a
 * cold build). Kept apart from index.ts so the build does not load pdf-lib to do it.
 */
import { mathFontPath } from "../../math-font.js";
import { printFontFiles } from "../../print-fonts.js";
import { prewarmTypst } from "./compiler.js";

/** The font files every typst worker is started with (the full Source Serif 4, and the math face). */
export function typstFonts(): string[] {
  const math = mathFontPath();
  return [...printFontFiles().map((f) => f.path), ...(math ? [math] : [])];
}

export function prewarmTypstEngine(): void {
  prewarmTypst({ fonts: typstFonts() });
}

/**
 * Caps on what one image may cost an edition, as data so the CLI and tests can raise or lower
 * them. They exist because a small file can be a huge job: a 2 KB PNG can declare 20000x20000
 * pixels (1.6 GB decoded), and a 2 KB SVG of nested <use> copies can make Chromium draw a billion
 * elements. Every cap is checked before anything is decoded or rendered.
 */

export interface Limits {
  /** Width x height of a raster image (PNG, JPEG, GIF, WebP), read from its header. */
  maxImagePixels: number;
  /** Width x height summed over the book's raster images: print decodes them all. */
  maxTotalImagePixels: number;
  /** Elements in one SVG file, as written. */
  maxSvgElements: number;
  /** How many <use> references may lead through each other (a <use> of a <use> of a shape is 2). */
  maxSvgUseDepth: number;
  /** Element instances an SVG would draw once every <use> is expanded. */
  maxSvgUseExpansion: number;
  /** Memory one pandoc run may use, in MiB (native: its heap; pandoc-wasm: its linear memory). */
  pandocMemoryMb: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  // 50 megapixels: above any print photo (a 300 dpi A4 page is 8.7 MP) yet 200 MB decoded, not gigabytes.
  maxImagePixels: 50_000_000,
  // 600 megapixels in all: ~50 phone photos at full size. Typst holds every decoded image of a
  // book at once (~3 bytes a pixel): thirty 49 MP images took it to 4.3 GB.
  maxTotalImagePixels: 600_000_000,
  maxSvgElements: 50_000,
  maxSvgUseDepth: 8,
  maxSvgUseExpansion: 100_000,
  // 1 GiB: a whole novel converts in under 300 MB, while pathological Markdown (unclosed brackets,
  // fences) can take pandoc to many gigabytes before any timeout ends it.
  pandocMemoryMb: 1024,
});

/** The defaults with any caps the caller gave. */
export function resolveLimits(limits?: Partial<Limits>): Limits {
  return { ...DEFAULT_LIMITS, ...(limits ?? {}) };
}

/**
 * How deep lists, quotes and HTML elements may nest (fixed caps, not raisable: past them nothing
 * would render at all). typst reads a block's elements as JSON, which its reader stops at 128
 * levels of arrays and objects (two per element), and a template walking deeper meets typst's
 * call-depth limit, so print sets what is deeper than PRINT_NESTING as plain text; XML readers
 * (libxml2, behind epubcheck and many reading systems) stop a document at 256 levels, so every
 * edition does the same past MAX_NESTING. Every word is kept either way.
 */
export const PRINT_NESTING = 20;
export const MAX_NESTING = 64;

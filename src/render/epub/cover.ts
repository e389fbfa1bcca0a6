/**
 * The cover image: the metadata's own (an asset), else one generated from `epub-cover-svg.liquid`
 * (the design of `cover.liquid`, laid out here with the typeface's own metrics) and drawn to a
 * 1600×2560 PNG by resvg, in-process: no browser starts for an EPUB. Fonts are given to resvg
 * explicitly (the full Source Serif 4 OTFs in the small-text optical size, the cut the web
 * subsets of fonts.ts are made from, so the cover keeps its look; plus the Noto fonts for scripts
 * it lacks), never the
 * machine's fonts, so the picture is the same everywhere. Should resvg be unavailable, the EPUB
 * carries the SVG itself.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { diag, type Diagnostic } from "../../diagnostics.js";
import type { Book } from "../../model/book.js";
import { labelText, type Labels } from "../labels.js";
import { sourceSerifPath } from "../print-fonts.js";
import type { Templates } from "../templates.js";
import { readFontMetrics, type FontMetrics } from "./cover-metrics.js";
import { drawPng } from "./cover-raster.js";
import { trace } from "../../stages.js";
import { typographicMetadata } from "../typographic.js";
import { VERSION } from "../../version.js";
import type { ByteStore } from "../../byte-store.js";

export const COVER_WIDTH = 1600;
export const COVER_HEIGHT = 2560;
/** Where the other scripts' fonts are looked for (Debian/Ubuntu `fonts-noto-*`). */
export const FALLBACK_FONT_DIRS = ["/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto"];

export interface CoverImage {
  /** Path inside the EPUB's content folder, e.g. "images/cover.png". */
  href: string;
  mediaType: string;
  bytes: Uint8Array;
  /** Text alternative for the cover page. */
  alt: string;
  /** True when the image is one of the book's assets (already in the manifest). */
  fromAssets: boolean;
  /** Intrinsic size in px, when known: the cover page scales it to the screen in an SVG viewBox. */
  width?: number;
  height?: number;
}

export function coverAlt(book: Pick<Book, "metadata">): string {
  const m = book.metadata;
  const by = m.authors.length > 0 ? ` by ${m.authors.map((a) => a.name).join(", ")}` : "";
  return `Cover: ${m.title}${m.subtitle ? `: ${m.subtitle}` : ""}${by}`;
}

export async function makeCover(options: { book: Pick<Book, "metadata" | "assets">; templates: Templates; labels?: Labels }): Promise<{ cover: CoverImage; diagnostics: Diagnostic[] }> {
  const { book, templates } = options;
  const alt = coverAlt(book);
  const given = book.metadata.cover;
  if (given) {
    const asset = book.assets.find((a) => a.path === given);
    if (asset) {
      const size = asset.widthPx && asset.heightPx ? { width: asset.widthPx, height: asset.heightPx } : {};
      return { cover: { href: asset.path, mediaType: asset.mediaType, bytes: asset.bytes, alt, fromAssets: true, ...size }, diagnostics: [] };
    }
  }
  const diagnostics: Diagnostic[] = [];
  if (given) {
    diagnostics.push(diag("render/cover", { message: `the cover image "${given}" is not among the book's files; a cover was generated instead`, field: "cover" }));
  }
  const { svg, text } = await svgCover({ book, templates, alt, labels: options.labels ?? {} });
  try {
    const bytes = await rasterize({ svg, text });
    return { cover: { href: "images/cover.png", mediaType: "image/png", bytes, alt, fromAssets: false, width: COVER_WIDTH, height: COVER_HEIGHT }, diagnostics };
  } catch (error) {
    diagnostics.push(diag("render/cover", { severity: "info", message: `the cover could not be drawn to PNG (${(error as Error).message}); the EPUB has the SVG cover instead` }));
  }
  return { cover: { href: "images/cover.svg", mediaType: "image/svg+xml", bytes: new TextEncoder().encode(svg), alt, fromAssets: false, width: COVER_WIDTH, height: COVER_HEIGHT }, diagnostics };
}

let drawn = 0;
/** Covers drawn to PNG by this process so far (a test sees an early-started cover reused). */
export function coversDrawn(): number {
  return drawn;
}

let kept: ByteStore | undefined;
/**
 * Keeps each drawn picture in `store` (a packet's cache, src/packet/cache.ts), by a hash of the
 * SVG, the drawing options, resvg's and imprint's versions and the fonts; a later draw of the
 * same picture reads it back. A packet rebuilt after a one-item edit drew its own cover and the
 * item's again, ~0.3 s of CPU each, for the same pixels. `undefined` stops keeping them.
 */
export function keepDrawnCovers({ store }: { store: ByteStore | undefined }): void {
  kept = store;
}

let drawing: string | undefined;
function drawnCoverKey({ svg, options }: { svg: string; options: unknown }): string {
  // What else decides the pixels, read once: resvg's version and the fonts' sizes (a font package updated in place draws others).
  drawing ??= JSON.stringify([
    "imprint-cover",
    VERSION,
    (JSON.parse(readFileSync(createRequire(import.meta.url).resolve("@resvg/resvg-js/package.json"), "utf8")) as { version: string }).version,
    coverFontFiles().map((f) => statSync(f, { throwIfNoEntry: false })?.size ?? 0),
  ]);
  return createHash("sha256").update(drawing).update(JSON.stringify(options)).update(svg).digest("hex");
}

/** The SVG drawn to PNG at its own size, with only the fonts named here. */
export async function rasterize({ svg, text, fallbackDirs = FALLBACK_FONT_DIRS }: { svg: string; text: string; fallbackDirs?: readonly string[] }): Promise<Uint8Array> {
  const files = coverFontFiles();
  const needsFallback = [...text].some((ch) => !/\s/.test(ch) && !coveredByBookFont(ch.codePointAt(0) ?? 0));
  const options = {
    font: {
      loadSystemFonts: false,
      fontFiles: files,
      ...(needsFallback ? { fontDirs: fallbackDirs.filter((d) => existsSync(d)) } : {}),
      defaultFontFamily: "Source Serif 4",
      serifFamily: "Source Serif 4",
    },
    fitTo: { mode: "original" as const },
  };
  const store = kept;
  const key = store ? drawnCoverKey({ svg, options }) : "";
  const hit = store ? await store.get(key).catch(() => undefined) : undefined;
  if (hit) return hit;
  const png = await draw({ svg, options });
  await store?.set(key, png).catch(() => undefined);
  return png;
}

async function draw({ svg, options }: { svg: string; options: unknown }): Promise<Uint8Array> {
  drawn++;
  trace("cover drawing starts");
  const png = await drawPng({ svg, options });
  trace("cover drawn");
  return png;
}

type Face = { weight: 400 | 700; style: "normal" | "italic" };
const FACE_FILES: Array<Face & { fileName: string }> = [
  { weight: 400, style: "normal", fileName: "SourceSerif4SmText-Regular.otf" },
  { weight: 400, style: "italic", fileName: "SourceSerif4SmText-It.otf" },
  { weight: 700, style: "normal", fileName: "SourceSerif4SmText-Bold.otf" },
  { weight: 700, style: "italic", fileName: "SourceSerif4SmText-BoldIt.otf" },
];
const fontPath = (fileName: string): string => sourceSerifPath({ folder: "OTF", fileName });
const coverFontFiles = (): string[] => FACE_FILES.map((f) => fontPath(f.fileName));

const metricsCache = new Map<string, FontMetrics>();
function face({ weight, style }: Face): FontMetrics {
  const file = FACE_FILES.find((f) => f.weight === weight && f.style === style);
  if (!file) throw new Error(`no cover font ${weight} ${style}`);
  let m = metricsCache.get(file.fileName);
  if (!m) {
    m = readFontMetrics(new Uint8Array(readFileSync(fontPath(file.fileName))));
    metricsCache.set(file.fileName, m);
  }
  return m;
}
const coveredByBookFont = (cp: number): boolean => face({ weight: 400, style: "normal" }).advance(cp) !== undefined;

// The web subsets (which cover.liquid used in Chromium) set about 2.5 % wider than the OTF cut:
// lines break where they broke in Chromium. Small caps are capitals at 0.7 of the size, as
// Chromium makes them from those subsets (they carry no smcp).
const WEB_CUT_WIDTH = 1.025;
const SMALL_CAP_WIDTH = 0.7;

/** A small-caps line as runs: the text's capitals at full size, its lower case as smaller capitals. */
export function smallCapRuns(text: string): Array<{ text: string; small: boolean }> {
  const runs: Array<{ text: string; small: boolean }> = [];
  for (const ch of text) {
    const small = ch !== ch.toUpperCase();
    const last = runs[runs.length - 1];
    const shown = small ? ch.toUpperCase() : ch;
    if (last && last.small === small) last.text += shown;
    else runs.push({ text: shown, small });
  }
  return runs;
}

/** One run of text as CSS sets it: size, tracking, and (for small caps) a narrower lower case. */
interface TextStyle {
  metrics: FontMetrics;
  size: number;
  letterSpacing: number;
  smallCaps?: boolean;
}

function textWidth(text: string, s: TextStyle): number {
  let units = 0;
  let chars = 0;
  for (const ch of text) {
    const lower = s.smallCaps && ch !== ch.toUpperCase();
    const cp = (lower ? ch.toUpperCase() : ch).codePointAt(0) ?? 0;
    // A glyph the face lacks comes from a fallback font: an em is a fair guess for CJK and others.
    const advance = s.metrics.advance(cp) ?? s.metrics.unitsPerEm;
    units += lower ? advance * SMALL_CAP_WIDTH : advance;
    chars++;
  }
  return (units * s.size * WEB_CUT_WIDTH) / s.metrics.unitsPerEm + chars * s.letterSpacing;
}

/**
 * Greedy line breaking by width, as CSS does for `text-align: center` without hyphenation; a word
 * wider than the line (a long compound, or a CJK title without spaces) breaks between characters.
 */
export function wrapToWidth({ text, width, style }: { text: string; width: number; style: TextStyle }): string[] {
  const lines: string[] = [];
  let line = "";
  const push = (word: string) => {
    const tried = line ? `${line} ${word}` : word;
    if (!line || textWidth(tried, style) <= width) line = tried;
    else {
      lines.push(line);
      line = word;
    }
  };
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (textWidth(word, style) <= width) push(word);
    else {
      let piece = "";
      for (const ch of word) {
        if (piece && textWidth(piece + ch, style) > width) {
          push(piece);
          piece = "";
        }
        piece += ch;
      }
      if (piece) push(piece);
    }
  }
  if (line) lines.push(line);
  return lines;
}

// cover.liquid's box model, in CSS pixels: the SVG reproduces its layout line for line.
const PAD = { top: 260, side: 170, bottom: 200 };
const CONTENT = COVER_WIDTH - 2 * PAD.side;
const RULE = { width: 280, height: 6, margin: 90 };

/** Baselines of `count` lines set from `top` with line height `lineHeight` (CSS half-leading). */
function baselines({ top, count, lineHeight, style }: { top: number; count: number; lineHeight: number; style: TextStyle }): number[] {
  const { ascender, descender, unitsPerEm } = style.metrics;
  const asc = (ascender * style.size) / unitsPerEm;
  const content = ((ascender + descender) * style.size) / unitsPerEm;
  return Array.from({ length: count }, (_, i) => Math.round((top + i * lineHeight + (lineHeight - content) / 2 + asc) * 10) / 10);
}
const normalLineHeight = (s: TextStyle): number => ((s.metrics.ascender + s.metrics.descender + s.metrics.lineGap) * s.size) / s.metrics.unitsPerEm;

export async function svgCover({ book, templates, alt, labels }: { book: Pick<Book, "metadata">; templates: Templates; alt: string; labels: Labels }): Promise<{ svg: string; text: string }> {
  // Drawn as every edition's title page shows it: typographic quotes.
  const m = typographicMetadata(book.metadata);
  const title: TextStyle = { metrics: face({ weight: 700, style: "normal" }), size: 150, letterSpacing: -1.5 };
  const subtitle: TextStyle = { metrics: face({ weight: 400, style: "italic" }), size: 68, letterSpacing: 0 };
  const author: TextStyle = { metrics: face({ weight: 400, style: "normal" }), size: 84, letterSpacing: 3.36, smallCaps: true };
  const publisher: TextStyle = { metrics: face({ weight: 400, style: "normal" }), size: 52, letterSpacing: 6.24 };

  const titleText = wrapToWidth({ text: m.title, width: CONTENT, style: title });
  const titleY = baselines({ top: PAD.top, count: titleText.length, lineHeight: 162, style: title });
  const ruleY = PAD.top + titleText.length * 162 + RULE.margin;
  const subtitleText = m.subtitle ? wrapToWidth({ text: m.subtitle, width: CONTENT, style: subtitle }) : [];
  const subtitleY = baselines({ top: ruleY + RULE.height + RULE.margin, count: subtitleText.length, lineHeight: 85, style: subtitle });

  // The bottom block sits on the bottom padding: publisher, the rule above it, the authors above that.
  const and = labelText({ labels, key: "and", fallback: "and" });
  const names = m.authors.map((a) => a.name);
  const authors = names.length > 1 ? `${names.slice(0, -1).join(", ")} ${and} ${names[names.length - 1]}` : (names[0] ?? "");
  const publisherText = m.publisher ? m.publisher.toUpperCase() : "";
  let bottom = COVER_HEIGHT - PAD.bottom;
  let publisherY: number | undefined;
  let publisherRuleY: number | undefined;
  if (publisherText) {
    const h = normalLineHeight(publisher);
    publisherY = baselines({ top: bottom - h, count: 1, lineHeight: h, style: publisher })[0];
    publisherRuleY = Math.round(bottom - h - RULE.margin - RULE.height);
    bottom = publisherRuleY - RULE.margin;
  }
  const authorText = authors ? wrapToWidth({ text: authors, width: CONTENT, style: author }) : [];
  const authorH = normalLineHeight(author);
  const authorY = baselines({ top: bottom - authorText.length * authorH, count: authorText.length, lineHeight: authorH, style: author });
  const lines = (texts: string[], ys: number[]) => texts.map((text, i) => ({ text, y: ys[i], runs: smallCapRuns(text) }));

  const svg = await templates.render("epub-cover-svg.liquid", {
    width: COVER_WIDTH,
    height: COVER_HEIGHT,
    lang: m.language,
    dir: m.direction,
    label: alt,
    titleLines: lines(titleText, titleY),
    ruleY,
    ruleX: (COVER_WIDTH - RULE.width) / 2,
    smallCapSize: Math.round(84 * SMALL_CAP_WIDTH * 10) / 10,
    subtitleLines: lines(subtitleText, subtitleY),
    authors,
    authorLines: lines(authorText, authorY),
    publisher: publisherText,
    publisherY,
    publisherRuleY,
  });
  return { svg, text: [m.title, m.subtitle ?? "", authors, publisherText].join(" ") };
}

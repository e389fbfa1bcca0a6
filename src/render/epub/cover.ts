/**
 * The cover image: the metadata's own (an asset), else one generated from `cover.liquid` and
 * rendered by Chromium to a 1600×2560 PNG, else (no browser) an SVG drawn from the same design so
 * a build without Chromium still has a cover.
 */
import { diag, DiagnosticError, type Diagnostic } from "../../diagnostics.js";
import type { Book } from "../../model/book.js";
import type { BrowserSession, ServedFile } from "../browser.js";
import { fontFaceCss, type FontFile } from "../fonts.js";
import type { Templates } from "../templates.js";

export const COVER_WIDTH = 1600;
export const COVER_HEIGHT = 2560;

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

export function coverAlt(book: Book): string {
  const m = book.metadata;
  const by = m.authors.length > 0 ? ` by ${m.authors.map((a) => a.name).join(", ")}` : "";
  return `Cover: ${m.title}${m.subtitle ? `: ${m.subtitle}` : ""}${by}`;
}

export async function makeCover(options: {
  book: Book;
  templates: Templates;
  fonts: FontFile[];
  browser?: BrowserSession;
}): Promise<{ cover: CoverImage; diagnostics: Diagnostic[] }> {
  const { book, templates, fonts, browser } = options;
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
    diagnostics.push(
      diag("render/cover", { message: `the cover image "${given}" is not among the book's files; a cover was generated instead`, field: "cover" }),
    );
  }
  if (browser) {
    try {
      const html = await templates.render("cover.liquid", { book, fontFaces: fontFaceCss({ files: fonts, urlPrefix: "fonts/" }) });
      const files = new Map<string, ServedFile>(fonts.map((f) => [`fonts/${f.fileName}`, { bytes: f.bytes, mediaType: f.mediaType }]));
      const bytes = await browser.screenshot({ html, files, width: COVER_WIDTH, height: COVER_HEIGHT, deviceScaleFactor: 1 });
      return { cover: { href: "images/cover.png", mediaType: "image/png", bytes, alt, fromAssets: false, width: COVER_WIDTH, height: COVER_HEIGHT }, diagnostics };
    } catch (error) {
      if (!(error instanceof DiagnosticError)) throw error;
      diagnostics.push(...error.diagnostics);
    }
  } else {
    diagnostics.push(
      diag("render/cover", {
        severity: "info",
        message: "no browser was available to render the cover template to PNG; the EPUB has an SVG cover drawn from the same design",
      }),
    );
  }
  const svg = await svgCover({ book, templates, alt });
  return { cover: { href: "images/cover.svg", mediaType: "image/svg+xml", bytes: new TextEncoder().encode(svg), alt, fromAssets: false, width: COVER_WIDTH, height: COVER_HEIGHT }, diagnostics };
}

/** Greedy line breaking by an average glyph width (SVG text does not wrap). */
export function wrapText({ text, maxChars }: { text: string; maxChars: number }): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && (line + " " + word).length > maxChars) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

async function svgCover({ book, templates, alt }: { book: Book; templates: Templates; alt: string }): Promise<string> {
  const m = book.metadata;
  const title = wrapText({ text: m.title, maxChars: 14 }).slice(0, 6);
  const titleLines = title.map((text, i) => ({ text, y: 430 + i * 165 }));
  const ruleY = 430 + (title.length - 1) * 165 + 110;
  const subtitleLines = wrapText({ text: m.subtitle ?? "", maxChars: 34 })
    .slice(0, 6)
    .map((text, i) => ({ text, y: ruleY + 160 + i * 86 }));
  return templates.render("epub-cover-svg.liquid", {
    width: COVER_WIDTH,
    height: COVER_HEIGHT,
    lang: m.language,
    label: alt,
    titleLines,
    ruleY,
    subtitleLines,
    authors: m.authors.map((a) => a.name).join(", "),
    publisher: m.publisher ? m.publisher.toUpperCase() : "",
  });
}

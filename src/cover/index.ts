/**
 * The paperback's full-wrap cover PDF (`<slug>-cover.pdf`): templates/cover-wrap.liquid rendered
 * by Chromium at the sheet's size, then exact boxes (TrimBox = the whole wrap without bleed) and
 * the metadata set with pdf-lib. The metadata's cover image, when there is one, fills the front.
 */
import { PDFDocument } from "pdf-lib";
import { diag, DiagnosticError, type Diagnostic } from "../diagnostics.js";
import type { Book } from "../model/book.js";
import type { BrowserSession, ServedFile } from "../render/browser.js";
import { bookFontsFor, fontFaceCss } from "../render/fonts.js";
import { typographicMetadata } from "../render/typographic.js";
import { setMetadata } from "../render/pdf/postprocess.js";
import { TemplateRenderError, type Templates } from "../render/templates.js";
import type { RenderResult } from "../render/types.js";
import { SERVICE_MIN_PAGES } from "../render/pdf/geometry.js";
import { coverGeometry, PAPER_IN_PER_PAGE, type CoverGeometry, type Rect } from "./spine.js";

export { coverGeometry, PAPER_IN_PER_PAGE, SPINE_TEXT_MIN_WIDTH_IN, type CoverGeometry } from "./spine.js";

/**
 * A wrap for fewer pages than the print service binds (KDP 24, IngramSpark 18: SERVICE_MIN_PAGES)
 * would be rejected, or reprinted once the interior is padded: warn. With no service chosen
 * (`print.preflight: none`), the smallest minimum of any service is the bar.
 */
export function coverPageCountDiagnostics({ book, pageCount }: { book: Book; pageCount: number }): Diagnostic[] {
  const service = book.metadata.print.preflight;
  const min = service === "none" ? Math.min(SERVICE_MIN_PAGES.kdp, SERVICE_MIN_PAGES.ingram) : SERVICE_MIN_PAGES[service];
  if (pageCount >= min) return [];
  const bar =
    service === "none"
      ? `no print service binds fewer than ${min} (IngramSpark ${SERVICE_MIN_PAGES.ingram}, KDP ${SERVICE_MIN_PAGES.kdp})`
      : `${service === "kdp" ? "KDP" : "IngramSpark"} (print.preflight: ${service}) binds at least ${min}`;
  return [
    diag("render/cover-page-count", {
      message: `the cover wrap is for ${pageCount} pages, but ${bar}; its spine (${(pageCount * PAPER_IN_PER_PAGE[book.metadata.print.paper]).toFixed(3)} in) would not match the padded book`,
      file: "metadata.yaml",
    }),
  ];
}

const r2 = (n: number): number => Math.round(n * 1000) / 1000;
const box = (r: Rect): Record<string, number> => ({ x: r2(r.x), y: r2(r.y), width: r2(r.width), height: r2(r.height) });

export async function coverWrapHtml({ book: given, templates, geometry }: { book: Book; templates: Templates; geometry: CoverGeometry }): Promise<{ html: string; files: Map<string, ServedFile> }> {
  // The cover sets metadata strings as a typesetter would (curly quotes and apostrophes).
  const book: Book = { ...given, metadata: typographicMetadata(given.metadata) };
  const m = book.metadata;
  const fonts = bookFontsFor({ text: [m.title, m.subtitle ?? "", m.description ?? "", ...m.authors.map((a) => a.name), m.publisher ?? ""].join(" ") });
  const files = new Map<string, ServedFile>(fonts.map((f) => [`fonts/${f.fileName}`, { bytes: f.bytes, mediaType: f.mediaType }]));
  const cover = m.cover ? book.assets.find((a) => a.path === m.cover) : undefined;
  if (cover) files.set(cover.path, { bytes: cover.bytes, mediaType: cover.mediaType });
  const html = await templates.render("cover-wrap.liquid", {
    book,
    fontFaces: fontFaceCss({ files: fonts, urlPrefix: "fonts/" }),
    coverImage: cover?.path,
    sheet: { width: r2(geometry.width), height: r2(geometry.height), bleed: r2(geometry.bleed) },
    back: box(geometry.back),
    spine: box(geometry.spine),
    front: box(geometry.front),
    barcode: box(geometry.barcode),
    spineText: geometry.spineText,
    spineFontSize: r2(geometry.spineFontSize),
  });
  return { html, files };
}

export async function renderCoverWrap({ book, templates, browser, pageCount }: { book: Book; templates: Templates; browser: BrowserSession; pageCount: number }): Promise<RenderResult> {
  const diagnostics: Diagnostic[] = [];
  const timings: Record<string, number> = {};
  const start = performance.now();
  const geometry = coverGeometry({ print: book.metadata.print, pageCount, direction: book.metadata.direction });
  diagnostics.push(...coverPageCountDiagnostics({ book, pageCount }));
  try {
    const { html, files } = await coverWrapHtml({ book, templates, geometry });
    const body = await browser.pdf({ html, files, options: { preferCSSPageSize: true, printBackground: true, tagged: false, outline: false, waitForFonts: true } });
    const doc = await PDFDocument.load(body, { updateMetadata: false });
    // Chromium sizes pages in 1/300 in steps; the wrap must be exact to the printer's template.
    for (const page of doc.getPages()) {
      page.setMediaBox(0, 0, geometry.width, geometry.height);
      page.setBleedBox(0, 0, geometry.width, geometry.height);
      page.setTrimBox(geometry.bleed, geometry.bleed, geometry.width - 2 * geometry.bleed, geometry.height - 2 * geometry.bleed);
    }
    for (let i = doc.getPageCount() - 1; i > 0; i--) doc.removePage(i); // a wrap is one sheet
    setMetadata({ doc, book });
    doc.setTitle(`${book.metadata.title} (cover)`);
    const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false });
    timings["cover"] = Math.round(performance.now() - start);
    return { artifacts: [{ name: `${book.metadata.slug}-cover.pdf`, mediaType: "application/pdf", bytes }], diagnostics, timings };
  } catch (error) {
    if (error instanceof DiagnosticError) diagnostics.push(...error.diagnostics);
    else if (error instanceof TemplateRenderError) diagnostics.push(diag("render/template", { message: error.message, file: error.file.path, ...(error.line !== undefined ? { line: error.line } : {}) }));
    else throw error;
    return { artifacts: [], diagnostics, timings };
  }
}

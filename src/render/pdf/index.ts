/**
 * The print edition: Book → print HTML → Chromium → PDF, in two passes. The measuring pass links
 * to every opener, heading and section block so Chromium records where each landed; the plan
 * inserts blank versos before recto openers, fixes the gutter for the page count and numbers the
 * contents; the final pass renders that, a small overlay document carries folios and running heads,
 * and pdf-lib stamps them and writes the metadata. Same Book, same bytes.
 */
import { PDFDocument } from "pdf-lib";
import { diag, DiagnosticError, type Diagnostic } from "../../diagnostics.js";
import type { Book } from "../../model/book.js";
import type { BrowserSession } from "../browser.js";
import { TemplateRenderError, type Templates } from "../templates.js";
import type { PageStart, RenderResult } from "../types.js";
import { minimumGutterIn, pageGeometry, SERVICE_MIN_PAGES, type PageGeometry } from "./geometry.js";
import { measureDocument, measurePdf } from "./measure.js";
import { overlayFiles, overlayHtml, stampOverlay } from "./overlay.js";
import { measureIds, pageLabel, planPages, rectoOpeners, type PagePlan } from "./plan.js";
import { setBoxes, setMetadata } from "./postprocess.js";
import { writeOutline } from "./outline.js";
import { renumberStructIds } from "./struct-ids.js";
import { removeSoftHyphens } from "./text-layer.js";
import { labelsFor, type Labels } from "../labels.js";
import { prepareBook, printHtml, type PreparedBook } from "./print-html.js";
import { estimatePages } from "../estimate-pages.js";

export { estimatePages };

export interface RenderPdfOptions {
  book: Book;
  templates: Templates;
  browser: BrowserSession;
  /**
   * Crop marks in a slug outside the bleed. Default: on with bleed, unless the book targets a
   * print-on-demand service (`print.preflight` kdp or ingram: both reject printer marks).
   */
  cropMarks?: boolean;
  labels?: Labels;
  /** The page starts once measured, before the final print (build.ts starts the EPUB on them). */
  onPageStarts?: (starts: PageStart[]) => void;
}

export interface PdfRenderResult extends RenderResult {
  pageStarts: PageStart[];
  pageCount: number;
  /** The final print HTML (for golden tests and debugging). */
  html?: string;
}

/** Chromium's PDF options: the page size comes from our @page rules. */
export const PDF_OPTIONS = { preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, waitForFonts: true } as const;

const MAX_MEASURES = 3;

export async function renderPdf(options: RenderPdfOptions): Promise<PdfRenderResult> {
  const { book, templates, browser, cropMarks } = options;
  const timings: Record<string, number> = {};
  const diagnostics: Diagnostic[] = [];
  const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = Math.round((timings[name] ?? 0) + performance.now() - start);
    }
  };
  const empty: PdfRenderResult = { artifacts: [], diagnostics, timings, pageStarts: [], pageCount: 0 };
  try {
    const prepared = await time("pdf-prepare", async () => prepareBook({ book }));
    const ids = measureIds({ book });
    const openers = rectoOpeners({ book });
    const labels = options.labels ?? labelsFor({ metadata: book.metadata, templates });
    const placeholders = Object.fromEntries(ids.map((id) => [id, "000"]));

    // Measure until the gutter agrees with the page count it produces (usually once).
    let assumedPages = estimatePages({ book });
    let geometry: PageGeometry = pageGeometry({ print: book.metadata.print, pageCount: assumedPages });
    let plan: PagePlan | undefined;
    for (let i = 0; i < MAX_MEASURES; i++) {
      const html = await printHtml({ prepared, templates, geometry, pages: placeholders, blanksBefore: [], trailingBlanks: 0, measureIds: ids, openers, labels });
      const bytes = await time("pdf-measure", () => browser.pdf({ html, files: prepared.files, options: { ...PDF_OPTIONS, tagged: false, outline: false } }));
      plan = planPages({ book: prepared.book, measurement: await measurePdf({ bytes }), minPages: SERVICE_MIN_PAGES[book.metadata.print.preflight] });
      if (minimumGutterIn({ pageCount: plan.pageCount }) === minimumGutterIn({ pageCount: assumedPages })) break;
      assumedPages = plan.pageCount;
      geometry = pageGeometry({ print: book.metadata.print, pageCount: assumedPages });
    }
    if (!plan) throw new Error("no measuring pass ran");
    const finalPlan = plan;
    // The final print follows this plan: its page starts are the result's.
    options.onPageStarts?.(finalPlan.pageStarts);

    const pages = Object.fromEntries([...finalPlan.pageOf].map(([id, p]) => [id, pageLabel(p)]));
    const html = await printHtml({ prepared, templates, geometry, pages, blanksBefore: finalPlan.blanksBefore, trailingBlanks: finalPlan.trailingBlanks, measureIds: [], openers, labels });
    const overlay = overlayHtml({ book: prepared.book, roles: finalPlan.pages, geometry, fontCss: prepared.fontCss });
    const [body, stamps] = await time("pdf-render", () =>
      Promise.all([
        browser.pdf({ html, files: prepared.files, options: { ...PDF_OPTIONS, outline: false } }),
        browser.pdf({ html: overlay, files: overlayFiles({ files: prepared.files }), options: { ...PDF_OPTIONS, tagged: false, outline: false } }),
      ]),
    );

    const bytes = await time("pdf-postprocess", async () => {
      const doc = await PDFDocument.load(body, { updateMetadata: false });
      // Chromium's table-cell ids count the renderer's DOM nodes, so they hang on the browser's history.
      renumberStructIds({ doc });
      // Before stamping: the overlay's own text has no soft hyphens, and its forms stay untouched.
      removeSoftHyphens({ doc });
      diagnostics.push(...verify({ doc, plan: finalPlan, book }));
      await stampOverlay({ doc, overlay: stamps, roles: finalPlan.pages });
      writeOutline({ doc, book, pageOf: finalPlan.pageOf, labels });
      setMetadata({ doc, book });
      setBoxes({ doc, geometry, direction: book.metadata.direction, cropMarks: cropMarks ?? (book.metadata.print.bleed && book.metadata.print.preflight === "none") });
      return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
    });
    return {
      artifacts: [{ name: `${book.metadata.slug}.pdf`, mediaType: "application/pdf", bytes }],
      diagnostics,
      timings,
      pageStarts: finalPlan.pageStarts,
      pageCount: finalPlan.pageCount,
      html,
    };
  } catch (error) {
    if (error instanceof DiagnosticError) diagnostics.push(...error.diagnostics);
    else if (error instanceof TemplateRenderError) diagnostics.push(diag("render/template", { message: error.message, file: error.file.path, ...(error.line !== undefined ? { line: error.line } : {}) }));
    else throw error;
    return empty;
  }
}

/** The final render must put every opener and heading where the plan said (else the contents lie). */
function verify({ doc, plan, book }: { doc: PDFDocument; plan: PagePlan; book: Book }): Diagnostic[] {
  const found = measureDocument({ doc });
  const wrong: string[] = [];
  for (const [id, page] of found.pages) {
    const expected = plan.pageOf.get(id);
    if (expected !== undefined && expected !== page) wrong.push(`${id} on page ${pageLabel(page)}, not ${pageLabel(expected)}`);
  }
  if (found.pageCount !== plan.pageCount) wrong.push(`${found.pageCount} pages, not ${plan.pageCount}`);
  if (wrong.length === 0) return [];
  return [diag("render/pdf-layout", { message: `the final layout moved from the measured one (${wrong.slice(0, 3).join("; ")}); contents page numbers may be off`, file: book.metadata.slug + ".pdf" })];
}

export type { PreparedBook };

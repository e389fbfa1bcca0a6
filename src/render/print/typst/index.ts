/**
 * The print edition typeset by typst: Book → /book.json (data, never markup) + templates/print.typ
 * and its partials → typst 0.14 → PDF. Typst itself places recto openers (`pagebreak(to: "odd")`),
 * leaves blank versos bare, numbers the contents and reports every anchor's page; the gutter is
 * chosen for the page count (compiled again when the count changes its class). pdf-lib then adds
 * the blank pages at the back (an even count, a service's minimum: typesetting 800 pages again only
 * to append one empty page cost seconds and a third more memory), writes the outline from the Book,
 * the metadata, and the boxes (bleed, crop marks). Same Book, same bytes.
 */
import { ParseSpeeds, PDFDocument, PDFName, type PDFPage } from "pdf-lib";
import { diag, type Diagnostic } from "../../../diagnostics.js";
import type { Book } from "../../../model/book.js";
import { pathHref } from "../../../model/attributes.js";
import { designFor } from "../../design.js";
import { labelsFor, type Labels } from "../../labels.js";
import { minimumGutterIn, pageGeometry, SERVICE_MIN_PAGES } from "../../pdf/geometry.js";
import { estimatePages } from "../../estimate-pages.js";
import { writeOutline } from "../../pdf/outline.js";
import { setBoxes, setMetadata } from "../../pdf/postprocess.js";
import type { Templates } from "../../templates.js";
import type { PageStart, RenderResult } from "../../types.js";
import { VERSION } from "../../../version.js";
import { openTypst, TYPST_MEMORY_MB, type TypstFile, type TypstMessage } from "./compiler.js";
import { typstFonts } from "./warm.js";
import { pageStartsOf } from "../../page-starts.js";
import { typstBookData, type NotesPlacement, type TypstBookData } from "./data.js";
import { blocksOverPageEnds, hyphenatedPageEnds } from "./page-turns.js";
import { hyphenatedLastLines } from "./last-lines.js";
import { svgWithMetricTwins } from "./svg-fonts.js";
import { printFaceGaps } from "../../../check/print-faces.js";
import { displayBook } from "../../typographic.js";
import { trace } from "../../../stages.js";

export const TYPST_MAIN = "print.typ";
const LAYOUT_LABEL = "<imprint-layout>";
const MAX_PASSES = 6;
/** Passes spent moving hyphens off page ends (each sets one more paragraph without hyphenation). */
const MAX_TURN_PASSES = 2;
/** A compilation longer than this is stopped (a manuscript's own template that never ends). */
export const TYPST_TIMEOUT_MS = 60_000;

export interface RenderTypstOptions {
  book: Book;
  templates: Templates;
  labels?: Labels;
  /** Default: the book's `print.notes`, else endnotes. */
  notes?: NotesPlacement;
  /** Crop marks in a slug outside the bleed (default as the Chromium engine: with bleed, unless aimed at a service). */
  cropMarks?: boolean;
  timeoutMs?: number;
  /** The compiler's memory limit in MiB (default TYPST_MEMORY_MB). */
  memoryMb?: number;
  /** The page starts of the pass about to be finished, before pdf-lib does so (build.ts starts the EPUB on them). */
  onPageStarts?: (starts: PageStart[]) => void;
  /** Settles once the editions rendered on those page starts are put together (run-targets.ts). */
  dependentsRendered?: Promise<void>;
}

export interface TypstRenderResult extends RenderResult {
  pageStarts: PageStart[];
  pageCount: number;
  /** The data and the main template the final pass compiled (golden tests, debugging). */
  source?: { data: TypstBookData; main: string };
}

const IMAGE_EXT: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp", "image/svg+xml": "svg" };

/** The images of the book under fixed virtual names (assets/1.svg…), in the Book's order. */
function imageFiles(book: Book): { files: TypstFile[]; paths: Record<string, string> } {
  const files: TypstFile[] = [];
  const paths: Record<string, string> = {};
  book.assets.forEach((a, i) => {
    const ext = IMAGE_EXT[a.mediaType];
    if (!ext) return;
    const path = `assets/${i + 1}.${ext}`;
    files.push({ path, bytes: ext === "svg" ? new TextEncoder().encode(svgWithMetricTwins(new TextDecoder().decode(a.bytes))) : a.bytes });
    // Blocks carry the path as an href (spaces, # and ? percent-encoded); both name the file.
    paths[a.path] = `/${path}`;
    paths[pathHref(a.path)] = `/${path}`;
  });
  return { files, paths };
}

/** The typst templates: print.typ and every typst/NAME.typ, the manuscript's own first. */
function templateFiles(templates: Templates): TypstFile[] {
  const enc = new TextEncoder();
  return templates.names().filter((n) => n.startsWith("typst/") && n.endsWith(".typ")).map((n) => ({ path: n, bytes: enc.encode(templates.text(n)) }));
}

function messageDiagnostic({ m, templates }: { m: TypstMessage; templates: Templates }): Diagnostic {
  const name = !m.file || m.file === "__main__.typ" ? TYPST_MAIN : m.file;
  const file = templates.file(name);
  const hint = m.hints.length ? ` (${m.hints.join("; ")})` : "";
  // Packages are sealed off (compiler.ts): say so, rather than leave it to look like a network fault.
  const packages = /download package|package .*not found|@(preview|local)\//i.test(m.message) ? "; typst packages (@preview, @local) are not available to a book's templates, which may import only the book's own typst/*.typ files" : "";
  return diag("render/typst", {
    message: `the typst print template failed: ${m.message}${hint}${packages}`,
    file: file?.origin === "manuscript" ? file.path : `templates/${name}`,
    ...(m.line !== undefined ? { line: m.line } : {}),
  });
}

export async function renderTypst(options: RenderTypstOptions): Promise<TypstRenderResult> {
  const { book, templates } = options;
  const timings: Record<string, number> = {};
  const diagnostics: Diagnostic[] = [];
  const empty: TypstRenderResult = { artifacts: [], diagnostics, timings, pageStarts: [], pageCount: 0 };
  const labels = options.labels ?? labelsFor({ metadata: book.metadata, templates });
  const shown = displayBook(book);
  const notes = options.notes ?? book.metadata.print.notes ?? "endnotes";
  const design = designFor({ templates });
  const images = imageFiles(book);
  const fixed = [...templateFiles(templates), ...images.files];
  const main = templates.text(TYPST_MAIN);
  const minPages = SERVICE_MIN_PAGES[book.metadata.print.preflight];
  const session = openTypst({ fonts: typstFonts(), timeoutMs: options.timeoutMs ?? TYPST_TIMEOUT_MS, ...(options.memoryMb ? { memoryMb: options.memoryMb } : {}) });
  const started = performance.now();
  // Characters no print face has, found while typst sets the book (fontconfig answers in its own process).
  const gaps = printFaceGaps({ book, families: [...design.fonts.serif, ...design.fonts.mono] });
  gaps.catch(() => undefined);
  try {
    // Start from the page count the words suggest: the gutter (chosen by page count) is then
    // usually right at the first pass, and a long book is typeset once instead of twice.
    let assumed = estimatePages({ book });
    const noHyphenation = new Set<string>();
    let turnPasses = 0;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      // The pages from the Book as every edition shows it (typographic quotes); the PDF's Info keeps it as typed.
      const data = typstBookData({ book: shown, labels, design, notes, pageCount: assumed, trailingBlanks: 0, imagePaths: images.paths, noHyphenation: [...noHyphenation] });
      const files = [...fixed, { path: "book.json", bytes: new TextEncoder().encode(JSON.stringify(data)) }];
      trace(`typst pass ${pass + 1} of ${book.metadata.slug} starts`);
      const result = await session.compile({ main, mainPath: TYPST_MAIN, files, queries: [LAYOUT_LABEL] });
      trace(`typst pass ${pass + 1} of ${book.metadata.slug} ends (${result.pageCount} pages)`);
      if (result.timedOut || result.outOfMemory) {
        // The manuscript's own typst template is the likely cause, when it has one.
        const own = [TYPST_MAIN, ...templates.names().filter((n) => n.startsWith("typst/"))].map((n) => templates.file(n)).find((f) => f?.origin === "manuscript");
        if (result.outOfMemory) {
          diagnostics.push(diag("render/typst-memory", {
            message: `typst used more than ${options.memoryMb ?? TYPST_MEMORY_MB} MB typesetting the print edition and was stopped; a template that builds up values in a loop (templates/print.typ or templates/typst/) is the usual cause, else very many large images; raise the limit with IMPRINT_TYPST_MEMORY=MB`,
            file: own?.path ?? `templates/${TYPST_MAIN}`,
          }));
          return empty;
        }
        diagnostics.push(diag("render/typst-timeout", {
          message: `typst did not finish the print edition within ${Math.round((options.timeoutMs ?? TYPST_TIMEOUT_MS) / 1000)} s and was stopped; a template that loops (templates/print.typ or templates/typst/) is the usual cause, or raise the limit with IMPRINT_TYPST_TIMEOUT=SECONDS`,
          file: own?.path ?? `templates/${TYPST_MAIN}`,
        }));
        return empty;
      }
      const errors = result.messages.filter((m) => m.severity === "error");
      // A design family this machine lacks is skipped (typst warns); any other warning is the template's.
      diagnostics.push(...result.messages.filter((m) => m.severity === "warning" && !/^unknown font family/.test(m.message)).slice(0, 5).map((m) => ({ ...messageDiagnostic({ m, templates }), severity: "warning" as const })));
      if (!result.pdf || errors.length > 0) {
        diagnostics.push(...(errors.length ? errors : result.messages).slice(0, 5).map((m) => messageDiagnostic({ m, templates })));
        if (diagnostics.length === 0) diagnostics.push(diag("render/typst", { message: "the typst print template produced no PDF", file: `templates/${TYPST_MAIN}` }));
        return empty;
      }
      let wanted = Math.max(result.pageCount, minPages);
      if (wanted % 2 === 1) wanted++;
      if (minimumGutterIn({ pageCount: wanted }) !== minimumGutterIn({ pageCount: assumed }) && pass < MAX_PASSES - 1) {
        assumed = wanted;
        continue;
      }
      const layout = (result.queries[LAYOUT_LABEL] ?? []) as Array<[string, number]>;
      const pageOf = new Map<string, number>(layout.map(([id, page]) => [id, page - 1]));
      // Told for the first full pass only: a paragraph set again may still move a page, and the final result says so.
      if (turnPasses === 0) {
        options.onPageStarts?.(pageStartsOf({ book, pageOf }));
        // The EPUB made on them goes first (its check then runs in its own thread beside pdf-lib).
        await options.dependentsRendered;
      }
      // pdf-lib loads the pass's PDF once: its pages' last lines are read from it (last-lines.ts;
      // pdftotext only for a PDF that reader cannot follow), and it is finished and kept when no
      // paragraph has to be set again (the usual case).
      const post = performance.now();
      // pdf-lib's default parse speed yields to the event loop every 50-100 objects (a timer each):
      // 0.6 s of an 800-page book's 8,600 objects.
      const doc = await PDFDocument.load(result.pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
      if (turnPasses < MAX_TURN_PASSES && pass < MAX_PASSES - 1) {
        const pageEnds = (await hyphenatedLastLines({ doc })) ?? (await hyphenatedPageEnds({ pdf: result.pdf, pageCount: result.pageCount })) ?? [];
        trace(`page ends of ${book.metadata.slug} read (${pageEnds.length} hyphenated)`);
        const fresh = blocksOverPageEnds({ book, pageOf, pages: pageEnds }).filter((id) => !noHyphenation.has(id));
        if (fresh.length > 0) {
          for (const id of fresh) noHyphenation.add(id);
          turnPasses++;
          continue;
        }
      }
      const bytes = await finish({ doc, book, labels, pageOf, pageCount: assumed, blanks: wanted - result.pageCount, cropMarks: options.cropMarks });
      trace(`pdf of ${book.metadata.slug} finished (pdf-lib)`);
      diagnostics.push(...(await gaps.catch(() => [])));
      timings["pdf-typst"] = Math.round(post - started);
      timings["pdf-postprocess"] = Math.round(performance.now() - post);
      return {
        artifacts: [{ name: `${book.metadata.slug}.pdf`, mediaType: "application/pdf", bytes }],
        diagnostics,
        timings,
        pageStarts: pageStartsOf({ book, pageOf }),
        pageCount: wanted,
        source: { data, main },
      };
    }
    throw new Error("no typst pass ran");
  } finally {
    session.close();
  }
}

/** What typst writes on a page it leaves blank: the running head's and folio's empty artifacts. */
const BLANK_PAGE_CONTENT = "/Artifact <<\n  /Attached [/Top]\n  /Subtype /Header\n  /Type /Pagination\n>> BDC\nEMC\n/Artifact <<\n  /Attached [/Bottom]\n  /Subtype /Footer\n  /Type /Pagination\n>> BDC\nEMC\n";

/** Blank pages at the back, as typst makes them (no struct parents: nothing on them is content). */
function addBlankPages({ doc, count }: { doc: PDFDocument; count: number }): void {
  const last = doc.getPages().at(-1);
  if (!last) return;
  const { width, height } = last.getMediaBox();
  for (let i = 0; i < count; i++) {
    const page: PDFPage = doc.addPage([width, height]);
    page.node.set(PDFName.of("Contents"), doc.context.register(doc.context.flateStream(BLANK_PAGE_CONTENT)));
    page.node.set(PDFName.of("Resources"), doc.context.obj({ ProcSet: ["PDF", "Text", "ImageC", "ImageB"] }));
  }
}

async function finish({ doc, book, labels, pageOf, pageCount, blanks, cropMarks }: { doc: PDFDocument; book: Book; labels: Labels; pageOf: Map<string, number>; pageCount: number; blanks: number; cropMarks: boolean | undefined }): Promise<Uint8Array> {
  addBlankPages({ doc, count: blanks });
  const geometry = pageGeometry({ print: book.metadata.print, pageCount });
  writeOutline({ doc, book, pageOf, labels });
  setMetadata({ doc, book, producer: `imprint ${VERSION} (typst 0.14, pdf-lib)` });
  setBoxes({ doc, geometry, direction: book.metadata.direction, cropMarks: cropMarks ?? (book.metadata.print.bleed && book.metadata.print.preflight === "none") });
  return doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}

/**
 * A print engine turns the Book into the print-ready PDF (pandoc's `--pdf-engine`: a writer plus
 * an engine). Each engine says what it needs from the build; the build starts only that.
 */
import type { Book } from "../../model/book.js";
import type { BrowserSession } from "../browser.js";
import type { Labels } from "../labels.js";
import type { Templates } from "../templates.js";
import type { PageStart, RenderResult } from "../types.js";

export interface PrintRenderResult extends RenderResult {
  /** Where each printed page starts, by block id (the EPUB's page-list). */
  pageStarts: PageStart[];
  pageCount: number;
}

export interface PrintEngineInput {
  book: Book;
  templates: Templates;
  labels: Labels;
  /** Present when the engine declared `needsBrowser`. */
  browser?: BrowserSession;
  /** Called once the page starts are known, while the engine still finishes its PDF (the EPUB starts on them). */
  onPageStarts?: (starts: PageStart[]) => void;
  /**
   * Settles once the editions rendered on those page starts (the EPUB) are put together: the
   * engine's own finishing on this thread (pdf-lib) waits for it, so their checks start first and
   * run on another core beside it (an 800-page book's EPUB check had waited ~1 s for the PDF).
   */
  dependentsRendered?: Promise<void>;
}

export interface PrintEngine {
  readonly name: PrintEngineName;
  readonly needsBrowser: boolean;
  /** The Liquid templates it renders (parsed ahead, while the text converts). */
  readonly liquidTemplates: readonly string[];
  /** Starts what the engine needs (a worker, fonts) while the build converts; optional. */
  prewarm?(): void;
  render(input: PrintEngineInput): Promise<PrintRenderResult>;
}

export const PRINT_ENGINE_NAMES = ["chromium", "typst"] as const;
export type PrintEngineName = (typeof PRINT_ENGINE_NAMES)[number];

/**
 * The engine used when neither `--pdf-engine` nor `print.engine` in metadata.yaml names one:
 * the one the bench's typography metrics favour (README, "Print engines").
 */
export const DEFAULT_PRINT_ENGINE: PrintEngineName = "typst";

/** The engine for a build: the command line's choice, else the book's `print.engine`, else the default. */
export function printEngineFor({ requested, book }: { requested?: PrintEngineName | undefined; book?: Book | undefined }): PrintEngineName {
  return requested ?? book?.metadata.print.engine ?? DEFAULT_PRINT_ENGINE;
}

/** The print HTML from the shared templates, laid out by headless Chromium (src/render/pdf). */
export const chromiumEngine: PrintEngine = {
  name: "chromium",
  needsBrowser: true,
  liquidTemplates: ["print.liquid"],
  async render({ book, templates, labels, browser, onPageStarts }) {
    if (!browser) throw new Error("the Chromium print engine was given no browser");
    const { renderPdf } = await import("../pdf/index.js");
    return renderPdf({ book, templates, browser, labels, ...(onPageStarts ? { onPageStarts } : {}) });
  },
};

/**
 * IMPRINT_TYPST_TIMEOUT=SECONDS raises (or lowers) the typst time limit, like IMPRINT_BROWSER_TIMEOUT;
 * IMPRINT_TYPST_MEMORY=MB its memory limit.
 */
function typstTimeout(env: NodeJS.ProcessEnv): { timeoutMs?: number; memoryMb?: number } {
  const seconds = Number(env.IMPRINT_TYPST_TIMEOUT);
  const mb = Number(env.IMPRINT_TYPST_MEMORY);
  return { ...(Number.isFinite(seconds) && seconds > 0 ? { timeoutMs: seconds * 1000 } : {}), ...(Number.isFinite(mb) && mb > 0 ? { memoryMb: mb } : {}) };
}

/** templates/print.typ over the Book as data, typeset by typst 0.14 in-process (src/render/print/typst). */
export const typstEngine: PrintEngine = {
  name: "typst",
  needsBrowser: false,
  liquidTemplates: [],
  prewarm() {
    void import("./typst/warm.js").then((m) => m.prewarmTypstEngine());
  },
  async render({ book, templates, labels, onPageStarts, dependentsRendered }) {
    const { renderTypst } = await import("./typst/index.js");
    const { source: _source, ...result } = await renderTypst({ book, templates, labels, ...typstTimeout(process.env), ...(onPageStarts ? { onPageStarts } : {}), ...(dependentsRendered ? { dependentsRendered } : {}) });
    return result;
  },
};

export const PRINT_ENGINES: Record<PrintEngineName, PrintEngine> = { chromium: chromiumEngine, typst: typstEngine };

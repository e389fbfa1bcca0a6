/**
 * The editions as data (vivliostyle-cli's `outputs` loop): each target says what it needs (a
 * browser, the print edition's page starts) and what it provides; `build` orders them by that
 * and runs each once. Adding an edition is adding an entry here, not another branch in build.
 */
import type { Format } from "../formats.js";
import type { Book, BookMetadata } from "../model/book.js";
import type { BrowserSession } from "./browser.js";
import type { Labels } from "./labels.js";
import { DEFAULT_PRINT_ENGINE, PRINT_ENGINES, type PrintEngineName } from "./print/engine.js";
import type { Templates } from "./templates.js";
import type { PageStart, RenderResult } from "./types.js";

export interface TargetInput {
  book: Book;
  templates: Templates;
  labels: Labels;
  browser?: BrowserSession;
  /** From a target that provides them (print), when one ran before. */
  pageStarts?: PageStart[];
  /** Given to a target that provides page starts: call it as soon as they are known, before the rest of its work. */
  onPageStarts?: (starts: PageStart[]) => void;
  /** Given with onPageStarts: settles once the targets rendered on those page starts are done. */
  dependentsRendered?: Promise<void>;
}

export interface TargetResult extends RenderResult {
  pageStarts?: PageStart[];
  pageCount?: number;
}

export interface Target {
  format: Format;
  /** "required": fails without one; "optional": better with one; "no". */
  browser: "required" | "optional" | "no";
  /** Renders after the targets that provide these. */
  uses: Array<"pageStarts">;
  provides: Array<"pageStarts">;
  /** Starts work that needs only the metadata (the EPUB's cover) while the text converts. */
  prepare?(input: { metadata: BookMetadata; templates: Templates }): void;
  /**
   * For a target that uses page starts: begins what does not need them (the EPUB's documents),
   * called while the provider lays the book out; `render` then takes it up.
   */
  draft?(input: Omit<TargetInput, "pageStarts" | "onPageStarts" | "dependentsRendered">): Promise<void>;
  render(input: TargetInput): Promise<TargetResult>;
}

export function targetsFor({ formats, engine = DEFAULT_PRINT_ENGINE }: { formats: readonly Format[]; engine?: PrintEngineName }): Target[] {
  const print = PRINT_ENGINES[engine];
  const all: Record<Format, Target> = {
    html: {
      format: "html",
      browser: "no",
      uses: [],
      provides: [],
      prepare: ({ templates }) => void templates.preparse(["web.liquid"]),
      render: async ({ book, templates, labels }) => (await import("./html/index.js")).renderHtml({ book, templates, labels }),
    },
    pdf: {
      format: "pdf",
      browser: print.needsBrowser ? "required" : "no",
      uses: [],
      provides: ["pageStarts"],
      prepare: ({ templates }) => void templates.preparse(print.liquidTemplates),
      render: ({ book, templates, labels, browser, onPageStarts, dependentsRendered }) => print.render({ book, templates, labels, ...(browser ? { browser } : {}), ...(onPageStarts ? { onPageStarts } : {}), ...(dependentsRendered ? { dependentsRendered } : {}) }),
    },
    epub: {
      format: "epub",
      // The generated cover is drawn by resvg in-process: an EPUB alone starts no browser.
      browser: "no",
      uses: ["pageStarts"],
      provides: [],
      prepare: ({ metadata, templates }) => {
        void import("./epub/early-cover.js").then((m) => m.prepareEpub({ metadata, templates }));
        void templates.preparse(["epub-content.liquid", "epub-nav.liquid", "epub-package.opf.liquid"]);
      },
      draft: async ({ book, templates, labels }) => (await import("./epub/index.js")).draftEpub({ book, templates, labels }),
      render: async ({ book, templates, labels, browser, pageStarts }) => (await import("./epub/index.js")).renderEpub({ book, templates, labels, ...(browser ? { browser } : {}), ...(pageStarts ? { pageStarts } : {}) }),
    },
  };
  const chosen = formats.map((f) => all[f]);
  // Providers before users; otherwise the order asked for.
  return [...chosen].sort((a, b) => Number(a.uses.some((u) => b.provides.includes(u))) - Number(b.uses.some((u) => a.provides.includes(u))));
}

/**
 * Loads the renderers' modules (pdf-lib, the templates' engine…) ahead of their turn: `build`
 * calls this while pandoc converts, when the main thread would otherwise wait.
 */
export function preloadTargets({ formats, engine = DEFAULT_PRINT_ENGINE }: { formats: readonly Format[]; engine?: PrintEngineName }): void {
  const loads: Array<Promise<unknown>> = [];
  if (formats.includes("html")) loads.push(import("./html/index.js"));
  if (formats.includes("epub")) loads.push(import("./epub/index.js"));
  if (formats.includes("pdf")) loads.push(engine === "typst" ? import("./print/typst/index.js") : import("./pdf/index.js"));
  // A module that fails to load fails again, with its message, where it is used.
  for (const l of loads) l.catch(() => undefined);
}

/**
 * `imprint build`: load → convert → model → render → check → write. The CLI is a thin parser over
 * this function; tests call it in-process. Nothing is written unless every stage succeeded, so a
 * failed build leaves the output folder exactly as it was.
 */
import { createHash } from "node:crypto";
import { join, relative, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { stageRunner, type StageRunner } from "./stages.js";
import { diag, DiagnosticError, hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics.js";
import type { BackendName } from "./convert/types.js";
import { loadBook } from "./load-book.js";
import type { BrowserSession } from "./render/browser.js";
import type { Book } from "./model/book.js";
import type { Templates } from "./render/templates.js";
import type { Artifact, PageStart } from "./render/types.js";
import { labelsFor } from "./render/labels.js";
import { preloadTargets, targetsFor, type TargetResult } from "./render/targets.js";
import { runTargets } from "./render/run-targets.js";
import type { FragmentCache } from "./convert/cache.js";
import type { PandocBackend } from "./convert/types.js";
import { PRINT_ENGINES, printEngineFor, type PrintEngineName } from "./render/print/engine.js";
import { VERSION } from "./version.js";
import { sweepTempFiles } from "./write/atomic.js";
import type { FastChecker } from "./check/fast-check.js";
import { commitFiles } from "./write/commit.js";
import type { Limits } from "./load/limits.js";
import { lockOutput, preloadLock } from "./write/lock.js";

import { FORMATS, type CheckLevel, type Format } from "./formats.js";
import { bookletRequest, type BookletRequest } from "./distribute/booklet-options.js";
import type { SheetName } from "./distribute/sheets.js";

export { FORMATS, type CheckLevel, type Format };

export interface BuildOptions {
  /** Manuscript folder (default "manuscript"). */
  dir?: string;
  /** Output folder (default "dist"). */
  out?: string;
  formats?: readonly Format[];
  /** Per-file pandoc timeout in milliseconds (default 30 000). */
  timeoutMs?: number;
  pandoc?: "auto" | BackendName;
  /** The PDF's print engine (default: the book's `print.engine`, else DEFAULT_PRINT_ENGINE). */
  pdfEngine?: PrintEngineName;
  /** How long to wait for another build writing to the same folder (default 300 000 ms). */
  lockWaitMs?: number;
  /** Raise the caps on images and SVGs (see the README's Limits). */
  limits?: Partial<Limits>;
  /** fast: in-process EPUB checks; full: also EPUBCheck (Java) and DAISY Ace; none: skip. */
  checks?: CheckLevel;
  failOnWarnings?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called as each stage starts (progress output). */
  onStage?: (stage: string) => void;
  /** "booklet": also impose the PDF edition for saddle stitching, as `<slug>-booklet.pdf`. */
  impose?: "booklet";
  /** Booklet sheets per signature (default: one signature). */
  signature?: number;
  /** The booklet's landscape sheet (default: A4 for ISO trims, else letter). */
  sheet?: SheetName;
  /**
   * A warm session's parts (preview, --watch): a running pandoc, converted fragments, an open
   * browser (left open), and editions rendered before from the same inputs. See src/watch/.
   */
  pandocBackend?: PandocBackend;
  fragmentCache?: FragmentCache;
  browser?: BrowserSession;
  renderCache?: RenderCache;
}

/** Rendered editions by their inputs: a target whose Book, templates and engine are unchanged is not rendered again. */
export interface RenderCache {
  get(input: { format: Format; engine: PrintEngineName; book: Book; templates: Templates; pageStarts?: PageStart[] }): TargetResult | undefined;
  set(input: { format: Format; engine: PrintEngineName; book: Book; templates: Templates; pageStarts?: PageStart[] }, result: TargetResult): void;
}

export interface EditionReport {
  format: Format | "booklet";
  path: string;
  bytes: number;
  sha256: string;
  ms: number;
}

export interface BuildReport {
  ok: boolean;
  imprint: string;
  manuscript: string;
  slug?: string;
  pandoc?: { backend: BackendName; version: string };
  browser?: string;
  /** Pages of the print edition, when one was made (the cover wrap's spine is sized from it). */
  pageCount?: number;
  /** The booklet, with `--impose booklet`: its sheets and how to print and fold them. */
  booklet?: { path: string; sheet: SheetName; sheets: number; signatures: number; blankPages: number; instructions: string };
  editions: EditionReport[];
  /** Milliseconds per stage. */
  timings: Record<string, number>;
  diagnostics: Diagnostic[];
}

export const REPORT_NAME = "build-report.json";

/** Relative to where the user stands when the output is below it, else absolute. */
function shownPath({ cwd, path }: { cwd: string; path: string }): string {
  const rel = relative(cwd, path);
  return rel.startsWith("..") ? path : rel;
}

type RenderedArtifact = { format: Format | "booklet"; artifact: Artifact; ms: number };

/** The booklet imposed from the print edition (the one named after the slug, not a cover). */
async function imposeEdition({ request, slug, out, artifacts, diagnostics }: { request: BookletRequest; slug: string; out: string; artifacts: RenderedArtifact[]; diagnostics: Diagnostic[] }): Promise<{ edition: RenderedArtifact; sheet: SheetName; sheets: number; signatures: number; blankPages: number; instructions: string } | undefined> {
  const print = artifacts.find((a) => a.format === "pdf" && a.artifact.name === `${slug}.pdf`);
  if (!print) return undefined;
  const start = performance.now();
  const { imposeBooklet } = await import("./distribute/booklet.js");
  try {
    const result = await imposeBooklet({ pdf: print.artifact.bytes, ...request });
    diagnostics.push(...result.diagnostics.map((d) => ({ ...d, file: d.file ?? join(out, `${slug}-booklet.pdf`) })));
    const edition = { format: "booklet" as const, artifact: { name: `${slug}-booklet.pdf`, mediaType: "application/pdf", bytes: result.pdf }, ms: Math.round(performance.now() - start) };
    return { edition, sheet: result.sheet, sheets: result.sheets, signatures: result.signatures, blankPages: result.blankPages, instructions: result.instructions };
  } catch (error) {
    if (!(error instanceof DiagnosticError)) throw error;
    diagnostics.push(...error.diagnostics);
    return undefined;
  }
}

/**
 * Renders the chosen editions, each as soon as what it uses is ready (render/run-targets.ts): the
 * HTML while the print edition typesets, the EPUB on the print edition's page starts (its cover
 * drawn meanwhile). Artifacts come back in the registry's order, whatever finished first.
 */
async function renderEditions({ book, templates, formats, engine, browser, stage, diagnostics, report, renderCache, onRendered }: { book: Book; templates: Templates; formats: readonly Format[]; engine: PrintEngineName; browser: BrowserSession | undefined; stage: StageRunner; diagnostics: Diagnostic[]; report: BuildReport; renderCache: RenderCache | undefined; onRendered?: (input: { format: Format; result: TargetResult }) => void }): Promise<RenderedArtifact[]> {
  const labels = labelsFor({ metadata: book.metadata, templates });
  const targets = targetsFor({ formats, engine }).filter((t) => !(t.browser === "required" && !browser));
  const results = await runTargets({
    targets,
    input: { book, templates, labels, ...(browser ? { browser } : {}) },
    render: async ({ target, input }) => {
      const key = { format: target.format, engine, book, templates, ...(input.pageStarts ? { pageStarts: input.pageStarts } : {}) };
      const cached = renderCache?.get(key);
      if (cached) return cached;
      const result = await stage(`render-${target.format}`, () => target.render(input));
      if (!hasErrors(result.diagnostics)) renderCache?.set(key, result);
      return result;
    },
    ...(onRendered ? { onRendered } : {}),
  });
  const artifacts: RenderedArtifact[] = [];
  for (const { target, result, ms } of results) {
    diagnostics.push(...result.diagnostics);
    if (result.pageCount !== undefined) report.pageCount = result.pageCount;
    for (const artifact of result.artifacts) artifacts.push({ format: target.format, artifact, ms });
  }
  return artifacts;
}

export async function build(options: BuildOptions = {}): Promise<BuildReport> {
  const formats = options.formats ?? FORMATS;
  // The fast EPUB check's thread starts now: its modules load while pandoc converts.
  const fastChecker = (options.checks ?? "fast") === "fast" && formats.includes("epub") ? (await import("./check/fast-check.js")).startFastChecker() : undefined;
  // Work that may finish beside the build's last steps (the browser's exit) but before it returns.
  const closing: Array<Promise<unknown>> = [];
  try {
    return await buildWith({ options, fastChecker, closing });
  } finally {
    await Promise.all([fastChecker?.close(), ...closing]);
  }
}

async function buildWith({ options, fastChecker, closing }: { options: BuildOptions; fastChecker: FastChecker | undefined; closing: Array<Promise<unknown>> }): Promise<BuildReport> {
  const { dir = "manuscript", out = "dist", formats = FORMATS, timeoutMs = 30_000, checks = "fast", env = process.env, cwd = process.cwd(), onStage } = options;
  const diagnostics: Diagnostic[] = [];
  const timings: Record<string, number> = {};
  const report: BuildReport = { ok: false, imprint: VERSION, manuscript: dir, editions: [], timings, diagnostics };
  const stage = stageRunner({ timings, onStage });
  const finish = (ok: boolean) => {
    report.ok = ok && !hasErrors(diagnostics) && !(options.failOnWarnings && diagnostics.some((d) => d.severity === "warning"));
    report.diagnostics = sortDiagnostics(diagnostics);
    return report;
  };
  // Booklet options are checked before anything is converted: a typo fails at once.
  const booklet = bookletRequest({ impose: options.impose, signature: options.signature, sheet: options.sheet, formats });
  diagnostics.push(...booklet.diagnostics);
  if (hasErrors(diagnostics)) return finish(false);

  // Chromium starts while pandoc converts, so its launch overlaps the load stage.
  // Before the book is read, the engine is the command line's or the default; metadata may change it.
  const needsBrowser = (engine: PrintEngineName): boolean => targetsFor({ formats, engine }).some((t) => t.browser !== "no");
  const openBrowser = () => stage("browser", async () => (await import("./render/browser.js")).openBrowser({ env }));
  const firstEngine = printEngineFor({ requested: options.pdfEngine });
  let opening = needsBrowser(firstEngine) && !options.browser ? openBrowser() : undefined;
  // Likewise the typst worker (an idle one never keeps the process alive if metadata picks Chromium).
  if (formats.includes("pdf")) PRINT_ENGINES[firstEngine].prewarm?.();
  let browser: BrowserSession | undefined = options.browser;
  const fastChecks = new Map<Artifact, Promise<Diagnostic[]>>();
  let book: Book;
  const artifacts: RenderedArtifact[] = [];
  try {
    // The renderers' modules load while pandoc converts (the main thread would only wait).
    const onLoadStage = (s: string): void => {
      onStage?.(s);
      // Once pandoc has started: module set-up run before its spawn delayed it.
      if (s === "convert") {
        setImmediate(() => {
          preloadTargets({ formats, engine: firstEngine });
          preloadLock();
        });
      }
    };
    // Work that needs only the metadata (the EPUB's cover) starts before the text converts.
    const onProject = options.renderCache ? undefined : ({ metadata, templates }: { metadata: Book["metadata"]; templates: Templates }) => {
      for (const t of targetsFor({ formats, engine: firstEngine })) t.prepare?.({ metadata, templates });
      // The labels' YAML parsed and the date's ICU locale data loaded (~20 ms) while the main
      // thread would only wait for pandoc; renderEditions' own call then finds both ready.
      setImmediate(() => labelsFor({ metadata, templates }));
    };
    const loaded = await loadBook({ dir, cwd, env, timeoutMs, timings, ...(options.pandoc ? { pandoc: options.pandoc } : {}), onStage: onLoadStage, ...(onProject ? { onProject } : {}), ...(options.limits ? { limits: options.limits } : {}), ...(options.pandocBackend ? { pandocBackend: options.pandocBackend } : {}), ...(options.fragmentCache ? { fragmentCache: options.fragmentCache } : {}) });
    diagnostics.push(...loaded.diagnostics);
    if (!loaded.value) return finish(false);
    book = loaded.value.book;
    report.slug = book.metadata.slug;
    report.pandoc = loaded.value.pandoc;
    const engine = printEngineFor({ requested: options.pdfEngine, book });
    if (!opening && !options.browser && needsBrowser(engine)) opening = openBrowser();

    if (opening) {
      const opened = await opening;
      browser = opened.value;
      if (targetsFor({ formats, engine }).some((t) => t.browser === "required")) diagnostics.push(...opened.diagnostics);
      // Without a browser an EPUB-only build (or a typst PDF) still works (its cover becomes an SVG); a Chromium PDF cannot.
      else if (formats.includes("epub") && !book.metadata.cover) diagnostics.push(...opened.diagnostics.map((d) => ({ ...d, severity: d.severity === "error" ? ("warning" as const) : d.severity })));
      if (browser) report.browser = browser.executablePath;
    } else if (browser) report.browser = browser.executablePath;
    if (hasErrors(diagnostics)) return finish(false);
    // The fast check of the EPUB starts the moment it is rendered, in the checker's thread.
    const onRendered = fastChecker
      ? ({ format, result }: { format: Format; result: TargetResult }) => {
          if (format !== "epub" || hasErrors(result.diagnostics)) return;
          for (const a of result.artifacts) {
            const check = fastChecker.check({ bytes: a.bytes, fileName: join(out, a.name) });
            check.catch(() => undefined);
            fastChecks.set(a, check);
          }
        }
      : undefined;
    artifacts.push(...(await renderEditions({ book, templates: loaded.value.templates, formats, engine, browser, stage, diagnostics, report, renderCache: options.renderCache, ...(onRendered ? { onRendered } : {}) })));
  } finally {
    // A browser the caller gave stays open for its next build. One opened here exits while the
    // checks and the writing go on (Chromium took ~0.2 s to close); build() waits for it.
    if (opening) {
      const started = opening;
      closing.push((async () => (await started).value?.close())().catch(() => undefined));
    }
  }
  if (hasErrors(diagnostics)) return finish(false);
  let imposed: Awaited<ReturnType<typeof imposeEdition>>;
  if (booklet.value) {
    const request = booklet.value;
    imposed = await stage("impose", () => imposeEdition({ request, slug: book.metadata.slug, out, artifacts, diagnostics }));
    if (imposed) artifacts.push(imposed.edition);
    if (hasErrors(diagnostics)) return finish(false);
  }

  if (checks !== "none") {
    await stage("check", async () => {
      for (const { format, artifact } of artifacts) {
        const started = fastChecks.get(artifact);
        if (format === "epub" && started) diagnostics.push(...(await started));
        else if (format === "epub") {
          const { checkEpub } = await import("./check/epub.js");
          diagnostics.push(...(await checkEpub({ bytes: artifact.bytes, fileName: join(out, artifact.name), checks: checks === "full" ? ["epubcheck", "epubcheck-ts", "ace"] : ["epubcheck-ts"], ...(report.browser ? { browserPath: report.browser } : {}) })));
        }
        if (format === "pdf" && book.metadata.print.preflight !== "none" && artifact.name.endsWith(`${book.metadata.slug}.pdf`)) {
          const { preflightPdf } = await import("./check/preflight.js");
          diagnostics.push(...(await preflightPdf({ bytes: artifact.bytes, file: join(out, artifact.name), profile: book.metadata.print.preflight as "kdp" | "ingram", trim: book.metadata.print.trim, bleed: book.metadata.print.bleed })));
        }
      }
    });
  }
  if (!finish(true).ok) return report;

  await stage("write", async () => {
    const outDir = resolve(cwd, out);
    let lock: Awaited<ReturnType<typeof lockOutput>>;
    try {
      lock = await lockOutput({ dir: outDir, ...(options.lockWaitMs !== undefined ? { waitMs: options.lockWaitMs } : {}) });
    } catch (error) {
      // Only a held lock is another build; anything else (the folder is a file, no permission) is a write failure.
      if ((error as NodeJS.ErrnoException).code === "ELOCKED") diagnostics.push(diag("write/lock", { message: `another imprint build is writing to "${out}" (lock ${relative(cwd, join(outDir, ".imprint-build.lock"))}); wait for it or remove the lock if no build is running`, file: out }));
      else diagnostics.push(diag("write/failed", { message: `could not create the output folder "${out}": ${(error as Error).message}`, file: out }));
      return;
    }
    try {
      await sweepTempFiles({ dir: outDir });
      for (const { format, artifact, ms } of artifacts) {
        report.editions.push({ format, path: shownPath({ cwd, path: join(outDir, artifact.name) }), bytes: artifact.bytes.byteLength, sha256: createHash("sha256").update(artifact.bytes).digest("hex"), ms });
      }
      if (imposed) {
        const { edition, ...about } = imposed;
        report.booklet = { path: shownPath({ cwd, path: join(outDir, edition.artifact.name) }), ...about };
      }
      finish(true);
      // Every edition and the report are written first and renamed into place together: any
      // failure (a full disk, a kill) leaves the last good set as it was.
      const files = [...artifacts.map(({ artifact }) => ({ name: artifact.name, bytes: artifact.bytes })), { name: REPORT_NAME, bytes: new TextEncoder().encode(JSON.stringify(report, null, 2) + "\n") }];
      await commitFiles({ dir: outDir, files });
    } catch (error) {
      report.editions = [];
      diagnostics.push(diag("write/failed", { message: `could not write to "${out}": ${(error as Error).message}`, file: out }));
    } finally {
      await lock.release();
    }
  });
  return finish(true);
}

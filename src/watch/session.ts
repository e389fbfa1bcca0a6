/**
 * A warm build session (preview, `build --watch`): one pandoc kept running, converted fragments
 * kept in memory (an unchanged file skips pandoc; in a changed one only the changed paragraphs go
 * to pandoc, see chunked-pandoc.ts), typst workers or one browser kept warm, and the editions
 * rendered last (an edition whose inputs did not change is not rendered again).
 *
 * A rebuild with `quickFirst` loads the book, renders the HTML edition and hands it over in
 * memory (preview serves it at once), then the PDF likewise, then runs an ordinary `build()` for
 * every edition, which finds those two in the render cache, makes the EPUB, checks, and commits
 * the set to disk atomically. So the output folder only ever holds a whole good set: a failed
 * rebuild writes nothing and the last good editions stay.
 *
 * Rebuilds never overlap: saves during a build mark the session dirty and one more build follows
 * (a quick rebuild that has a newer save due stops after the edition it is making).
 * The manuscript's files are fingerprinted before and after each build, and a difference builds
 * again even when no watcher event came (chokidar drops a second change of a file within 50 ms).
 */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { build, type BuildOptions, type BuildReport } from "../build.js";
import { createPandoc } from "../convert/index.js";
import { memoryFragmentCache } from "../convert/cache.js";
import type { PandocBackend } from "../convert/types.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { FORMATS, type Format } from "../formats.js";
import { loadBook, type LoadedBook } from "../load-book.js";
import type { BrowserSession } from "../render/browser.js";
import { labelsFor } from "../render/labels.js";
import { PRINT_ENGINES, printEngineFor, type PrintEngineName } from "../render/print/engine.js";
import { targetsFor } from "../render/targets.js";
import { VERSION } from "../version.js";
import { chunkedPandoc } from "./chunked-pandoc.js";
import { fingerprintInputs } from "./inputs.js";
import { memoryRenderCache } from "./render-cache.js";

export type SessionBuildOptions = Omit<BuildOptions, "pandocBackend" | "fragmentCache" | "browser" | "renderCache" | "formats"> & { formats?: readonly Format[] };

/** An edition made in memory ahead of the full build (quick: the HTML, print: the PDF). */
export interface EarlyEdition {
  format: Format;
  name: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface Rebuild {
  /** "quick": the HTML edition, in memory; "print": then the PDF, in memory; "full": every edition, written. */
  phase: "quick" | "print" | "full";
  report: BuildReport;
  ms: number;
  /** quick and print phases: the editions made, not yet on disk (the full build writes them). */
  early?: EarlyEdition[];
}

export interface WatchSession {
  /**
   * Builds now, or once more after the build under way (every call meanwhile shares that one).
   * Resolves with that build's phases. `quickFirst` hands over the HTML and the PDF before the rest.
   */
  rebuild(options?: { quickFirst?: boolean }): Promise<Rebuild[]>;
  /** Resolves when no build is running or due (tests; a change seen only by the fingerprint is due). */
  settled(): Promise<void>;
  readonly browserPid: number | undefined;
  readonly pandocBackend: PandocBackend | undefined;
  close(): Promise<void>;
}

interface Due {
  quickFirst: boolean;
  promise: Promise<Rebuild[]>;
  resolve(r: Rebuild[]): void;
  reject(e: unknown): void;
}

function due(quickFirst: boolean): Due {
  let resolveIt: (r: Rebuild[]) => void = () => undefined;
  let rejectIt: (e: unknown) => void = () => undefined;
  const promise = new Promise<Rebuild[]>((res, rej) => ((resolveIt = res), (rejectIt = rej)));
  // A caller that drops the promise (a watcher event) must not make a failure unhandled.
  promise.catch(() => undefined);
  return { quickFirst, promise, resolve: resolveIt, reject: rejectIt };
}

export function createWatchSession({ build: options, onRebuild }: { build: SessionBuildOptions; onRebuild?: (r: Rebuild) => void }): WatchSession {
  const formats = options.formats ?? FORMATS;
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const dir = options.dir ?? "manuscript";
  const inputs = { dir: resolve(cwd, dir), outDirs: [resolve(cwd, options.out ?? "dist")] };
  const fragmentCache = memoryFragmentCache();
  const renderCache = memoryRenderCache();
  let pandoc: PandocBackend | undefined;
  let native: PandocBackend | undefined;
  let browser: BrowserSession | undefined;
  let closed = false;
  let next: Due | undefined;
  let loop: Promise<void> | undefined;

  const failed = ({ diagnostics, timings = {} }: { diagnostics: Diagnostic[]; timings?: Record<string, number> }): BuildReport => ({ ok: false, imprint: VERSION, manuscript: dir, editions: [], timings, diagnostics: sortDiagnostics(diagnostics) });

  async function warmPandoc(): Promise<Diagnostic[]> {
    if (pandoc) return [];
    const made = await createPandoc({ backend: options.pandoc ?? "auto", ...(options.limits?.pandocMemoryMb ? { maxMemoryMb: options.limits.pandocMemoryMb } : {}) });
    native = made.value;
    pandoc = native ? chunkedPandoc({ backend: native }) : undefined;
    return made.diagnostics;
  }

  /** A browser only when this book's print engine needs one (Chromium); kept open between builds. */
  async function warmBrowser(engine: PrintEngineName): Promise<Diagnostic[]> {
    const needs = formats.includes("pdf") && PRINT_ENGINES[engine].needsBrowser;
    if (!needs || browser) return [];
    const { openBrowser } = await import("../render/browser.js");
    const opened = await openBrowser({ env, callerHandlesSignals: true });
    browser = opened.value;
    return browser ? [] : opened.diagnostics;
  }

  const load = (timings: Record<string, number>, backend: PandocBackend): Promise<{ value: LoadedBook | undefined; diagnostics: Diagnostic[] }> =>
    loadBook({ dir, cwd, env, timings, pandocBackend: backend, fragmentCache, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.limits ? { limits: options.limits } : {}) });

  /** The HTML and then the PDF, rendered into the render cache and handed over before the full build. */
  async function early({ loaded, engine, emit, started, loadTimings }: { loaded: LoadedBook; engine: PrintEngineName; emit: (r: Rebuild) => void; started: number; loadTimings: Record<string, number> }): Promise<void> {
    const { book, templates } = loaded;
    const labels = labelsFor({ metadata: book.metadata, templates });
    const chosen = (["html", "pdf"] as const).filter((f) => formats.includes(f));
    for (const target of targetsFor({ formats: chosen, engine })) {
      // Closed, or a newer save is due: its build makes this edition from the newer text.
      if (closed || next) return;
      if (target.browser === "required" && !browser) return;
      const start = performance.now();
      const key = { format: target.format, engine, book, templates };
      let result = renderCache.get(key);
      if (!result) {
        try {
          result = await target.render({ book, templates, labels, ...(browser ? { browser } : {}) });
        } catch {
          // The full build renders it again and reports what went wrong.
          return;
        }
        if (hasErrors(result.diagnostics)) return;
        renderCache.set(key, result);
      }
      const made = result.artifacts.map((a) => ({ format: target.format, name: a.name, bytes: a.bytes, sha256: createHash("sha256").update(a.bytes).digest("hex") }));
      // The HTML's report carries the load's stages too: together they are the time to the first edition.
      const timings = { ...(target.format === "html" ? loadTimings : {}), [`render-${target.format}`]: Math.round(performance.now() - start), ...result.timings };
      const report: BuildReport = { ok: true, imprint: VERSION, manuscript: dir, slug: book.metadata.slug, editions: [], timings, diagnostics: sortDiagnostics(result.diagnostics) };
      emit({ phase: target.format === "html" ? "quick" : "print", report, ms: Math.round(performance.now() - started), early: made });
    }
  }

  async function once(quickFirst: boolean): Promise<Rebuild[]> {
    const out: Rebuild[] = [];
    const started = performance.now();
    const emit = (r: Rebuild) => {
      out.push(r);
      onRebuild?.(r);
    };
    const sinceStart = () => Math.round(performance.now() - started);
    const warming = await warmPandoc();
    if (closed) return out;
    if (!pandoc) {
      emit({ phase: "full", report: failed({ diagnostics: warming }), ms: sinceStart() });
      return out;
    }
    // Loaded here first: a manuscript that does not load fails at once, and its print engine
    // (metadata's print.engine) says whether a browser is needed before build() would open its own.
    const timings: Record<string, number> = {};
    const loaded = await load(timings, pandoc);
    if (closed) return out;
    if (!loaded.value || hasErrors(loaded.diagnostics)) {
      emit({ phase: "full", report: failed({ diagnostics: loaded.diagnostics, timings }), ms: sinceStart() });
      return out;
    }
    const engine = printEngineFor({ requested: options.pdfEngine, book: loaded.value.book });
    if (formats.includes("pdf")) PRINT_ENGINES[engine].prewarm?.();
    const browserProblems = await warmBrowser(engine);
    if (browserProblems.length) {
      emit({ phase: "full", report: failed({ diagnostics: browserProblems }), ms: sinceStart() });
      return out;
    }
    if (quickFirst && formats.length > 1) {
      await early({ loaded: loaded.value, engine, emit, started, loadTimings: timings });
      // A save came while the quick editions were made: the build due for it writes the set, so a
      // save during a build waits for one render, not for a whole build of the older text.
      if (next) return out;
    }
    if (closed) return out;
    const report = await build({ ...options, formats, pandocBackend: pandoc, fragmentCache, renderCache, ...(browser ? { browser } : {}) });
    emit({ phase: "full", report, ms: sinceStart() });
    // A browser that crashed is started afresh for the next build.
    if (browser && report.diagnostics.some((d) => d.code === "render/browser-failed" || d.code === "render/browser-memory")) {
      await browser.close().catch(() => undefined);
      browser = undefined;
    }
    return out;
  }

  async function run(): Promise<void> {
    while (next && !closed) {
      const current = next;
      next = undefined;
      try {
        const before = await fingerprintInputs(inputs);
        const results = await once(current.quickFirst);
        // A save while building, whose event may never come: build again.
        if (!closed && (await fingerprintInputs(inputs)) !== before) next ??= due(current.quickFirst);
        current.resolve(results);
      } catch (error) {
        current.reject(error);
      }
    }
    loop = undefined;
  }

  const session: WatchSession = {
    rebuild({ quickFirst = false } = {}) {
      if (closed) return Promise.resolve([]);
      next ??= due(quickFirst);
      if (quickFirst) next.quickFirst = true;
      const promise = next.promise;
      loop ??= run();
      return promise;
    },
    async settled() {
      while (loop) await loop;
    },
    get browserPid() {
      return browser?.pid;
    },
    get pandocBackend() {
      return native;
    },
    async close() {
      closed = true;
      next?.resolve([]);
      next = undefined;
      await loop?.catch(() => undefined);
      await Promise.all([browser?.close(), pandoc?.close()]);
      browser = undefined;
      pandoc = undefined;
      native = undefined;
      // Warm typst workers end with the session (an idle one would also end with the process).
      if (formats.includes("pdf")) (await import("../render/print/typst/compiler.js")).closeTypstWorkers();
    },
  };
  return session;
}

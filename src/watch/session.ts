/**
 * A warm build session (preview, `build --watch`): one pandoc kept running, converted fragments
 * kept in memory (an unchanged file skips pandoc), one browser kept open when an edition needs it,
 * and the editions rendered last (an edition whose inputs did not change is not rendered again).
 * Each rebuild is an ordinary `build()`, so a failed one writes nothing and the last good editions
 * stay. Rebuilds never overlap: a save during a build queues one more build after it.
 */
import { build, type BuildOptions, type BuildReport } from "../build.js";
import { createPandoc } from "../convert/index.js";
import { memoryFragmentCache } from "../convert/cache.js";
import type { PandocBackend } from "../convert/types.js";
import { diag, type Diagnostic } from "../diagnostics.js";
import { FORMATS, type Format } from "../formats.js";
import type { BrowserSession } from "../render/browser.js";
import { PRINT_ENGINES } from "../render/print/engine.js";
import { targetsFor } from "../render/targets.js";
import { memoryRenderCache } from "./render-cache.js";

export type SessionBuildOptions = Omit<BuildOptions, "pandocBackend" | "fragmentCache" | "browser" | "renderCache" | "formats"> & { formats?: readonly Format[] };

export interface Rebuild {
  /** "quick": the HTML edition alone, written first so it reloads at once; "print": then the PDF; "full": every edition. */
  phase: "quick" | "print" | "full";
  report: BuildReport;
  ms: number;
}

export interface WatchSession {
  /** Builds now (or right after the build under way). `quickFirst` writes the HTML edition before the others. */
  rebuild(options?: { quickFirst?: boolean }): Promise<Rebuild[]>;
  readonly browserPid: number | undefined;
  readonly pandocBackend: PandocBackend | undefined;
  close(): Promise<void>;
}

export function createWatchSession({ build: options, onRebuild }: { build: SessionBuildOptions; onRebuild?: (r: Rebuild) => void }): WatchSession {
  const formats = options.formats ?? FORMATS;
  const engine = options.pdfEngine ?? "chromium";
  const fragmentCache = memoryFragmentCache();
  const renderCache = memoryRenderCache();
  let pandoc: PandocBackend | undefined;
  let browser: BrowserSession | undefined;
  let closed = false;
  let running: Promise<Rebuild[]> | undefined;
  let queued: Promise<Rebuild[]> | undefined;

  const needsBrowser = targetsFor({ formats, engine }).some((t) => t.browser === "required") && PRINT_ENGINES[engine].needsBrowser;

  async function warm(): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = [];
    if (!pandoc) {
      const made = await createPandoc({ backend: options.pandoc ?? "auto", ...(options.limits?.pandocMemoryMb ? { maxMemoryMb: options.limits.pandocMemoryMb } : {}) });
      diagnostics.push(...made.diagnostics);
      pandoc = made.value;
    }
    if (needsBrowser && !browser) {
      const { openBrowser } = await import("../render/browser.js");
      const opened = await openBrowser({ env: options.env ?? process.env, callerHandlesSignals: true });
      diagnostics.push(...opened.diagnostics);
      browser = opened.value;
    }
    return diagnostics;
  }

  async function once(quickFirst: boolean): Promise<Rebuild[]> {
    const out: Rebuild[] = [];
    const warming = await warm();
    if (closed) return out;
    if (!pandoc || (needsBrowser && !browser)) {
      const report: BuildReport = { ok: false, imprint: "", manuscript: options.dir ?? "manuscript", editions: [], timings: {}, diagnostics: warming.length ? warming : [diag("render/browser-failed", { message: "the session could not start pandoc or the browser" })] };
      const r = { phase: "full" as const, report, ms: 0 };
      onRebuild?.(r);
      return [r];
    }
    const common = { ...options, pandocBackend: pandoc, fragmentCache, renderCache, ...(browser ? { browser } : {}) };
    const phases: Array<{ phase: Rebuild["phase"]; formats: readonly Format[] }> = [];
    // Each phase writes its editions as soon as they are made; the next reuses what the last rendered.
    if (quickFirst && formats.includes("html") && formats.length > 1) phases.push({ phase: "quick", formats: ["html"] });
    if (quickFirst && formats.includes("pdf") && formats.includes("epub")) phases.push({ phase: "print", formats: formats.filter((f) => f !== "epub") });
    phases.push({ phase: "full", formats });
    for (const { phase, formats: chosen } of phases) {
      const start = performance.now();
      const report = await build({ ...common, formats: chosen, ...(phase !== "full" ? { checks: "none" as const } : {}) });
      const r = { phase, report, ms: Math.round(performance.now() - start) };
      out.push(r);
      onRebuild?.(r);
      // A browser that crashed is started afresh for the next build.
      if (browser && report.diagnostics.some((d) => d.code === "render/browser-failed" || d.code === "render/browser-memory")) {
        await browser.close().catch(() => undefined);
        browser = undefined;
      }
      // A manuscript that does not load fails the same way for every edition: say it once.
      if (!report.ok) break;
    }
    return out;
  }

  const session: WatchSession = {
    rebuild({ quickFirst = false } = {}) {
      if (closed) return Promise.resolve([]);
      if (!running) {
        running = once(quickFirst).finally(() => (running = undefined));
        return running;
      }
      // One build is under way: every save meanwhile shares the single build queued after it.
      queued ??= running.catch(() => []).then(() => {
        queued = undefined;
        return session.rebuild({ quickFirst });
      });
      return queued;
    },
    get browserPid() {
      return browser?.pid;
    },
    get pandocBackend() {
      return pandoc;
    },
    async close() {
      closed = true;
      await running?.catch(() => undefined);
      await Promise.all([browser?.close(), pandoc?.close()]);
      browser = undefined;
      pandoc = undefined;
    },
  };
  return session;
}

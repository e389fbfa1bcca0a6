/**
 * Rendering a packet's editions and its items' own editions through the same targets registry as
 * `imprint build` (the EPUB on the print edition's page starts), then the checks. An
 * item's rendered and checked editions are kept in the cache, keyed by its Book, templates and
 * options, so a rebuild after editing one item renders only that one again.
 */
import type { Diagnostic } from "../diagnostics.js";
import { hasErrors } from "../diagnostics.js";
import type { CheckLevel, Format } from "../formats.js";
import type { Book } from "../model/book.js";
import type { BrowserSession } from "../render/browser.js";
import { labelsFor } from "../render/labels.js";
import type { PrintEngineName } from "../render/print/engine.js";
import { targetsFor, type TargetResult } from "../render/targets.js";
import { runTargets } from "../render/run-targets.js";
import { trace } from "../stages.js";
import type { Templates } from "../render/templates.js";
import type { Artifact } from "../render/types.js";
import { editionsKey, type DiskCache } from "./cache.js";
import type { CoverFiles } from "./outputs.js";
import type { FastChecker } from "../check/fast-check.js";

export interface RenderedEdition {
  format: Format;
  artifact: Artifact;
  ms: number;
}

export interface RenderedSet {
  editions: RenderedEdition[];
  pageCount?: number;
  cached: boolean;
  diagnostics: Diagnostic[];
  /** The cover files, when a render thread drew them beside the editions. */
  cover?: CoverFiles;
}

export interface RenderSetOptions {
  book: Book;
  templates: Templates;
  formats: readonly Format[];
  engine: PrintEngineName;
  browser: BrowserSession | undefined;
  checks: CheckLevel;
  /** Shown in check messages: where the file will be. */
  displayDir: string;
  cache?: DiskCache;
  onEdition?: (name: string, cached: boolean) => void;
  /** Where a fast EPUB check runs (a thread of its own); default: on this thread. */
  checker?: FastChecker;
  /** Renders a set the cache does not hold somewhere else (a render thread); default: here, with `renderFresh`. */
  renderer?: () => Promise<FreshSet>;
}

/** A set rendered and checked just now. */
export type FreshSet = Omit<RenderedSet, "cached">;

/** Renders (or takes from the cache) one Book's editions, checked. */
export async function renderSet(options: RenderSetOptions): Promise<RenderedSet> {
  const { book, templates, formats, engine, browser, checks, cache } = options;
  const key = cache ? editionsKey({ book, templates, options: { formats, engine, checks, browser: Boolean(browser) } }) : "";
  const hit = cache ? await cache.getEditions(key) : undefined;
  if (hit) {
    const editions = hit.artifacts.map((a) => ({ format: a.format as Format, artifact: a.artifact, ms: a.ms }));
    for (const e of editions) options.onEdition?.(e.artifact.name, true);
    return { editions, ...(hit.pageCount !== undefined ? { pageCount: hit.pageCount } : {}), cached: true, diagnostics: [] };
  }
  const fresh = options.renderer ? await options.renderer() : await renderFresh(options);
  const { editions, pageCount, diagnostics } = fresh;
  // Only a clean set is kept: a warning is reported again on every build until it is fixed.
  if (cache && diagnostics.length === 0) await cache.setEditions(key, { artifacts: editions, ...(pageCount !== undefined ? { pageCount } : {}) });
  return { ...fresh, cached: false };
}

/** Renders one Book's editions through the targets registry, then checks them. */
export async function renderFresh(options: Omit<RenderSetOptions, "cache" | "renderer">): Promise<FreshSet> {
  const { book, templates, formats, engine, browser, checks } = options;
  const diagnostics: Diagnostic[] = [];
  const editions: RenderedEdition[] = [];
  const labels = labelsFor({ metadata: book.metadata, templates });
  let pageCount: number | undefined;
  const targets = targetsFor({ formats, engine }).filter((t) => !(t.browser === "required" && !browser));
  // Each edition's check starts the moment it is rendered (the EPUB's while the PDF is finished).
  const checking = new Map<Artifact, Promise<Diagnostic[]>>();
  const onRendered = ({ format, result }: { format: Format; result: TargetResult }): void => {
    trace(`${format} of ${book.metadata.slug} rendered`);
    if (checks === "none" || hasErrors(result.diagnostics)) return;
    for (const artifact of result.artifacts) {
      const check = checkEdition({ book, format, artifact, checks, browser, displayDir: options.displayDir, checker: options.checker });
      check.then(() => trace(`${format} of ${book.metadata.slug} checked`), () => undefined);
      checking.set(artifact, check);
    }
  };
  // Side by side, as in build: the EPUB starts on the print edition's page starts.
  for (const { target, result, ms } of await runTargets({ targets, input: { book, templates, labels, ...(browser ? { browser } : {}) }, onRendered })) {
    diagnostics.push(...result.diagnostics);
    if (result.pageCount !== undefined) pageCount = result.pageCount;
    for (const artifact of result.artifacts) {
      editions.push({ format: target.format, artifact, ms });
      options.onEdition?.(artifact.name, false);
    }
  }
  const checked = await Promise.all(editions.map((e) => checking.get(e.artifact) ?? Promise.resolve([])));
  if (!hasErrors(diagnostics)) diagnostics.push(...checked.flat());
  return { editions, ...(pageCount !== undefined ? { pageCount } : {}), diagnostics };
}

async function checkEdition({ book, format, artifact, checks, browser, displayDir, checker }: { book: Book; format: Format; artifact: Artifact; checks: Exclude<CheckLevel, "none">; browser: BrowserSession | undefined; displayDir: string; checker: FastChecker | undefined }): Promise<Diagnostic[]> {
  const fileName = `${displayDir}/${artifact.name}`;
  if (format === "epub" && checks === "fast" && checker) return checker.check({ bytes: artifact.bytes, fileName });
  if (format === "epub") {
    const { checkEpub } = await import("../check/epub.js");
    return checkEpub({ bytes: artifact.bytes, fileName, checks: checks === "full" ? ["epubcheck", "epubcheck-ts", "ace"] : ["epubcheck-ts"], ...(browser ? { browserPath: browser.executablePath } : {}) });
  }
  const preflight = book.metadata.print.preflight;
  if (format === "pdf" && preflight !== "none") {
    const { preflightPdf } = await import("../check/preflight.js");
    return preflightPdf({ bytes: artifact.bytes, file: fileName, profile: preflight, trim: book.metadata.print.trim, bleed: book.metadata.print.bleed });
  }
  return [];
}

/**
 * `imprint packet`: packet.yaml → every item loaded and converted once → a Book of Books → the
 * packet's editions and each item's own, covers, the landing page, OPDS feeds, a zip and the build
 * report, all written into OUT/<packet-slug>/ together or not at all (src/write/commit.ts).
 */
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { diag, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { createPandoc } from "../convert/index.js";
import { coalescingPandoc } from "../convert/coalesce.js";
import type { BackendName } from "../convert/types.js";
import { FORMATS, type CheckLevel, type Format } from "../formats.js";
import { DEFAULT_LIMITS, type Limits } from "../load/limits.js";
import { loadPacket, type PacketItem } from "../load/packet.js";
import { assemblePacket, namespaceBook } from "../model/assemble-packet.js";
import type { Book } from "../model/book.js";
import { bookModified } from "../model/modified.js";
import type { BrowserSession } from "../render/browser.js";
import { labelsFor, labelText } from "../render/labels.js";
import { PRINT_ENGINES, printEngineFor, type PrintEngineName } from "../render/print/engine.js";
import { targetsFor } from "../render/targets.js";
import { createTemplates, type TemplateFile } from "../render/templates.js";
import { keepDrawnCovers } from "../render/epub/cover.js";
import type { FastChecker } from "../check/fast-check.js";
import { stageRunner } from "../stages.js";
import { VERSION } from "../version.js";
import { CACHE_DIR, diskCache, pruneCache, sweepCache, type CacheStats } from "./cache.js";
import { loadIntroduction, loadItems } from "./items.js";
import type { PacketProgressEvent } from "./progress.js";
import { pool } from "../pool.js";
import { renderSet, type RenderedSet } from "./render.js";
import { PACKET_REPORT_NAME, writePacket, type PacketFile } from "./write.js";
import { makeDir } from "../write/make-dir.js";
import type { ThreadJob } from "./render-thread.js";
import { openRenderThreads, type RenderThreads } from "./threads.js";

/**
 * Items converted afresh from which their editions render in threads: below it, the threads'
 * start (half a second of loading each, and a typst process each) costs more than they save.
 */
const THREADS_FROM = 12;

export { PACKET_REPORT_NAME };

export { CACHE_DIR } from "./cache.js";
export type { PacketProgressEvent } from "./progress.js";

export interface BuildPacketOptions {
  /** The packet folder (holding packet.yaml) or the packet file; default ".". */
  path?: string;
  /** Output folder (default "dist"); the packet goes to OUT/<packet-slug>/. */
  out?: string;
  formats?: readonly Format[];
  /** "booklet": also `<packet-slug>-booklet.pdf`, imposed for saddle stitching. */
  impose?: "booklet";
  /** Sheets per signature of the booklet (default: one signature). */
  signature?: number;
  /** The booklet's sheet (default from the trim size). */
  sheet?: "letter" | "a4";
  /** Items built at once (default: the number of cores). */
  jobs?: number;
  checks?: CheckLevel;
  /** false: only the editions and covers (no landing page, OPDS feeds, zip or QR code). */
  catalogue?: boolean;
  /** The cache folder (default OUT/.imprint-cache), or false for none. */
  cache?: string | false;
  timeoutMs?: number;
  pandoc?: "auto" | BackendName;
  pdfEngine?: PrintEngineName;
  limits?: Partial<Limits>;
  failOnWarnings?: boolean;
  lockWaitMs?: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onProgress?: (event: PacketProgressEvent) => void;
}

export interface PacketEditionReport {
  format: Format | "booklet" | "zip";
  path: string;
  bytes: number;
  sha256: string;
  ms: number;
  cached?: boolean;
}

export interface PacketItemReport {
  slug: string;
  title: string;
  /** The entry as packet.yaml gives it, and its folder. */
  entry: string;
  dir: string;
  /** True when no file of the item had to be converted again / no edition rendered again. */
  convertedFromCache: boolean;
  renderedFromCache: boolean;
  pageCount?: number;
  editions: PacketEditionReport[];
}

export interface PacketReport {
  ok: boolean;
  imprint: string;
  packet: string;
  slug?: string;
  /** OUT/<packet-slug>/ as the user would type it. */
  outDir?: string;
  pandoc?: { backend: BackendName; version: string };
  browser?: string;
  pageCount?: number;
  /** The packet's own editions (and booklet, zip). */
  editions: PacketEditionReport[];
  items: PacketItemReport[];
  booklet?: { path: string; sheets: number; signatures: number; instructions: string };
  /** Every other file written (covers, landing page, feeds). */
  files: Array<{ path: string; bytes: number; sha256: string }>;
  cache?: CacheStats & { dir: string };
  /** Worker threads the items' editions were rendered in (0: all on the main thread). */
  renderThreads?: number;
  timings: Record<string, number>;
  diagnostics: Diagnostic[];
}


/**
 * Item slugs, each unique within the packet and unlike the packet's own (a second "untitled"
 * becomes "untitled-2"), with a warning for each one changed: an item named as the packet had
 * its cover written over the packet's (covers/<slug>.png), and two items alike were renamed unsaid.
 */
function uniqueSlugs({ items, packetSlug, file }: { items: Array<{ book: Book; item: PacketItem }>; packetSlug: string; file: string }): { slugs: string[]; diagnostics: Diagnostic[] } {
  const taken = new Map<string, string>([[packetSlug, "the packet"]]);
  const diagnostics: Diagnostic[] = [];
  const slugs = items.map(({ book, item }) => {
    const base = book.metadata.slug;
    let slug = base;
    for (let k = 2; taken.has(slug); k++) slug = `${base}-${k}`;
    if (slug !== base) {
      diagnostics.push(diag("load/packet-slug", {
        message: `${item.field}: the item "${item.entry}" is named "${base}", as ${taken.get(base)} is; its editions and cover are named "${slug}"`,
        file, line: item.line, column: item.column,
        hint: `Give it a name of its own: slug: in ${item.displayDir}/metadata.yaml, or another title.`,
      }));
    }
    taken.set(slug, `${item.field} ("${item.entry}", line ${item.line})`);
    return slug;
  });
  return { slugs, diagnostics };
}

export async function buildPacket(options: BuildPacketOptions = {}): Promise<PacketReport> {
  const { path = ".", out = "dist", formats = FORMATS, checks = "fast", env = process.env, cwd = process.cwd(), timeoutMs = 30_000, onProgress } = options;
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  // Each Book prints with its own engine (the command line's, else its print.engine, else the default), as `imprint build` would.
  const engineOf = (b: Book): PrintEngineName => printEngineFor({ requested: options.pdfEngine, book: b });
  const diagnostics: Diagnostic[] = [];
  const timings: Record<string, number> = {};
  const report: PacketReport = { ok: false, imprint: VERSION, packet: path, editions: [], items: [], files: [], timings, diagnostics };
  const stage = stageRunner({ timings, onStage: (s) => onProgress?.({ kind: "stage", stage: s }) });
  const finish = () => {
    report.ok = !hasErrors(diagnostics) && !(options.failOnWarnings && diagnostics.some((d) => d.severity === "warning"));
    report.diagnostics = sortDiagnostics(diagnostics);
    if (!report.ok) {
      report.editions = [];
      report.items = [];
      report.files = [];
    }
    return report;
  };

  const packet = await stage("load", () => loadPacket({ path, cwd }));
  diagnostics.push(...packet.diagnostics);
  const spec = packet.value;
  if (!spec) return finish();
  report.packet = spec.file;
  report.slug = spec.metadata.slug;
  const engine = printEngineFor({ requested: options.pdfEngine, book: { metadata: spec.metadata } as Book });
  const outDir = resolve(cwd, out);
  const packetDir = join(outDir, spec.metadata.slug);
  const rel = relative(cwd, packetDir);
  report.outDir = rel.startsWith("..") ? packetDir : rel || ".";
  const modified = bookModified({ env, date: spec.metadata.date });
  diagnostics.push(...modified.diagnostics);
  if (!modified.value) return finish();

  const cacheDir = options.cache === false ? join(outDir, CACHE_DIR) : resolve(cwd, options.cache ?? join(out, CACHE_DIR));
  const cache = diskCache({ dir: cacheDir, enabled: options.cache !== false });
  if (options.cache !== false) {
    // The cache is the first thing written: a folder that cannot be made (OUT is a file, no
    // permission) fails here, said as the write would say it, not as a crash mid-build.
    try {
      await makeDir(cacheDir);
    } catch (error) {
      diagnostics.push(diag("write/failed", { message: `could not create the cache folder "${options.cache ?? join(out, CACHE_DIR)}": ${(error as Error).message}`, file: out, hint: "Give --out a folder (it is made if it is missing)." }));
      return finish();
    }
    await sweepCache({ dir: cacheDir });
  }
  // Covers drawn for the EPUBs are kept there too: an edit redraws none whose picture is unchanged.
  keepDrawnCovers({ store: cache.pictures });
  const editionsPerBook = formats.length;
  onProgress?.({ kind: "start", items: spec.items.length, editions: editionsPerBook * (spec.items.length + 1) + (options.impose ? 1 : 0) });

  // The browser starts while pandoc converts; one browser and one pandoc serve every item.
  const wantsBrowser = targetsFor({ formats, engine }).some((t) => t.browser !== "no");
  // The packet's print edition holds every item: its render may take longer than one book's 60 s.
  const renderTimeoutMs = 60_000 * (1 + Math.ceil(spec.items.length / 10));
  const openBrowser = () => stage("browser", async () => (await import("../render/browser.js")).openBrowser({ env, renderTimeoutMs }));
  let opening = wantsBrowser ? openBrowser() : undefined;
  let threads: RenderThreads | undefined;
  let checker: FastChecker | undefined;
  // The packet's print engine starts warming too (typst: its child process loads the fonts), as `build` does.
  if (formats.includes("pdf")) PRINT_ENGINES[engine].prewarm?.();
  const pandoc = await stage("pandoc", () => createPandoc({ backend: options.pandoc ?? "auto", maxMemoryMb: options.limits?.pandocMemoryMb ?? DEFAULT_LIMITS.pandocMemoryMb }));
  diagnostics.push(...pandoc.diagnostics);
  let browser: BrowserSession | undefined;
  const files: PacketFile[] = [];
  try {
    if (!pandoc.value) return finish();
    report.pandoc = { backend: pandoc.value.name, version: pandoc.value.version };
    const loaded = await stage("convert", () => loadItems({
      // The items' files, loaded side by side, go to pandoc in batches (src/convert/coalesce.ts).
      // Loading waits on pandoc more than it works, so more items load side by side than render.
      packet: spec, cwd, env, pandoc: coalescingPandoc(pandoc.value as NonNullable<typeof pandoc.value>), cache: cache.fragments, jobs: jobs * 5, timeoutMs,
      ...(options.limits ? { limits: options.limits } : {}),
      onItem: (it) => onProgress?.({ kind: "item-converted", item: it.loaded.book.metadata.slug, cached: it.cached }),
    }));
    diagnostics.push(...loaded.diagnostics);
    const intro = await loadIntroduction({ packet: spec, pandoc: pandoc.value, cache: cache.fragments, timeoutMs, modified: modified.value, ...(options.limits ? { limits: options.limits } : {}) });
    diagnostics.push(...intro.diagnostics);
    // An item whose metadata asks for the Chromium engine needs the browser the default did not start.
    if (!opening && (loaded.items ?? []).some((it) => targetsFor({ formats, engine: engineOf(it.loaded.book) }).some((t) => t.browser !== "no"))) opening = openBrowser();
    if (opening) {
      const opened = await opening;
      browser = opened.value;
      if (formats.includes("pdf")) diagnostics.push(...opened.diagnostics);
      if (browser) report.browser = browser.executablePath;
    }
    const items = loaded.items;
    if (!items || hasErrors(diagnostics)) return finish();

    const templates = createTemplates();
    const labels = labelsFor({ metadata: spec.metadata, templates });
    const word = (key: string, fallback: string) => labelText({ labels, key, fallback });
    const roles = (labels.roles ?? {}) as Record<string, unknown>;
    const words = { sources: word("sources", "Sources and rights"), firstPublished: word("firstPublished", "First published in"), translatedBy: typeof roles.translator === "string" ? roles.translator : "Translated by", and: word("and", "and") };
    const named = uniqueSlugs({ items: items.map((i) => ({ book: i.loaded.book, item: i.item })), packetSlug: spec.metadata.slug, file: spec.file });
    diagnostics.push(...named.diagnostics);
    const slugs = named.slugs;
    const itemBooks = items.map((it, i) => {
      const b = it.loaded.book;
      return { ...b, metadata: { ...b.metadata, slug: slugs[i] as string } };
    });
    let book = assemblePacket({
      metadata: spec.metadata,
      ...(intro.book ? { introduction: intro.book } : {}),
      items: items.map((it, i) => ({ book: namespaceBook({ book: itemBooks[i] as Book, namespace: it.namespace }), namespace: it.namespace, ...(it.item.part ? { part: it.item.part } : {}) })),
      modified: modified.value,
      words,
      sourceFile: spec.file,
    });
    const catalogue = options.catalogue !== false;
    if (catalogue && spec.url && formats.includes("pdf")) {
      // The print edition's imprint page carries the address and its QR code.
      const { qrSvg } = await import("../distribute/index.js");
      book = { ...book, metadata: { ...book.metadata, extra: { ...book.metadata.extra, url: spec.url, qrSvg: await qrSvg({ url: spec.url }) } } };
    }

    // Many items to render (a cold build, a new template): they go to render threads, one per core,
    // while this thread renders the packet's own editions. An edit of a few items renders here;
    // so does a build with a browser.
    const fresh = items.filter((it) => !it.cached).length;
    // IMPRINT_PACKET_THREADS=N moves the threshold (0: never).
    const from = /^\d+$/.test(env.IMPRINT_PACKET_THREADS ?? "") ? Number(env.IMPRINT_PACKET_THREADS) : THREADS_FROM;
    if (jobs > 1 && from > 0 && fresh >= from && !browser) threads = await openRenderThreads({ count: Math.min(jobs, fresh) });
    report.renderThreads = threads?.count ?? 0;
    // The packet and its items, each set cached by its Book, a few at a time, in one browser. The
    // packet goes first: it is the longest job, so the items fill the other slots around it.
    const onEdition = (name: string, cached: boolean) => onProgress?.({ kind: "edition-rendered", name, cached });
    // After an edit (no render threads), the EPUBs rendered here are checked in a thread of their
    // own, started now (not with the build, where its warm-up held back loading the items): it
    // warms while this thread waits for typst, and checks the packet's EPUB on typst's core once
    // typst is done, beside this thread's finishing of the PDF. A cold build's cores are busy with
    // the render threads: there it was slower (1.05x the wall time).
    checker = checks === "fast" && formats.includes("epub") && !threads && fresh > 0 ? (await import("../check/fast-check.js")).startFastChecker() : undefined;
    const [packetSet, ...renderedItems] = await stage("render", () => pool({
      list: [
        { book, templates, overrides: [] as TemplateFile[], displayDir: report.outDir ?? ".", engine },
        ...items.map((it, i) => ({ book: itemBooks[i] as Book, templates: it.loaded.templates, overrides: it.loaded.project.templateOverrides, displayDir: `${report.outDir}/items`, engine: engineOf(itemBooks[i] as Book) })),
      ],
      jobs: threads ? jobs + 1 : jobs,
      work: (job, index) => {
        const via = index > 0 && targetsFor({ formats, engine: job.engine }).every((t) => t.browser === "no") ? threads : undefined;
        const threadJob: ThreadJob = { book: job.book, overrides: job.overrides, formats: [...formats], engine: job.engine, checks, displayDir: job.displayDir, ...(options.cache !== false ? { cacheDir } : {}) };
        return renderSet({
          book: job.book, templates: job.templates, formats, engine: job.engine, browser, checks, displayDir: job.displayDir, cache, onEdition, ...(checker ? { checker } : {}),
          ...(via ? { renderer: () => via.render({ job: threadJob, onEdition: (name) => onEdition(name, false) }) } : {}),
        });
      },
    })) as [RenderedSet, ...RenderedSet[]];
    for (const r of [...renderedItems, packetSet]) diagnostics.push(...r.diagnostics);
    if (hasErrors(diagnostics)) return finish();

    const written = await stage("outputs", () => writePacket({
      spec, book, items: itemBooks, itemTemplates: items.map((it) => it.loaded.templates), itemSets: renderedItems, packetSet, templates, browser, report, words, catalogue,
      impose: options.impose, signature: options.signature, sheet: options.sheet, files,
      onEdition, cache,
    }));
    diagnostics.push(...written.diagnostics);
    if (hasErrors(diagnostics)) return finish();
    items.forEach((it, i) => {
      const r = report.items[i];
      if (r) r.convertedFromCache = it.cached;
    });
  } finally {
    keepDrawnCovers({ store: undefined });
    browser ??= opening ? (await opening).value : undefined;
    await browser?.close();
    await threads?.close();
    await pandoc.value?.close();
    await checker?.close();
  }
  const relCache = relative(cwd, cacheDir);
  report.cache = { ...cache.stats, dir: relCache.startsWith("..") ? cacheDir : relCache || "." };
  if (!finish().ok) return report;

  await stage("write", async () => {
    const { commitPacket } = await import("./write.js");
    diagnostics.push(...(await commitPacket({ outDir, packetDir, out, files, report, lockWaitMs: options.lockWaitMs })));
    if (options.cache !== false && !hasErrors(diagnostics)) await pruneCache({ dir: cacheDir });
  });
  onProgress?.({ kind: "done" });
  return finish();
}

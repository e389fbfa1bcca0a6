/**
 * A render thread (worker_threads): renders and checks one Book's editions at a time for the
 * packet build on the main thread (src/packet/threads.ts). EPUB zipping, the cover's drawing,
 * EPUBCheck and the typst data are JavaScript on one thread each; two threads use both cores.
 * Everything it receives is data (the Book, the manuscript's template files); it reads no file.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { CheckLevel, Format } from "../formats.js";
import type { Book } from "../model/book.js";
import type { PrintEngineName } from "../render/print/engine.js";
import { createTemplates, type TemplateFile } from "../render/templates.js";
import type { FreshSet } from "./render.js";

export interface ThreadJob {
  book: Book;
  /** The manuscript's own templates (none for the packet); the built-in ones are read here. */
  overrides: TemplateFile[];
  formats: Format[];
  engine: PrintEngineName;
  checks: CheckLevel;
  displayDir: string;
  /** The packet's cache folder, where drawn covers are kept; absent with the cache off. */
  cacheDir?: string;
}

export type ToThread = { kind: "job"; id: number; job: ThreadJob } | { kind: "close" };
export type FromThread =
  | { kind: "ready" }
  | { kind: "edition"; id: number; name: string }
  | { kind: "done"; id: number; set: FreshSet }
  | { kind: "failed"; id: number; message: string };

/**
 * This module's own address: the thread starts from it. In the bundle (lib/bundle/) that is the
 * chunk holding this code, so a thread loads the bundle's chunks too, not lib/'s many files.
 */
export const THREAD_MODULE = import.meta.url;

/** What a render thread is started with: the mark that tells this module it is one. */
export const THREAD_DATA = { imprintRenderThread: true } as const;

// Only a thread started as a render thread serves (not a test runner's thread that imports this).
const port = (workerData as Partial<typeof THREAD_DATA> | undefined)?.imprintRenderThread === true ? parentPort : null;
if (port) {
  const send = (m: FromThread, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  // Loaded (and typst's child started) while the main thread still converts the manuscripts.
  const ready = (async () => {
    const [{ renderFresh }, { prewarmTypstEngine }, { coverFiles, coverSource }, { keepDrawnCovers }, { diskCache }] = await Promise.all([import("./render.js"), import("../render/print/typst/warm.js"), import("./outputs.js"), import("../render/epub/cover.js"), import("./cache.js")]);
    prewarmTypstEngine();
    await Promise.all([import("../render/epub/index.js"), import("../render/html/index.js"), import("../render/print/typst/index.js"), import("../check/epub.js")]);
    send({ kind: "ready" });
    return { renderFresh, coverFiles, coverSource, keepDrawnCovers, diskCache };
  })();
  const builtIn = (() => {
    let cached: ReturnType<typeof createTemplates> | undefined;
    return () => (cached ??= createTemplates());
  })();
  port.on("message", async (message: ToThread) => {
    if (message.kind === "close") {
      // Its typst processes are stopped and seen to exit before the thread does: killed and left
      // to die on their own, they outlived the CLI that started them.
      await (await import("../render/print/typst/compiler.js")).stopTypstWorkers();
      port.close();
      return;
    }
    const { id, job } = message;
    try {
      const { renderFresh, coverFiles, coverSource, keepDrawnCovers, diskCache } = await ready;
      keepDrawnCovers({ store: job.cacheDir ? diskCache({ dir: job.cacheDir }).pictures : undefined });
      const templates = job.overrides.length ? createTemplates({ overrides: job.overrides }) : builtIn();
      const set = await renderFresh({ book: job.book, templates, formats: job.formats, engine: job.engine, browser: undefined, checks: job.checks, displayDir: job.displayDir, onEdition: (name) => send({ kind: "edition", id, name }) });
      // The landing page's cover and thumbnail too, here rather than on the main thread afterwards.
      const epub = set.editions.find((e) => e.format === "epub")?.artifact.bytes;
      if (epub && set.diagnostics.length === 0) set.cover = await coverFiles({ book: job.book, templates, source: await coverSource({ book: job.book, templates, epub }) });
      // The editions' bytes move to the main thread, not copied.
      const transfer = [...set.editions.map((e) => e.artifact.bytes), ...(set.cover ? [set.cover.cover.bytes, set.cover.thumbnail.bytes] : [])].map((b) => b.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
      send({ kind: "done", id, set }, [...new Set(transfer)]);
    } catch (error) {
      send({ kind: "failed", id, message: (error as Error)?.stack ?? String(error) });
    }
  });
}

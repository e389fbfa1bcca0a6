/**
 * The typst compiler (@myriaddreamin/typst-ts-node-compiler: typst 0.14 as a Node addon, no
 * binary download), run in a child Node process so a compilation is bounded: a template that
 * loops forever is killed at the time limit and reported, the build goes on. The child sees only
 * the files mapped into its virtual root (`/__imprint__`, a folder that does not exist on disk),
 * and the fonts it is given plus the system's (the template names its families with
 * `fallback: false`, so no other system font reaches the page).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { watchTreeMemory } from "../../process-memory.js";

/** The compiler's root: every virtual file lives below it; nothing on disk does. */
export const TYPST_ROOT = "/__imprint__";

export interface TypstFile {
  /** Path below the root, e.g. "book.json", "typst/html.typ". */
  path: string;
  bytes: Uint8Array;
}

export interface TypstMessage {
  severity: "error" | "warning";
  message: string;
  /** The virtual file (below the root) and 1-based line, when typst names a place. */
  file?: string;
  line?: number;
  hints: string[];
}

export interface TypstCompileResult {
  pdf?: Uint8Array;
  pageCount: number;
  /** The value of each queried label's first element. */
  queries: Record<string, unknown>;
  messages: TypstMessage[];
  /** The compiler did not answer within the time limit (it was stopped). */
  timedOut?: boolean;
  /** The compiler's process grew past the memory limit (it was stopped). */
  outOfMemory?: boolean;
}

export interface TypstSession {
  /** `main` is the main file's text, compiled as `mainPath` below the root. */
  compile(input: { main: string; mainPath: string; files: TypstFile[]; queries: string[] }): Promise<TypstCompileResult>;
  close(): void;
}

// The child: one JSON request per line on stdin, one JSON answer per line on stdout.
const CHILD_SOURCE = String.raw`
"use strict";
const { NodeCompiler } = require(process.env.IMPRINT_TYPST_MODULE);
const fs = require("fs");
const ROOT = process.env.IMPRINT_TYPST_ROOT;
let compiler;
// Chunks of the request line so far: a book's data is megabytes, and scanning a growing string
// for its end at every chunk was quadratic.
let parts = [];
const send = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const messagesOf = (err, fallback) => {
  if (!err) return [];
  let list = [];
  try { list = compiler.fetchDiagnostics(err); } catch { list = err.shortDiagnostics || []; }
  // Severity is LSP's (1 error, 2 warning, 3 information, 4 hint) or a word; hints and traces
  // ("while calling f") join the message before them.
  const out = [];
  for (const d of list) {
    const s = typeof d.severity === "number" ? ["", "error", "warning", "hint", "hint"][d.severity] || fallback : String(d.severity || fallback).toLowerCase();
    if ((s === "hint" || s === "information") && out.length > 0) { out[out.length - 1].hints.push(String(d.message || "")); continue; }
    out.push({ severity: s === "warning" ? "warning" : "error", message: String(d.message || ""), path: d.path ?? null, range: d.range ?? null, hints: Array.isArray(d.hints) ? d.hints.map(String) : [] });
  }
  return out;
};
function handle(req) {
  if (!compiler) compiler = NodeCompiler.create({ workspace: ROOT, fontArgs: [{ fontBlobs: req.fonts.map((p) => fs.readFileSync(p)) }] });
  // A warm-up only loads the module and the fonts (while the parent converts the manuscript).
  if (req.warm) return send({ ok: true, warm: true, messages: [] });
  compiler.resetShadow();
  for (const f of req.files) compiler.mapShadow(ROOT + "/" + f.path, Buffer.from(f.b64, "base64"));
  // The main file is a mapped file too (not mainFileContent), so its errors carry their lines.
  compiler.mapShadow(ROOT + "/" + req.mainPath, Buffer.from(req.main, "utf8"));
  const result = compiler.compile({ mainFilePath: ROOT + "/" + req.mainPath });
  const doc = result.result;
  const warnings = messagesOf(result.takeWarnings && result.takeWarnings(), "warning").map((w) => ({ ...w, severity: "warning" }));
  if (!doc) return send({ ok: false, messages: [...messagesOf(result.takeError && result.takeError(), "error"), ...messagesOf(result.takeDiagnostics && result.takeDiagnostics(), "error"), ...warnings] });
  const queries = {};
  for (const q of req.queries) {
    const found = compiler.query(doc, { selector: q });
    queries[q] = Array.isArray(found) && found.length > 0 ? found[0].value : null;
  }
  const pdf = compiler.pdf(doc, { pdfTags: true });
  // A reused compiler keeps typst's memo cache; entries unused for a few compilations go, so a
  // process that typesets fifty books stays as small as one that typesets one.
  compiler.evictCache(4);
  send({ ok: true, pageCount: doc.numOfPages, queries, pdf: Buffer.from(pdf).toString("base64"), messages: warnings });
}
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  let i;
  while ((i = chunk.indexOf("\n")) >= 0) {
    parts.push(chunk.slice(0, i));
    chunk = chunk.slice(i + 1);
    const line = parts.join("");
    parts = [];
    try { handle(JSON.parse(line)); } catch (e) { send({ ok: false, messages: [{ severity: "error", message: String(e && e.message || e), hints: [] }] }); }
  }
  if (chunk) parts.push(chunk);
});
`;

interface ChildAnswer {
  ok: boolean;
  pageCount?: number;
  queries?: Record<string, unknown>;
  pdf?: string;
  messages: Array<{ severity: string; message: string; path: string | null; range: unknown; hints: string[] }>;
}

/** "/__imprint__/typst/html.typ" → "typst/html.typ"; the main file has no path. */
function virtualPath(path: string | null): string | undefined {
  if (!path) return undefined;
  const p = path.replace(/\\/g, "/");
  if (p.startsWith(TYPST_ROOT + "/")) return p.slice(TYPST_ROOT.length + 1);
  return p.replace(/^\/+/, "");
}

/** typst-ts reports a range as "startLine:startCol-endLine:endCol" (0-based) or an object. */
function lineOf(range: unknown): number | undefined {
  if (typeof range === "string") {
    const m = /^(\d+):/.exec(range);
    return m ? Number(m[1]) + 1 : undefined;
  }
  if (range && typeof range === "object" && "start" in range) {
    const start = (range as { start: unknown }).start;
    if (Array.isArray(start) && typeof start[0] === "number") return start[0] + 1;
    if (start && typeof start === "object" && "line" in start && typeof (start as { line: unknown }).line === "number") return (start as { line: number }).line + 1;
  }
  return undefined;
}

interface Worker {
  child: ChildProcess;
  /** The font files it was started with, joined: a worker serves only sessions with the same fonts. */
  fonts: string;
  /** Answer handlers, in request order (the child answers one line per request, in order). */
  waiters: Array<(answer: ChildAnswer) => void>;
  /** Chunks of the answer line so far (a PDF is megabytes: only each new chunk is scanned for its end). */
  pending: string[];
  dead: boolean;
}

/** Warm workers nobody holds: the next session takes one instead of starting Node and loading fonts again. */
const idle: Worker[] = [];
const MAX_IDLE = Math.max(2, availableParallelism());

/** An idle worker must not keep the process alive; a busy one must. */
function hold({ worker, on }: { worker: Worker; on: boolean }): void {
  const handles = [worker.child, worker.child.stdin, worker.child.stdout, worker.child.stderr] as Array<{ ref?: () => void; unref?: () => void } | null>;
  for (const h of handles) (on ? h?.ref : h?.unref)?.call(h);
}

/**
 * The compiler resolves `#import "@preview/…"` by downloading the package, and `@local/…` from the
 * user's own package folder: a manuscript's template must reach neither the network nor files
 * outside the book, and the compiler has no switch for either. So its process gets a home and
 * data/cache folders that do not exist, and every proxy variable names a closed port on this
 * machine: a package import fails at once ("failed to download package"), with no DNS lookup.
 */
const NOWHERE = "/nonexistent/imprint-typst";
const DEAD_PROXY = "http://127.0.0.1:9";
const SEALED_ENV = {
  HOME: NOWHERE, XDG_DATA_HOME: NOWHERE, XDG_CACHE_HOME: NOWHERE, TYPST_PACKAGE_PATH: NOWHERE, TYPST_PACKAGE_CACHE_PATH: NOWHERE,
  HTTP_PROXY: DEAD_PROXY, HTTPS_PROXY: DEAD_PROXY, ALL_PROXY: DEAD_PROXY, http_proxy: DEAD_PROXY, https_proxy: DEAD_PROXY, all_proxy: DEAD_PROXY, NO_PROXY: "", no_proxy: "",
};

let spawned = 0;
/** Workers started by this process so far (a test sees a warm one reused). */
export function typstWorkersStarted(): number {
  return spawned;
}

function spawnWorker({ fonts }: { fonts: string[] }): Worker {
  // Idle workers go with the process that started them (an exiting CLI leaves none behind).
  if (spawned++ === 0) process.once("exit", closeTypstWorkers);
  const child = spawn(process.execPath, ["-e", CHILD_SOURCE], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", ...SEALED_ENV, IMPRINT_TYPST_MODULE: createRequire(import.meta.url).resolve("@myriaddreamin/typst-ts-node-compiler"), IMPRINT_TYPST_ROOT: TYPST_ROOT },
  });
  const worker: Worker = { child, fonts: fonts.join("\n"), waiters: [], pending: [], dead: false };
  child.stdout?.setEncoding("utf8");
  child.stderr?.resume();
  // A child that died is reported by its exit; a write to its closed pipe must not throw.
  child.stdin?.on("error", () => undefined);
  child.stdout?.on("data", (chunk: string) => {
    let i: number;
    while ((i = chunk.indexOf("\n")) >= 0) {
      worker.pending.push(chunk.slice(0, i));
      chunk = chunk.slice(i + 1);
      const line = worker.pending.join("");
      worker.pending = [];
      worker.waiters.shift()?.(JSON.parse(line) as ChildAnswer);
    }
    if (chunk) worker.pending.push(chunk);
  });
  child.once("exit", (code, signal) => {
    worker.dead = true;
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
    const answer: ChildAnswer = { ok: false, messages: [{ severity: "error", message: `the typst compiler stopped (${signal ?? `exit code ${code}`})`, path: null, range: null, hints: [] }] };
    for (const w of worker.waiters.splice(0)) w(answer);
  });
  return worker;
}

function send({ worker, request }: { worker: Worker; request: object }): Promise<ChildAnswer> {
  return new Promise((resolve) => {
    worker.waiters.push(resolve);
    worker.child.stdin?.write(JSON.stringify(request) + "\n");
  });
}

function release(worker: Worker): void {
  if (worker.dead) return;
  hold({ worker, on: false });
  idle.push(worker);
  while (idle.length > MAX_IDLE) idle.shift()?.child.kill();
}

function take({ fonts }: { fonts: string[] }): Worker {
  const key = fonts.join("\n");
  const at = idle.findIndex((w) => w.fonts === key && !w.dead);
  const worker = at >= 0 ? (idle.splice(at, 1)[0] as Worker) : spawnWorker({ fonts });
  hold({ worker, on: true });
  return worker;
}

/**
 * Starts a typst worker now (Node, the module and the fonts load in the child while the caller
 * converts the manuscript); the next session with these fonts takes it. Idle workers never keep
 * the process alive.
 */
export function prewarmTypst({ fonts }: { fonts: string[] }): void {
  const key = fonts.join("\n");
  if (idle.some((w) => w.fonts === key && !w.dead)) return;
  const worker = spawnWorker({ fonts });
  void send({ worker, request: { warm: true, fonts, files: [], queries: [] } });
  release(worker);
}

/** Stops every idle worker (tests, long-lived processes that are done printing). */
export function closeTypstWorkers(): void {
  for (const w of idle.splice(0)) w.child.kill();
}

/** Stops every idle worker and waits until each has exited (a CLI that ends leaves none behind). */
export async function stopTypstWorkers(): Promise<void> {
  const stopping = idle.splice(0).filter((w) => !w.dead);
  await Promise.all(stopping.map((w) => new Promise<void>((resolve) => {
    w.child.once("exit", () => resolve());
    // Held again, or Node would end before the child's exit is seen (and leave it unreaped).
    hold({ worker: w, on: true });
    w.child.kill();
  })));
}

/**
 * A session holds one worker for its passes (typst's incremental compilation makes a second pass
 * of the same book a fraction of the first) and gives it back on close. A compilation past the
 * time limit kills its worker; the next compile starts a fresh one.
 */
/**
 * A worker that typeset a long book keeps typst's memory (about 470 MB after 800 pages) for as
 * long as it lives: past this many pages it is stopped at close instead of kept warm, so a
 * long-lived process (preview, a packet) does not hold it between books.
 */
export const RETIRE_AFTER_PAGES = 300;

/**
 * The compiler's memory limit (its process's PSS, as for the browser). Typst holds a whole book, its fonts and every decoded
 * image at once (the 800-page bench book: ~470 MB), and a template can ask for any amount (a
 * loop that pushes strings reached 10 GB well inside the time limit).
 */
export const TYPST_MEMORY_MB = 3072;

export function openTypst({ fonts, timeoutMs, memoryMb = TYPST_MEMORY_MB, retireAfterPages = RETIRE_AFTER_PAGES }: { fonts: string[]; timeoutMs: number; memoryMb?: number; retireAfterPages?: number }): TypstSession {
  let worker: Worker | undefined;
  let pages = 0;
  return {
    async compile({ main, mainPath, files, queries }) {
      if (!worker || worker.dead) worker = take({ fonts });
      const w = worker;
      let timer: NodeJS.Timeout | undefined;
      let unwatch = (): void => undefined;
      const stopped = new Promise<"timeout" | "memory">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
        // The browser's watch (four looks a second), on the compiler's process.
        if (w.child.pid !== undefined) unwatch = watchTreeMemory({ pid: w.child.pid, limitMb: memoryMb, onExceed: () => resolve("memory") });
      });
      const answer = await Promise.race([send({ worker: w, request: { fonts, files: files.map((f) => ({ path: f.path, b64: Buffer.from(f.bytes).toString("base64") })), main, mainPath, queries } }), stopped]);
      clearTimeout(timer);
      unwatch();
      if (answer === "timeout" || answer === "memory") {
        w.dead = true;
        w.child.kill("SIGKILL");
        worker = undefined;
        return { pageCount: 0, queries: {}, messages: [], ...(answer === "timeout" ? { timedOut: true } : { outOfMemory: true }) };
      }
      const messages: TypstMessage[] = answer.messages.map((m) => {
        const file = virtualPath(m.path);
        const line = lineOf(m.range);
        return { severity: m.severity === "warning" ? "warning" : "error", message: m.message, hints: m.hints, ...(file ? { file } : {}), ...(line ? { line } : {}) };
      });
      pages = Math.max(pages, answer.pageCount ?? 0);
      return { ...(answer.pdf ? { pdf: new Uint8Array(Buffer.from(answer.pdf, "base64")) } : {}), pageCount: answer.pageCount ?? 0, queries: answer.queries ?? {}, messages };
    },
    close() {
      if (worker && pages > retireAfterPages) {
        worker.dead = true;
        worker.child.kill();
      } else if (worker) release(worker);
      worker = undefined;
    },
  };
}

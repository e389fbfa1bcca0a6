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
let buffer = "";
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
  send({ ok: true, pageCount: doc.numOfPages, queries, pdf: Buffer.from(pdf).toString("base64"), messages: warnings });
}
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffer += chunk;
  let i;
  while ((i = buffer.indexOf("\n")) >= 0) {
    const line = buffer.slice(0, i);
    buffer = buffer.slice(i + 1);
    try { handle(JSON.parse(line)); } catch (e) { send({ ok: false, messages: [{ severity: "error", message: String(e && e.message || e), hints: [] }] }); }
  }
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

export function openTypst({ fonts, timeoutMs }: { fonts: string[]; timeoutMs: number }): TypstSession {
  let child: ChildProcess | undefined;
  let pending = "";
  const modulePath = createRequire(import.meta.url).resolve("@myriaddreamin/typst-ts-node-compiler");
  const start = (): ChildProcess => {
    const c = spawn(process.execPath, ["-e", CHILD_SOURCE], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/", IMPRINT_TYPST_MODULE: modulePath, IMPRINT_TYPST_ROOT: TYPST_ROOT },
    });
    c.stdout?.setEncoding("utf8");
    c.stderr?.resume();
    // A child that died is reported by its exit; a write to its closed pipe must not throw.
    c.stdin?.on("error", () => undefined);
    return c;
  };
  return {
    compile({ main, mainPath, files, queries }) {
      child ??= start();
      const c = child;
      return new Promise<TypstCompileResult>((resolve) => {
        let settled = false;
        const finish = (r: TypstCompileResult): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          c.stdout?.off("data", onData);
          c.off("exit", onExit);
          resolve(r);
        };
        const timer = setTimeout(() => {
          c.kill("SIGKILL");
          child = undefined;
          pending = "";
          finish({ pageCount: 0, queries: {}, messages: [], timedOut: true });
        }, timeoutMs);
        const onExit = (code: number | null, signal: string | null): void => {
          child = undefined;
          finish({ pageCount: 0, queries: {}, messages: [{ severity: "error", message: `the typst compiler stopped (${signal ?? `exit code ${code}`})`, hints: [] }] });
        };
        const onData = (chunk: string): void => {
          pending += chunk;
          const i = pending.indexOf("\n");
          if (i < 0) return;
          const line = pending.slice(0, i);
          pending = pending.slice(i + 1);
          const answer = JSON.parse(line) as ChildAnswer;
          const messages: TypstMessage[] = answer.messages.map((m) => {
            const file = virtualPath(m.path);
            const line = lineOf(m.range);
            return { severity: m.severity === "warning" ? "warning" : "error", message: m.message, hints: m.hints, ...(file ? { file } : {}), ...(line ? { line } : {}) };
          });
          finish({ ...(answer.pdf ? { pdf: new Uint8Array(Buffer.from(answer.pdf, "base64")) } : {}), pageCount: answer.pageCount ?? 0, queries: answer.queries ?? {}, messages });
        };
        c.stdout?.on("data", onData);
        c.once("exit", onExit);
        c.stdin?.write(JSON.stringify({ fonts, files: files.map((f) => ({ path: f.path, b64: Buffer.from(f.bytes).toString("base64") })), main, mainPath, queries }) + "\n");
      });
    },
    close() {
      child?.stdin?.end();
      child?.kill();
      child = undefined;
    },
  };
}

/**
 * Many Markdown files through one native pandoc run instead of one run each. pandoc 2.17 has no
 * server, and each process costs its start and a fresh heap: the 800-page bench book's 67 files
 * took 3.1 s of user and 1.9 s of system CPU one by one, 2.3 s and 0.2 s as one run. The files go
 * to pandoc as files with `--file-scope`, so each is parsed on its own exactly as alone (its own
 * footnote keys, reference links and heading ids); a marker block opens each, and the one
 * document pandoc writes is cut back into one output per file, each with its own notes.
 *
 * A batch is only a faster way to the same outputs: anything it cannot attribute for certain (a
 * warning naming no file, a marker missing, a failed or stopped run) gives undefined, and the
 * caller converts those files one by one as before.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MARKDOWN_ARGS, MARKDOWN_FROM } from "./args.js";
import { escapeRegExp } from "./typography.js";
import { PandocError, type PandocBackend, type PandocOutput } from "./types.js";

/** The longest a batch may take before its files go one by one. */
const BATCH_TIMEOUT_MS = 15_000;

/** Lines the marker block adds before each file's own first line. */
const MARKER_LINES = 2;

const FOOTNOTES = /<section class="footnotes[^"]*"[^>]*>\s*<hr\s*\/?>\s*<ol>([\s\S]*?)<\/ol>\s*<\/section>\s*$/;

/** One file for a batch: the Markdown as pandoc reads it (index.ts PreparedMarkdown.input) and its name. */
export interface BatchInput {
  input: string;
  sourceFile: string;
}

/** pandoc's output per file, or undefined when the batch cannot say for certain. */
export async function runBatch({ pandoc, files, timeoutMs }: { pandoc: PandocBackend; files: readonly BatchInput[]; timeoutMs: number }): Promise<PandocOutput[] | undefined> {
  if (!pandoc.runFiles || files.length < 2) return undefined;
  const nonce = randomBytes(6).toString("hex");
  const marker = (k: number): string => `imprint-batch-${nonce}-${k}`;
  const names = files.map((_, k) => `${String(k).padStart(4, "0")}.md`);
  let dir: string;
  try {
    dir = await mkdtemp(join(tmpdir(), "imprint-batch-"));
  } catch {
    // No temporary folder to write to (read-only, full): the runs per file need none.
    return undefined;
  }
  try {
    try {
      await Promise.all(files.map((f, k) => writeFile(join(dir, names[k] as string), `<div id="${marker(k)}"></div>\n\n${f.input}`)));
    } catch {
      return undefined;
    }
    let out: PandocOutput;
    try {
      // Ten ordinary files take well under a second together: a batch that needs longer than one
      // file's budget (at most 15 s) holds something pathological, and the runs per file find it.
      out = await pandoc.runFiles({ paths: names.map((n) => join(dir, n)), from: MARKDOWN_FROM, to: "html5", args: MARKDOWN_ARGS, sourceFile: files[0]?.sourceFile ?? "", timeoutMs: Math.min(timeoutMs, BATCH_TIMEOUT_MS) });
    } catch (error) {
      if (error instanceof PandocError) return undefined;
      throw error;
    }
    return splitOutput({ out, names, dir, marker, count: files.length });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function splitOutput({ out, names, dir, marker, count }: { out: PandocOutput; names: string[]; dir: string; marker: (k: number) => string; count: number }): PandocOutput[] | undefined {
  // Warnings: each must name its file ("at /tmp/…/0003.md line 12 column 1"); its line moves back by the marker's.
  const warnings: string[][] = Array.from({ length: count }, () => []);
  for (const w of out.warnings) {
    const k = names.findIndex((n) => w.includes(join(dir, n)));
    if (k < 0) return undefined;
    const path = join(dir, names[k] as string);
    const text = w.replace(new RegExp(`(?: at)? ${escapeRegExp(path)} line (\\d+) column (\\d+)`), (_m, line: string, col: string) => ` at line ${Number(line) - MARKER_LINES} column ${col}`).replace(path, "");
    warnings[k]?.push(text);
  }
  let html = out.output;
  const notes = FOOTNOTES.exec(html);
  const items = notes ? [...(notes[1] ?? "").matchAll(/<li id="([^"]+)"[\s\S]*?<\/li>/g)].map((m) => ({ id: m[1] ?? "", html: m[0] })) : [];
  if (notes) html = html.slice(0, notes.index);
  const bodies: string[] = [];
  let at = 0;
  for (let k = 0; k < count; k++) {
    const open = new RegExp(`<div id="${marker(k)}">\\s*</div>\\n?`).exec(html.slice(at));
    if (!open) return undefined;
    const start = at + open.index + open[0].length;
    if (k > 0) bodies.push(html.slice(at, at + open.index));
    at = start;
  }
  bodies.push(html.slice(at));
  // Each note goes with the file that refers to it, in the order pandoc numbered them.
  const owner = (id: string): number => bodies.findIndex((b) => b.includes(`href="#${id}" class="footnote-ref"`));
  const mine: string[][] = Array.from({ length: count }, () => []);
  for (const item of items) {
    const k = owner(item.id);
    if (k < 0) return undefined;
    mine[k]?.push(item.html);
  }
  return bodies.map((body, k) => ({
    output: (mine[k]?.length ? `${body}<section class="footnotes footnotes-end-of-document" role="doc-endnotes">\n<hr />\n<ol>\n${(mine[k] ?? []).join("\n")}\n</ol>\n</section>` : body).replace(/^\n+/, ""),
    warnings: warnings[k] ?? [],
  }));
}

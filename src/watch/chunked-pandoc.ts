/**
 * pandoc per paragraph, for a warm session: a Markdown file is cut between top-level paragraphs
 * and headings, each piece's HTML is kept, and a save sends only the pieces that changed to
 * pandoc (one run, the pieces separated by a marker comment). A one-paragraph edit of a long
 * chapter then costs one short pandoc run instead of the whole chapter.
 *
 * The output must be what pandoc makes of the whole file, so a file is cut only where nothing
 * crosses the cut: not inside fences, fenced divs or lists, never next to a table, quote or raw
 * block; and a file with document-wide state (notes, reference links, implicit header links,
 * example lists, raw HTML blocks, TeX macros) goes to pandoc whole. Heading ids are the one
 * state left (pandoc numbers a repeated id): a result with a repeated or renumbered id is thrown
 * away and the whole file converted. A run with warnings is converted whole too (their line
 * numbers are the file's). The tests compare both ways on every fixture.
 */
import { createHash, randomBytes } from "node:crypto";
import { PandocError, type PandocBackend, type PandocOutput, type PandocRun } from "../convert/types.js";
import { MARKDOWN_FROM } from "../convert/args.js";

/** Anything whose meaning spans the file: such a file is converted whole. */
const DOCUMENT_WIDE: RegExp[] = [
  /\[\^|\^\[/, // notes
  /^ {0,3}\[[^\]\n]*\]:/m, // reference link definitions
  /(?<!\\)\](?![({])/, // reference and implicit header links, `[sic]`, task boxes: cheaper to convert whole than to tell apart
  /\(@/, // example lists number across the file
  /^ {0,3}<(?!(?:img|a|span|em|strong|b|i|code|br|sup|sub|small|abbr|q|cite|kbd|mark|s|u|del|ins)\b)[A-Za-z!?/]/im, // raw HTML blocks, comments
  /^\\begin\{|\\(?:re)?newcommand|\\def\b/m, // raw TeX environments and macros
  /(^|\n[ \t]*\n)-{3,}[ \t]*\n[ \t]*\S/, // multiline tables (a dashed line, then text)
];

const LIST_MARKER = /^(?:[-*+]|\d+[.)]|[A-Za-z][.)]|[ivxlcdmIVXLCDM]+[.)]|#\.|\(\w+\))(?:\s|$)/;
const PLAIN_START = /^(?:#{1,6}\s|[\p{L}\p{N}"'“‘«*_!])/u;
const RULE_OR_TABLE = /^[\s|:+=-]*[-=]{3,}[\s|:+=-]*$/;

/** A paragraph or ATX heading that starts at the margin: nothing in it reaches a neighbour. */
function plainBlock(lines: readonly string[]): boolean {
  const first = lines[0] ?? "";
  if (!PLAIN_START.test(first) || LIST_MARKER.test(first)) return false;
  return lines.every((l) => !RULE_OR_TABLE.test(l) && !l.includes("|") && !/^ {0,3}(?:[:~]\s|>|`{3}|~{3}|:{3})/.test(l));
}

/** Where the file may be cut (line indexes), or undefined when it must be converted whole. */
export function cutPoints(markdown: string): number[] | undefined {
  if (DOCUMENT_WIDE.some((re) => re.test(markdown))) return undefined;
  const lines = markdown.split("\n");
  const blank = (l: string | undefined) => l === undefined || /^\s*$/.test(l);
  // Which lines may start a piece: outside fences and fenced divs, after a blank line.
  const open: boolean[] = [];
  let fence: { char: string; length: number } | undefined;
  let divs = 0;
  for (const line of lines) {
    open.push(!fence && divs === 0);
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence.char && f[1]!.length >= fence.length && /^ {0,3}(`{3,}|~{3,})\s*$/.test(line)) fence = undefined;
    } else if (f) fence = { char: f[1]![0]!, length: f[1]!.length };
    else if (/^:{3,}\s*$/.test(line)) divs = Math.max(0, divs - 1);
    else if (/^:{3,}\s*\S/.test(line)) divs++;
  }
  if (fence || divs) return undefined;
  // Blocks: runs of non-blank lines.
  const blocks: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    if (blank(lines[i])) continue;
    const start = i;
    while (i + 1 < lines.length && !blank(lines[i + 1])) i++;
    blocks.push({ start, end: i + 1 });
  }
  const cuts: number[] = [];
  for (let b = 1; b < blocks.length; b++) {
    const prev = blocks[b - 1]!;
    const here = blocks[b]!;
    if (!open[here.start] || !open[prev.start]) continue;
    if (plainBlock(lines.slice(prev.start, prev.end)) && plainBlock(lines.slice(here.start, here.end))) cuts.push(here.start);
  }
  return cuts;
}

/** The file's pieces: their texts joined give the file back (each piece ends where the next starts). */
export function pieces(markdown: string): string[] | undefined {
  const cuts = cutPoints(markdown);
  if (!cuts || cuts.length === 0) return undefined;
  const lines = markdown.split("\n");
  const out: string[] = [];
  let from = 0;
  for (const cut of [...cuts, lines.length]) {
    out.push(lines.slice(from, cut).join("\n") + (cut < lines.length ? "\n" : ""));
    from = cut;
  }
  return out;
}

/** pandoc renumbered or repeated an id: the pieces were not independent after all. */
function idsClash(html: string): boolean {
  const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
  const seen = new Set(ids);
  if (seen.size !== ids.length) return true;
  return ids.some((id) => {
    const m = /^(.*)-\d+$/.exec(id);
    return m !== null && seen.has(m[1]!);
  });
}

export interface ChunkedPandoc extends PandocBackend {
  /** Pieces converted, pieces reused, and whole-file runs (tests, the bench). */
  readonly stats: { converted: number; reused: number; whole: number };
}

export function chunkedPandoc({ backend, maxPieces = 20_000 }: { backend: PandocBackend; maxPieces?: number }): ChunkedPandoc {
  const kept = new Map<string, string>();
  const stats = { converted: 0, reused: 0, whole: 0 };
  const whole = (run: PandocRun): Promise<PandocOutput> => {
    stats.whole++;
    return backend.run(run);
  };

  async function run(request: PandocRun): Promise<PandocOutput> {
    if (request.from !== MARKDOWN_FROM || request.inputBytes) return backend.run(request);
    const parts = pieces(request.input);
    if (!parts) return whole(request);
    const context = JSON.stringify([request.to, request.args ?? []]);
    const keys = parts.map((p) => createHash("sha256").update(context).update("\0").update(p.replace(/\n+$/, "")).digest("hex"));
    const missing = [...new Set(keys.filter((k) => !kept.has(k)))];
    const html = new Map(keys.filter((k) => kept.has(k)).map((k) => [k, kept.get(k)!]));
    if (missing.length) {
      // One pandoc run for every changed piece, with a marker only this run could contain.
      const marker = `<!--imprint-piece-${randomBytes(8).toString("hex")}-->`;
      const text = missing.map((k) => parts[keys.indexOf(k)]!.replace(/\n+$/, ""));
      let out: PandocOutput;
      try {
        out = await backend.run({ ...request, input: text.join(`\n\n${marker}\n\n`) + "\n" });
      } catch (error) {
        // The pieces are independent: what stops pandoc on some of them stops it on the whole
        // file too, so the error is the file's (a second run would only double a timeout).
        if (error instanceof PandocError) throw error;
        return whole(request);
      }
      const made = out.output.split(`\n${marker}\n`);
      if (out.warnings.length || made.length !== missing.length || idsClash(out.output)) return whole(request);
      missing.forEach((k, i) => html.set(k, made[i]!.replace(/\n+$/, "")));
      stats.converted += missing.length;
    }
    stats.reused += keys.length - missing.length;
    // Kept in the order last used, so the oldest pieces go first when there are too many.
    for (const k of keys) {
      kept.delete(k);
      kept.set(k, html.get(k)!);
    }
    while (kept.size > maxPieces) kept.delete(kept.keys().next().value as string);
    const output = keys.map((k) => html.get(k) ?? "").filter((h) => h !== "").join("\n") + "\n";
    if (idsClash(output)) return whole(request);
    return { output, warnings: [] };
  }

  return {
    name: backend.name,
    version: backend.version,
    ...(backend.memoryCap ? { memoryCap: backend.memoryCap } : {}),
    stats,
    run,
    close: () => backend.close(),
  };
}

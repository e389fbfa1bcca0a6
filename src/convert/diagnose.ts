/**
 * Where in a file pandoc is stuck. When a whole file passes the timeout or the memory cap, the
 * message alone cannot say which of its hundreds of lines is to blame, and pandoc's Markdown
 * reader has known exponential cases (unclosed `[`, runs of `[a.__b__]`, unclosed `::: name`
 * fences: jgm/pandoc#11687, #1735, #9635) that an author can fix in seconds once pointed at.
 *
 * So the file is cut into its top-level blocks with a line scanner (blank-line separated, fenced
 * code and closed fenced divs kept whole) and halved: each half is converted alone with a short
 * limit, and the search goes on in the first half that still fails, down to one block (into a
 * fenced div's own blocks, too). That is about 2·log2(blocks) runs, bounded in number and in
 * total time, so a diagnosis never costs more than a few seconds over the failure it explains.
 * Unclosed fenced divs are found by the scanner itself and reported without any run.
 */
import { diag, type Diagnostic } from "../diagnostics.js";
import { formatMs } from "./native.js";
import { PandocError, type PandocBackend } from "./types.js";

export interface DiagnosisOptions {
  /** Limit of each trial conversion (default 2 s). */
  blockTimeoutMs?: number;
  /** Bound on the whole diagnosis (default 10 s). */
  budgetMs?: number;
  /** Bound on the number of trial conversions (default 50). */
  maxRuns?: number;
}

export interface DiagnoseRequest extends DiagnosisOptions {
  pandoc: PandocBackend;
  /** How the whole file's run failed (default "timeout"). */
  failure?: "timeout" | "memory";
  /** The exact text the failed run was given (line numbers are those of the file). */
  markdown: string;
  sourceFile: string;
  from: string;
  to: string;
  args: string[];
}

/** A top-level block: 0-based first line and end line (exclusive); `inner` for a closed fenced div. */
export interface BlockSpan {
  start: number;
  end: number;
  kind: "paragraph" | "heading" | "list" | "block quote" | "table" | "code block" | "fenced div";
  /** Lines inside a closed fenced div (between its fences). */
  inner?: { start: number; end: number };
}

export interface ScannedMarkdown {
  lines: string[];
  blocks: BlockSpan[];
  /** 0-based lines of `:::` openers that no closing `:::` matches. */
  unclosedDivs: number[];
}

const CODE_FENCE = /^ {0,3}(`{3,}|~{3,})/;
const DIV_OPEN = /^ {0,3}:{3,}[ \t]*(\{[^}]*\}|[^\s:{}]\S*)[ \t]*:*[ \t]*$/;
const DIV_CLOSE = /^ {0,3}:{3,}[ \t]*$/;
const BLANK = /^[ \t]*$/;

function blockKind(line: string): BlockSpan["kind"] {
  if (/^ {0,3}#{1,6}(\s|$)/.test(line)) return "heading";
  if (/^ {0,3}([-*+]|\d+[.)])\s/.test(line)) return "list";
  if (/^ {0,3}>/.test(line)) return "block quote";
  if (/^ {0,3}\|/.test(line)) return "table";
  return "paragraph";
}

/** Lines `from`..`to` (exclusive) of `lines`: where fenced code ends, and which div fences pair up. */
function fences(lines: readonly string[], from: number, to: number): { codeEnd: Map<number, number>; divEnd: Map<number, number>; unclosed: number[] } {
  const codeEnd = new Map<number, number>();
  const divEnd = new Map<number, number>();
  const open: number[] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i] ?? "";
    const code = CODE_FENCE.exec(line);
    if (code?.[1]) {
      const fence = code[1];
      const closer = new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}[ \\t]*$`);
      let j = i + 1;
      while (j < to && !closer.test(lines[j] ?? "")) j++;
      // pandoc runs an unclosed code fence to the end of the document.
      codeEnd.set(i, Math.min(j + 1, to));
      i = j;
    } else if (DIV_CLOSE.test(line)) {
      const opener = open.pop();
      if (opener !== undefined) divEnd.set(opener, i + 1);
    } else if (DIV_OPEN.test(line)) {
      open.push(i);
    }
  }
  return { codeEnd, divEnd, unclosed: open };
}

/** The top-level blocks of lines `from`..`to`; unclosed div fences count as ordinary lines. */
export function scanBlocks(lines: readonly string[], from = 0, to = lines.length): { blocks: BlockSpan[]; unclosedDivs: number[] } {
  const { codeEnd, divEnd, unclosed } = fences(lines, from, to);
  const blocks: BlockSpan[] = [];
  let i = from;
  while (i < to) {
    if (BLANK.test(lines[i] ?? "")) {
      i++;
      continue;
    }
    const start = i;
    const first = lines[i] ?? "";
    const kind: BlockSpan["kind"] = codeEnd.has(i) ? "code block" : divEnd.has(i) ? "fenced div" : blockKind(first);
    let inner: BlockSpan["inner"];
    while (i < to && !BLANK.test(lines[i] ?? "")) {
      const jump = codeEnd.get(i) ?? divEnd.get(i);
      if (jump !== undefined) {
        if (i === start && kind === "fenced div") inner = { start: i + 1, end: jump - 1 };
        i = jump;
      } else {
        i++;
      }
    }
    blocks.push(inner ? { start, end: i, kind, inner } : { start, end: i, kind });
  }
  return { blocks, unclosedDivs: unclosed };
}

export function scanMarkdown(markdown: string): ScannedMarkdown {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  return { lines, ...scanBlocks(lines) };
}

/** Advice for a block pandoc cannot finish, from the markup it holds. */
export function blockHint(text: string): string {
  const plain = text.replace(/\\./g, "").replace(/`[^`\n]*`/g, "");
  const opens = (plain.match(/\[/g) ?? []).length;
  const closes = (plain.match(/\]/g) ?? []).length;
  const emphasis = (plain.match(/[_*]+/g) ?? []).length;
  const causes: string[] = [];
  if (opens !== closes) causes.push(`${opens} \`[\` against ${closes} \`]\``);
  else if (opens >= 8) causes.push(`${opens} bracket pairs`);
  if (emphasis >= 8) causes.push(`${emphasis} runs of \`_\` or \`*\``);
  const what = causes.length > 0 ? `It has ${causes.join(" and ")}: ` : "";
  return `${what}pandoc tries every way to pair brackets and emphasis marks, and the time doubles with each one left open. Close them, or escape the literal ones with a backslash (\\[, \\], \\_, \\*).`;
}

type Trial = "ok" | "timeout" | "memory";

/** Reports where pandoc is stuck in a file that timed out or passed the memory cap; never throws for pandoc. */
export async function diagnoseSlowFile(request: DiagnoseRequest): Promise<Diagnostic[]> {
  // A run under a memory cap ends at the cap: given longer, a block that needs more is named for
  // its memory even on a busy machine, where 2 s would cut it off first.
  const { pandoc, sourceFile: file, blockTimeoutMs = request.failure === "memory" ? 5000 : 2000, budgetMs = 10_000, maxRuns = 50 } = request;
  const { lines, blocks, unclosedDivs } = scanMarkdown(request.markdown);
  // Unclosed fences are certain trouble, and each trial on text holding them would be slow too.
  if (unclosedDivs.length > 0) {
    const shown = unclosedDivs.slice(0, 3);
    const more = unclosedDivs.length - shown.length;
    return shown.map((line, n) =>
      diag("convert/unclosed-fence", {
        message: `this fenced div (\`${(lines[line] ?? "").trim()}\`) is never closed${n === 0 && unclosedDivs.length > 1 ? `; ${file} has ${unclosedDivs.length} unclosed fenced divs${more > 0 ? ` (the first 3 are shown)` : ""}, and pandoc slows down exponentially with their number` : ""}`,
        file,
        line: line + 1,
        severity: "error",
      }),
    );
  }
  // pandoc-wasm starts a fresh worker after each timeout, which no trial's own limit covers:
  // keep that much of the budget back, so the whole diagnosis stays within it.
  const reserveMs = pandoc.name === "wasm" ? 2000 : 0;
  const deadline = Date.now() + budgetMs - reserveMs;
  let runs = 0;
  const trial = async (start: number, end: number): Promise<Trial | undefined> => {
    const left = deadline - Date.now();
    if (runs >= maxRuns || left < 250) return undefined;
    runs++;
    const input = `${lines.slice(start, end).join("\n")}\n`;
    try {
      await pandoc.run({ input, from: request.from, to: request.to, args: request.args, sourceFile: file, timeoutMs: Math.min(blockTimeoutMs, left) });
      return "ok";
    } catch (error) {
      if (!(error instanceof PandocError)) throw error;
      return error.kind === "timeout" || error.kind === "memory" ? error.kind : "ok";
    }
  };

  // Invariant: list[lo..hi) holds the trouble; `known` is the last range a trial saw fail (at
  // first the whole file, from the run that failed). A failing left half is searched; when the
  // left half passes, the right half is searched without a trial of its own (that would cost a
  // timeout, and on pandoc-wasm a worker restart, per level), and the last block is tried alone.
  // `parent`: the closed fenced div the search went into; it is the answer if no part of it fails.
  let list = blocks;
  let lo = 0;
  let hi = list.length;
  let failure: Trial = request.failure ?? "timeout";
  let tested = false; // whether list[lo..hi) itself failed a trial
  let known = { start: 0, end: lines.length };
  let parent: BlockSpan | undefined;
  for (;;) {
    const first = list[lo];
    const last = list[hi - 1];
    if (!first || !last) return [];
    if (hi - lo === 1) {
      if (!tested) {
        const t = await trial(first.start, first.end);
        if (t === undefined) return [parent ? stuck(parent, failure) : narrowed(known.start, known.end, failure)];
        if (t === "ok") return [parent ? stuck(parent, failure) : together(known.start, known.end)];
        failure = t;
      }
      const inner = first.inner && scanBlocks(lines, first.inner.start, first.inner.end).blocks;
      if (!inner || inner.length === 0) return [stuck(first, failure)];
      // A fenced div that fails: look for the block inside it that is to blame.
      [parent, list, lo, hi, tested, known] = [first, inner, 0, inner.length, false, { start: first.start, end: first.end }];
      continue;
    }
    const mid = lo + Math.floor((hi - lo) / 2);
    const before = list[mid - 1];
    if (!before) return [];
    const left = await trial(first.start, before.end);
    if (left === undefined) return [narrowed(known.start, known.end, failure)];
    if (left === "ok") {
      [lo, tested] = [mid, false];
    } else {
      [hi, failure, tested, known] = [mid, left, true, { start: first.start, end: before.end }];
    }
  }
  function span(start: number, end: number): string {
    return end - start > 1 ? `lines ${start + 1}–${end}` : `line ${start + 1}`;
  }
  function stuck(block: BlockSpan, kind: Trial): Diagnostic {
    const text = lines.slice(block.start, block.end).join("\n");
    const why = kind === "memory" ? `it needs more than the ${pandoc.memoryCap?.mb ?? "?"} MB memory cap` : `it takes more than ${formatMs(blockTimeoutMs)}`;
    return diag(kind === "memory" ? "convert/memory" : "convert/timeout", {
      message: `pandoc cannot finish this ${block.kind} (${span(block.start, block.end)}) even on its own (${why})`,
      file,
      line: block.start + 1,
      hint: blockHint(text),
    });
  }
  function narrowed(start: number, end: number, kind: Trial): Diagnostic {
    return diag(kind === "memory" ? "convert/memory" : "convert/timeout", {
      message: `pandoc is stuck somewhere in ${span(start, end)} (the search for the exact block ran out of time)`,
      file,
      line: start + 1,
      hint: blockHint(lines.slice(start, end).join("\n")),
    });
  }
  function together(start: number, end: number): Diagnostic {
    return diag("convert/timeout", {
      message: `each part of ${span(start, end)} converts on its own, but not all of it together`,
      file,
      line: start + 1,
      severity: "info",
      hint: "The file may just be too long for the limit: raise it (--timeout SECONDS, --pandoc-memory MB) or split the file; else look for brackets or emphasis marks opened in one part and closed far later.",
    });
  }
}

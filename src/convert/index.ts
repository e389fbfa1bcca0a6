/**
 * The convert stage: one Markdown file → a Fragment of sanitised polyglot HTML, through either
 * pandoc backend. User mistakes and pandoc failures come back as diagnostics, never as throws.
 */
import { diag, type Diagnostic } from "../diagnostics.js";
import { MARKDOWN_ARGS, MARKDOWN_FROM } from "./args.js";
import { limitNesting } from "./depth.js";
import { diagnoseSlowFile } from "./diagnose.js";
import { mdbookDirectives } from "./directives.js";
import { codeChunks } from "./code-chunks.js";
import { unresolvedReferences } from "./citations.js";
import { unreadGridTables } from "./unread-tables.js";
import { rawTex } from "./raw-tex.js";
import { mdbookListings } from "./mdbook-listing.js";
import { buildFragment } from "./fragment.js";
import { LIST_DELIMITER_FILTER, mayHaveDelimitedLists } from "./list-delimiters.js";
import { createLocator, type SourceLocator } from "./locate.js";
import { createNativePandoc, formatMs } from "./native.js";
import { sanitizeFragment } from "./sanitize.js";
import { PandocError, type ConvertOutcome, type ConvertRequest, type PandocBackend, type PandocOutput } from "./types.js";
import { protectTypography } from "./typography.js";
import { createWasmPandoc } from "./wasm.js";
import { blankYamlBlocks } from "./yaml-blocks.js";

export * from "./types.js";
export { createNativePandoc } from "./native.js";
export { createWasmPandoc } from "./wasm.js";
export { diagnoseSlowFile, type DiagnosisOptions } from "./diagnose.js";

export type BackendChoice = "auto" | "native" | "wasm";

export interface CreatePandocOptions {
  /** "auto" (default): native pandoc when it is on PATH and new enough, else pandoc-wasm. */
  backend?: BackendChoice;
  /** The native executable (default "pandoc", looked up on PATH). */
  pandocPath?: string;
  /** Memory cap of every pandoc run in MiB (default `DEFAULT_LIMITS.pandocMemoryMb`, 1024). */
  maxMemoryMb?: number;
}

function missing(error: unknown, severity?: "info"): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  return diag("convert/pandoc-missing", severity ? { message, severity } : { message });
}

/** Starts a pandoc backend; the caller closes it. `value` is undefined when none could start. */
export async function createPandoc({ backend = "auto", pandocPath, maxMemoryMb }: CreatePandocOptions = {}): Promise<{ value: PandocBackend | undefined; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const cap = maxMemoryMb === undefined ? {} : { maxMemoryMb };
  const native = pandocPath === undefined ? cap : { pandocPath, ...cap };
  if (backend === "native" || backend === "auto") {
    try {
      return { value: await createNativePandoc(native), diagnostics };
    } catch (error) {
      if (!(error instanceof PandocError)) throw error;
      if (backend === "native") {
        diagnostics.push({ ...missing(error), hint: "Install pandoc 2.17 or newer (`sudo apt-get install -y pandoc`), or use the built-in pandoc-wasm backend." });
        return { value: undefined, diagnostics };
      }
      diagnostics.push({ ...missing(error, "info"), message: `${error.message}; using the built-in pandoc-wasm instead` });
    }
  }
  try {
    return { value: await createWasmPandoc(cap), diagnostics };
  } catch (error) {
    if (!(error instanceof PandocError)) throw error;
    diagnostics.push(missing(error));
    return { value: undefined, diagnostics };
  }
}

/**
 * pandoc's options for the text: HTML5 fragments, no highlighting markup. --wrap=preserve, not
 * none: pandoc 2.x turns line blocks into plain paragraphs under --wrap=none; fragment.ts
 * joins the preserved line ends, so the result reads as --wrap=none would.
 */
export { MARKDOWN_ARGS, MARKDOWN_FROM };

function pandocFailure(error: PandocError, request: ConvertRequest, pandoc: PandocBackend): Diagnostic {
  const file = request.sourceFile;
  switch (error.kind) {
    case "timeout":
      return diag("convert/timeout", { message: `pandoc did not finish converting ${file} within ${formatMs(request.timeoutMs)} (the conversion timeout); it was stopped`, file });
    case "memory": {
      const mb = pandoc.memoryCap?.mb;
      const cap = mb === undefined ? "its memory cap" : `its ${mb} MB memory cap`;
      return diag("convert/memory", { message: `pandoc needed more than ${cap} to convert ${file}; it was stopped`, file });
    }
    case "missing":
      return diag("convert/pandoc-missing", { message: error.message, file });
    default:
      return diag("convert/pandoc-failed", { message: error.message, file });
  }
}

function pandocWarning({ text, file, locate }: { text: string; file: string; locate: SourceLocator }): Diagnostic {
  // pandoc names no place for math it cannot convert: the math's first line, found in the text, is its line.
  const math = /^Could not convert TeX math\s+([\s\S]+?),\s+rendering as TeX/.exec(text)?.[1];
  // Inside a block quote or list item pandoc counts from that block ("at _chunk line 3"): no line, then.
  const given = /_chunk\b/.test(text) ? undefined : /\bline (\d+)/.exec(text)?.[1];
  const line = given !== undefined ? Number(given) : math ? locate.find(math.trim().split("\n")[0]?.trim() ?? "") : undefined;
  if (!math) return diag("convert/pandoc-warning", { message: text, file, ...(line !== undefined ? { line } : {}) });
  // texmath's reason follows its echo of the formula and a caret: "… ^ unexpected control sequence \se expecting …".
  const reason = /\^\s+(.+?)(?:\s+expecting\b[\s\S]*)?$/.exec(text.replace(/\s+/g, " ").trim())?.[1];
  return diag("convert/pandoc-warning", {
    message: `could not convert the TeX math ${math.replace(/\s+/g, " ").trim()}${reason ? ` (${reason})` : ""}, so it prints as its TeX source`,
    file,
    ...(line !== undefined ? { line } : {}),
    hint: "TeX and AMS math commands are typeset, but no macro a LaTeX preamble defines (\\newcommand): write it out where it is used.",
  });
}

/** A file made ready for pandoc: YAML blocks blanked, literal curly quotes hidden (typography.ts). */
export interface PreparedMarkdown {
  request: ConvertRequest;
  /** The Markdown as pandoc reads it. */
  input: string;
  /** The text with YAML blocks blanked (lines kept), for locating things in it. */
  blanked: string;
  restore: (text: string) => string;
  diagnostics: Diagnostic[];
}

export function prepareMarkdown(request: ConvertRequest): PreparedMarkdown {
  const yaml = blankYamlBlocks({ markdown: request.markdown, sourceFile: request.sourceFile });
  // R Markdown and Quarto chunks become code blocks (or go), lines kept (code-chunks.ts).
  const chunks = codeChunks({ markdown: yaml.markdown, sourceFile: request.sourceFile });
  const blanked = { markdown: chunks.markdown, diagnostics: [...yaml.diagnostics, ...chunks.diagnostics] };
  // Literal curly quotes are hidden from pandoc's smart reader (typography.ts), then put back.
  const typography = protectTypography({ markdown: blanked.markdown });
  return { request, input: typography.markdown, blanked: blanked.markdown, restore: typography.restore, diagnostics: [...blanked.diagnostics, ...mdbookDirectives({ markdown: request.markdown, sourceFile: request.sourceFile }), ...rawTex({ markdown: request.markdown, sourceFile: request.sourceFile })] };
}

/** pandoc's output and warnings for a prepared file → its Fragment (sanitised, nesting capped). */
export function finishMarkdown({ prepared, output }: { prepared: PreparedMarkdown; output: PandocOutput }): ConvertOutcome {
  const { sourceFile, idPrefix } = prepared.request;
  // pandoc repeats some warnings word for word (display math it cannot convert): each is said once.
  // model/duplicate-id reports a duplicate identifier at its real line; pandoc counts lines
  // inside a block quote or list item from that block's start ("at _chunk line 3").
  const locate = createLocator(prepared.blanked);
  const diagnostics = [...prepared.diagnostics, ...[...new Set(output.warnings)].filter((w) => !/^Duplicate identifier/.test(w)).map((w) => pandocWarning({ text: prepared.restore(w), file: sourceFile, locate }))];
  // Nesting is capped first: every step after it walks the tree, and thousands of levels (a
  // hostile file) overflowed the stack of the first one that recursed.
  const limited = limitNesting({ html: prepared.restore(output.output), sourceFile, locate });
  const html = mdbookListings(limited.html);
  const sanitized = sanitizeFragment({ html, sourceFile, locate });
  diagnostics.push(...sanitized.diagnostics, ...limited.diagnostics, ...unresolvedReferences({ html, markdown: prepared.blanked, sourceFile, locate }), ...unreadGridTables({ html, sourceFile, locate }));
  const { fragment } = buildFragment({ html: sanitized.html, markdown: prepared.blanked, sourceFile, idPrefix, locate });
  return { fragment, diagnostics };
}

/** A run that failed: the diagnostic, and for a timeout or memory cap the block to blame. */
async function failedMarkdown({ prepared, error, pandoc }: { prepared: PreparedMarkdown; error: PandocError; pandoc: PandocBackend }): Promise<ConvertOutcome> {
  const { request } = prepared;
  const diagnostics = [...prepared.diagnostics, pandocFailure(error, request, pandoc)];
  // Say where: the blocks pandoc cannot finish even alone, within a few seconds more.
  if (error.kind === "timeout" || error.kind === "memory") {
    diagnostics.push(...(await diagnoseSlowFile({ pandoc, failure: error.kind, markdown: prepared.input, sourceFile: request.sourceFile, from: MARKDOWN_FROM, to: "html5", args: MARKDOWN_ARGS, ...request.diagnosis })));
  }
  return { fragment: undefined, diagnostics };
}

/** Converts one Markdown file. Never throws for anything the manuscript or pandoc does. */
export async function convertMarkdown({ pandoc, request }: { pandoc: PandocBackend; request: ConvertRequest }): Promise<ConvertOutcome> {
  const prepared = prepareMarkdown(request);
  let output: PandocOutput;
  try {
    const luaFilters = mayHaveDelimitedLists(prepared.input) ? [LIST_DELIMITER_FILTER] : undefined;
    output = await pandoc.run({ input: prepared.input, from: MARKDOWN_FROM, to: "html5", args: MARKDOWN_ARGS, ...(luaFilters ? { luaFilters } : {}), sourceFile: request.sourceFile, timeoutMs: request.timeoutMs });
  } catch (error) {
    if (!(error instanceof PandocError)) throw error;
    return failedMarkdown({ prepared, error, pandoc });
  }
  return finishMarkdown({ prepared, output });
}

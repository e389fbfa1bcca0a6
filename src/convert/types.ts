/** The pandoc adapter's contract: one interface, two backends (native pandoc, pandoc-wasm). */
import type { Diagnostic } from "../diagnostics.js";
import type { Block, Note } from "../model/book.js";
import type { DiagnosisOptions } from "./diagnose.js";
import type { LuaFilter } from "./list-delimiters.js";

export type BackendName = "native" | "wasm";

export interface PandocRun {
  /** Input text. */
  input: string;
  /** Pandoc reader, e.g. "markdown", "docx" (binary input goes as `inputBytes`). */
  from: string;
  /** Pandoc writer, e.g. "html5", "markdown". */
  to: string;
  inputBytes?: Uint8Array;
  /** Extra pandoc options (argument array, never a shell string), e.g. ["--wrap=none"]. */
  args?: string[];
  /** imprint's own Lua filters (src/convert/list-delimiters.ts), never a manuscript's. */
  luaFilters?: readonly LuaFilter[];
  /** Manuscript-relative path, for messages. */
  sourceFile: string;
  timeoutMs: number;
}

export interface PandocOutput {
  output: string;
  /** pandoc's warnings, one per entry, as data (never printed by the adapter). */
  warnings: string[];
}

/** Why a run failed; the adapter turns these into diagnostics naming the file. */
export class PandocError extends Error {
  constructor(
    /** "memory": pandoc passed the backend's memory cap (see `PandocBackend.memoryCap`). */
    readonly kind: "missing" | "failed" | "timeout" | "memory",
    message: string,
    readonly sourceFile: string,
  ) {
    super(message);
    this.name = "PandocError";
  }
}

/**
 * How a backend bounds pandoc's memory. "rts": native pandoc's own `+RTS -M` heap cap; "prlimit" /
 * "ulimit": the kernel's data-segment limit (RLIMIT_DATA) on the native process, for a pandoc built
 * without RTS options; "wasm": the maximum of pandoc-wasm's linear memory; "none": nothing could.
 */
export interface MemoryCap {
  mb: number;
  enforcedBy: "rts" | "prlimit" | "ulimit" | "wasm" | "none";
}

export interface PandocBackend {
  readonly name: BackendName;
  /** e.g. "2.17.1.1" or "3.10". */
  readonly version: string;
  /** The memory cap every run of this backend is held to, and what enforces it. */
  readonly memoryCap?: MemoryCap;
  run(run: PandocRun): Promise<PandocOutput>;
  /**
   * One run over several files on disk, each parsed on its own (`--file-scope`) and written as one
   * document (native pandoc only: one process instead of one per file; see batch.ts).
   */
  runFiles?(run: Omit<PandocRun, "input" | "inputBytes"> & { paths: string[] }): Promise<PandocOutput>;
  /** Ends any worker or child process; idempotent. */
  close(): Promise<void>;
}

export interface ConvertRequest {
  markdown: string;
  /** Manuscript-relative path of the Markdown file. */
  sourceFile: string;
  /** Prefix for the file's ids (default none: the model namespaces them when it assembles the Book). */
  idPrefix?: string;
  timeoutMs: number;
  /** Bounds on the search for the block pandoc is stuck on, after a timeout or the memory cap. */
  diagnosis?: DiagnosisOptions;
}

/**
 * One Markdown file converted: sanitised polyglot HTML, split into its top-level blocks, with the
 * notes taken out. Ids are unique within the file only (the model namespaces them); links to
 * other files (`02-b.md#sec`) and to ids this file lacks are left for the model to resolve.
 */
export interface Fragment {
  sourceFile: string;
  /** See `Block` in model/book.ts for the exact shape (note refs, image paths). */
  blocks: Block[];
  notes: Note[];
  /** Ids the manuscript gave twice in this file (the later ones were renamed), with their lines. */
  duplicateIds: { id: string; line?: number }[];
  /** Manuscript-relative paths of the images the text refers to, with the line where known. */
  assetRefs: { path: string; line?: number }[];
  /** Each link as the manuscript wrote it (its href before ids were namespaced) and its line, where found. */
  links?: { href: string; line: number }[];
}

export interface ConvertOutcome {
  fragment: Fragment | undefined;
  diagnostics: Diagnostic[];
}

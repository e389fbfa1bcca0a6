/** What renderers produce and take. Renderers never touch the disk; `write` does. */
import type { Diagnostic } from "../diagnostics.js";

export interface Artifact {
  /** File name inside the output folder, e.g. "venezuela-logbook.epub". */
  name: string;
  mediaType: string;
  bytes: Uint8Array;
}

export interface RenderResult {
  artifacts: Artifact[];
  diagnostics: Diagnostic[];
  /** Per-stage timings in milliseconds, for the build report and the benchmark. */
  timings: Record<string, number>;
}

/** One printed page's start, located in the Book: the first block starting on it. */
export interface PageStart {
  /** Printed folio as the PDF shows it ("1", "2"… ; front matter may be "i", "ii"). */
  page: string;
  /** The Book's id of the block. */
  blockId: string;
}

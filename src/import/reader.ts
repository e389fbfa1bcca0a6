/**
 * The pandoc an import reads a Word or OpenDocument file with. "auto" means the built-in
 * pandoc-wasm (pandoc 3.x) rather than the machine's: Debian 12's pandoc 2.17 drops the caption of
 * a picture in a text box, turns a link to a bookmark into a link to `\l` and cross-references
 * into plain text (all mended in pandoc 3; see the README), and an import is done once, so the
 * same document gives the same manuscript on every machine. The machine's pandoc is kept when the
 * built-in one cannot start, and used when asked for (`--pandoc native`: about twice as fast on a
 * long document).
 */
import { createPandoc, createWasmPandoc, type BackendChoice } from "../convert/index.js";
import type { PandocBackend } from "../convert/types.js";
import type { Diagnostic } from "../diagnostics.js";

export async function createImportPandoc({ backend = "auto", maxMemoryMb }: { backend?: BackendChoice; maxMemoryMb?: number }): Promise<{ value: PandocBackend | undefined; diagnostics: Diagnostic[] }> {
  if (backend === "auto") {
    try {
      return { value: await createWasmPandoc(maxMemoryMb === undefined ? {} : { maxMemoryMb }), diagnostics: [] };
    } catch {
      // The built-in pandoc could not start (its worker, or memory): the machine's, as for a build.
    }
  }
  return createPandoc({ backend, ...(maxMemoryMb === undefined ? {} : { maxMemoryMb }) });
}

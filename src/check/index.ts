/**
 * `imprint check` as a function: finished editions (EPUB, PDF) through the validators. The CLI
 * only parses arguments and prints what this returns.
 */
import { readFile } from "node:fs/promises";
import { diag, type Diagnostic } from "../diagnostics.js";

export type EpubCheckName = "epubcheck" | "epubcheck-ts" | "ace";

export interface CheckFilesOptions {
  files: string[];
  /** EPUB: which validators (default all three). */
  epubChecks?: EpubCheckName[];
  /** PDF: which print services' preflight (default both). */
  preflight?: Array<"kdp" | "ingram">;
}

export async function checkFiles({ files, epubChecks, preflight = ["kdp", "ingram"] }: CheckFilesOptions): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (error) {
      diagnostics.push(diag("load/unreadable", { message: `cannot read "${file}": ${(error as Error).message}`, file }));
      continue;
    }
    if (/\.epub$/i.test(file)) {
      const { checkEpub } = await import("./epub.js");
      diagnostics.push(...(await checkEpub({ bytes, fileName: file, ...(epubChecks?.length ? { checks: epubChecks } : {}) })));
    } else if (/\.pdf$/i.test(file)) {
      const { preflightPdf } = await import("./preflight.js");
      for (const profile of preflight) diagnostics.push(...(await preflightPdf({ bytes, file, profile })));
    } else {
      diagnostics.push(diag("cli/usage", { message: `"${file}" is neither an .epub nor a .pdf; give EPUB or PDF files`, file }));
    }
  }
  return diagnostics;
}

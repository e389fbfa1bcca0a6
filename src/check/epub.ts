/**
 * `imprint check FILE.epub` and the build's EPUB check: EPUBCheck (Java), epubcheck-ts and DAISY
 * Ace, each optional, their findings as our diagnostics. A tool that is not installed is a
 * check/tool-missing warning, never a crash. The two EPUBChecks run side by side; Ace (which
 * starts a browser) runs alone after them, to spare a two-core machine.
 */
import type { Diagnostic } from "../diagnostics.js";
import { runAce } from "./ace.js";
import { runEpubcheck } from "./epubcheck.js";
import { runEpubcheckTs } from "./epubcheck-ts.js";

export type EpubChecker = "epubcheck" | "epubcheck-ts" | "ace";
export const ALL_EPUB_CHECKS: readonly EpubChecker[] = ["epubcheck", "epubcheck-ts", "ace"];

export interface CheckEpubOptions {
  bytes: Uint8Array;
  fileName: string;
  checks?: EpubChecker[];
  browserPath?: string;
}

export async function checkEpub({ bytes, fileName, checks = [...ALL_EPUB_CHECKS], browserPath }: CheckEpubOptions): Promise<Diagnostic[]> {
  const chosen = new Set(checks);
  const [java, ts] = await Promise.all([
    chosen.has("epubcheck") ? runEpubcheck({ bytes, fileName }) : Promise.resolve([]),
    chosen.has("epubcheck-ts") ? runEpubcheckTs({ bytes, fileName }) : Promise.resolve([]),
  ]);
  const ace = chosen.has("ace") ? await runAce({ bytes, fileName, ...(browserPath ? { browserPath } : {}) }) : [];
  return [...java, ...ts, ...ace];
}

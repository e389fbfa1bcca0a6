/**
 * `imprint check FILE.epub` and the build's EPUB check: EPUBCheck (Java), epubcheck-ts and DAISY
 * Ace, each optional, their findings as our diagnostics. A tool that is not installed is a
 * check/tool-missing warning, never a crash. The two EPUBChecks run side by side; Ace (which
 * starts a browser) runs alone after them, to spare a two-core machine. With epubcheck-ts (the
 * fast check, and part of the full one) our own structure check runs too: it catches what
 * epubcheck-ts lets through and EPUBCheck rejects (DOCTYPEs, broken cross-file links).
 */
import type { Diagnostic } from "../diagnostics.js";
import { runEpubcheckTs } from "./epubcheck-ts.js";
import { checkEpubStructure } from "./epub-structure.js";

// EPUBCheck and Ace load only when asked for (Ace brings puppeteer): a fast check starts quicker.
const runEpubcheck: typeof import("./epubcheck.js").runEpubcheck = async (o) => (await import("./epubcheck.js")).runEpubcheck(o);
const runAce: typeof import("./ace.js").runAce = async (o) => (await import("./ace.js")).runAce(o);

/** Loads the fast check's modules ahead of time (a build calls it while its editions render). */
export async function warmEpubChecks(): Promise<void> {
  await import("@likecoin/epubcheck-ts").catch(() => undefined);
}

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
  // The checkers are independent processes (Java, Chromium) or in-process work: run them together.
  const [java, ts, structure, ace] = await Promise.all([
    chosen.has("epubcheck") ? runEpubcheck({ bytes, fileName }) : Promise.resolve([]),
    chosen.has("epubcheck-ts") ? runEpubcheckTs({ bytes, fileName }) : Promise.resolve([]),
    chosen.has("epubcheck-ts") ? checkEpubStructure({ bytes, fileName }) : Promise.resolve([]),
    chosen.has("ace") ? runAce({ bytes, fileName, ...(browserPath ? { browserPath } : {}) }) : Promise.resolve([]),
  ]);
  return [...java, ...ts, ...notAlreadyReported({ structure, by: ts }), ...ace];
}

/** A structure finding at a place where epubcheck-ts already reported an error says nothing new. */
function notAlreadyReported({ structure, by }: { structure: Diagnostic[]; by: Diagnostic[] }): Diagnostic[] {
  const places = new Set(by.filter((d) => d.severity === "error").map((d) => `${d.file}:${d.line ?? ""}`));
  return structure.filter((d) => !places.has(`${d.file}:${d.line ?? ""}`));
}

/**
 * EPUBCheck (Java) and DAISY Ace take seconds per EPUB and were half the suite's time. Their
 * verdict depends only on the EPUB's bytes and on the checkers themselves, so a clean verdict is
 * remembered: in this process (a Map of promises, so the same bytes checked twice at once run
 * once) and on disk under the OS temp folder, so parallel vitest workers and later runs share it.
 *
 * The key is the SHA-256 of the bytes plus a fingerprint of everything that could change the
 * verdict: the EPUBCheck jar and Java, the epubcheck-ts and Ace package versions, the browser Ace
 * drives, and the source of imprint's own check code (src/check/, diagnostics, codes). Only clean
 * verdicts are stored; a failing one (which names the file) is computed afresh every time.
 * IMPRINT_TEST_CHECK_CACHE=0 turns the disk cache off.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkEpub } from "../../src/check/epub.js";
import { DEFAULT_EPUBCHECK_JAR } from "../../src/check/epubcheck.js";
import { formatDiagnostic, type Diagnostic } from "../../src/diagnostics.js";
import { findBrowser } from "../../src/render/browser.js";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src");
export const CHECKS_CACHE_DIR = join(tmpdir(), "imprint-test-epub-checks");
const memo = new Map<string, Promise<string[]>>();
let fingerprintValue: string | undefined;

function fileStamp(path: string | undefined): string {
  if (!path || !existsSync(path)) return `${path ?? "-"}:absent`;
  const s = statSync(path);
  return `${path}:${s.size}:${s.mtimeMs}`;
}

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version?: string }).version ?? "?";
  } catch {
    return "absent";
  }
}

/** What, besides the EPUB, decides the verdict (computed once per process). */
export function checkersFingerprint(): string {
  if (fingerprintValue) return fingerprintValue;
  const hash = createHash("sha256");
  // Files only: subfolders (src/check/typography, the PDF metrics) do not decide an EPUB's verdict.
  const ownSources = [...readdirSync(join(SRC, "check"), { withFileTypes: true }).filter((d) => d.isFile()).map((d) => join("check", d.name)), "diagnostics.ts", "codes.ts"].sort();
  for (const f of ownSources) hash.update(`${f}\0`).update(readFileSync(join(SRC, f))).update("\0");
  hash.update(fileStamp(process.env.EPUBCHECK_JAR ?? DEFAULT_EPUBCHECK_JAR));
  hash.update(`java=${process.env.JAVA ?? "java"}`);
  for (const name of ["@likecoin/epubcheck-ts", "@daisy/ace-cli", "@daisy/ace-core", "@daisy/axe-core-for-ace", "@daisy/ace-axe-runner-puppeteer"]) hash.update(`${name}@${packageVersion(name)}`);
  hash.update(fileStamp(findBrowser({ env: process.env }).path));
  fingerprintValue = hash.digest("hex");
  return fingerprintValue;
}

function cacheFile(key: string): string {
  return join(CHECKS_CACHE_DIR, `${key}.json`);
}

type Checker = (input: { bytes: Uint8Array; fileName: string }) => Promise<Diagnostic[]>;

async function runChecks({ bytes, fileName, key, check }: { bytes: Uint8Array; fileName: string; key: string; check: Checker }): Promise<string[]> {
  const useDisk = process.env.IMPRINT_TEST_CHECK_CACHE !== "0";
  if (useDisk && existsSync(cacheFile(key))) return (JSON.parse(readFileSync(cacheFile(key), "utf8")) as { found: string[] }).found;
  const found = (await check({ bytes, fileName })).map(formatDiagnostic);
  if (useDisk && found.length === 0) {
    // Unique temp name, then rename: another worker never reads a half-written entry.
    mkdirSync(CHECKS_CACHE_DIR, { recursive: true });
    const temp = `${cacheFile(key)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(temp, JSON.stringify({ found, fileName }) + "\n");
    renameSync(temp, cacheFile(key));
  }
  return found;
}

export function checksCacheKey(bytes: Uint8Array): string {
  return `${createHash("sha256").update(bytes).digest("hex")}-${checkersFingerprint().slice(0, 16)}`;
}

/**
 * All three EPUB checkers' findings (formatted), run once per distinct EPUB while they are clean.
 * `check` is checkEpub (all three checkers); the memo's own test passes a stand-in.
 */
export function checkEpubOnce({ bytes, fileName, check = checkEpub }: { bytes: Uint8Array; fileName: string; check?: Checker }): Promise<string[]> {
  const key = checksCacheKey(bytes);
  let pending = memo.get(key);
  if (!pending) {
    pending = runChecks({ bytes, fileName, key, check });
    memo.set(key, pending);
    // A failing verdict names the file it was asked about; do not hand it to another name.
    void pending.then((found) => found.length > 0 && memo.delete(key), () => memo.delete(key));
  }
  return pending;
}

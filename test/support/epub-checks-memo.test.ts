/** The EPUB-checks memo: runs the checkers once per distinct EPUB, and remembers clean verdicts only. */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { diag, type Diagnostic } from "../../src/diagnostics.js";
import { checkEpubOnce, checksCacheKey, CHECKS_CACHE_DIR } from "./epub-checks-memo.js";

const unique = (what: string): Uint8Array => new TextEncoder().encode(`${what} ${process.pid} ${Date.now()} ${Math.random()}`);
const stored = (bytes: Uint8Array): string => join(CHECKS_CACHE_DIR, `${checksCacheKey(bytes)}.json`);
const made: Uint8Array[] = [];
afterEach(() => {
  for (const bytes of made.splice(0)) rmSync(stored(bytes), { force: true });
});

/** A stand-in for checkEpub that counts its runs. */
function counting(result: Diagnostic[]): { runs: () => number; check: () => Promise<Diagnostic[]> } {
  let n = 0;
  return { runs: () => n, check: async () => (n++, result) };
}

test("a clean verdict is stored once and reused, in this process and from disk", async () => {
  const bytes = unique("clean");
  made.push(bytes);
  const fake = counting([]);
  const [a, b] = await Promise.all([checkEpubOnce({ bytes, fileName: "a.epub", check: fake.check }), checkEpubOnce({ bytes, fileName: "b.epub", check: fake.check })]);
  expect([a, b, fake.runs()]).toEqual([[], [], 1]);
  expect(existsSync(stored(bytes))).toBe(true);
  // Other bytes are other EPUBs: checked on their own.
  const other = unique("other");
  made.push(other);
  await checkEpubOnce({ bytes: other, fileName: "c.epub", check: fake.check });
  expect(fake.runs()).toBe(2);
});

test("a failing verdict is reported with its file name and never stored", async () => {
  const bytes = unique("broken");
  made.push(bytes);
  const fake = counting([diag("check/epubcheck", { message: "RSC-007 missing resource", file: "EPUB/a.xhtml" })]);
  const first = await checkEpubOnce({ bytes, fileName: "broken.epub", check: fake.check });
  expect(first.join("\n")).toContain("RSC-007");
  expect(existsSync(stored(bytes))).toBe(false);
  await checkEpubOnce({ bytes, fileName: "broken.epub", check: fake.check });
  expect(fake.runs()).toBe(2);
});

/**
 * No hyphen across a page turn. Typst has no rule for it, so the finished PDF is read back: a
 * page whose last text line ends in a line-end break (typst writes it as U+00AD) or a compound's
 * own hyphen names the paragraph that runs over the page end, and the next pass sets that
 * paragraph without hyphenation (and keeps its compounds whole). The last lines come from the
 * PDF's content streams (last-lines.ts); this module's poppler pdftotext (the PDF and its text in
 * a temporary folder) reads a PDF that reader cannot follow. Without poppler then, the check is
 * skipped (the build does not depend on it).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { allBlocks, type Book } from "../../../model/book.js";

/** Pages per pdftotext process, at least: below it a second process costs more than it saves. */
const PAGES_PER_PROCESS = 200;

/**
 * 1-based pages whose last line of text ends in a hyphenation break; undefined without pdftotext.
 * A long book is read by one pdftotext per core, each for its share of the pages (800 pages:
 * 1.4 s in one process).
 */
export async function hyphenatedPageEnds({ pdf, pageCount, pagesPerProcess = PAGES_PER_PROCESS }: { pdf: Uint8Array; pageCount: number; pagesPerProcess?: number }): Promise<number[] | undefined> {
  let dir: string | undefined;
  try {
    dir = await mkdtemp(join(tmpdir(), "imprint-page-ends-"));
    const input = join(dir, "book.pdf");
    await writeFile(input, pdf);
    const processes = Math.max(1, Math.min(availableParallelism(), Math.floor(pageCount / pagesPerProcess)));
    const share = Math.ceil(pageCount / processes);
    const ranges = Array.from({ length: processes }, (_, k) => ({ first: k * share + 1, last: Math.min(pageCount, (k + 1) * share) }));
    const found = await Promise.all(ranges.map(async ({ first, last }, k) => {
      const out = join(dir as string, `text-${k}.txt`);
      const ok = await new Promise<boolean>((resolve) => {
        const child = spawn("pdftotext", ["-layout", "-enc", "UTF-8", "-f", String(first), "-l", String(last), input, out], { stdio: "ignore" });
        child.on("error", () => resolve(false));
        child.on("close", (code) => resolve(code === 0));
      });
      return ok ? pageEnds(await readFile(out, "utf8")).map((p) => p + first - 1) : undefined;
    }));
    return found.some((f) => f === undefined) ? undefined : found.flatMap((f) => f as number[]);
  } catch {
    // No temporary folder, or no text: the check is skipped, as without poppler.
    return undefined;
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

/** A line that ends in a hyphenation break (U+00AD) or a compound's own hyphen ("fellow-/countrymen"). */
export const HYPHENATED_END = /\p{L}[\u00AD\u2010-]$/u;

function pageEnds(text: string): number[] {
  const pages: number[] = [];
  text.split("\f").forEach((page, i) => {
    const lines = page.split("\n").map((l) => l.trim()).filter(Boolean);
    // The folio is the page's last line when it has one.
    if (lines.length > 1 && /^\d+$/.test(lines.at(-1) ?? "")) lines.pop();
    if (HYPHENATED_END.test(lines.at(-1) ?? "")) pages.push(i + 1);
  });
  return pages;
}

/** The block running over the end of each page: the last block (in reading order) starting on or before it. */
export function blocksOverPageEnds({ book, pageOf, pages }: { book: Book; pageOf: Map<string, number>; pages: number[] }): string[] {
  const ids: string[] = [];
  for (const page of pages) {
    let last: string | undefined;
    for (const { block } of allBlocks(book)) {
      const p = pageOf.get(block.id);
      if (p !== undefined && p + 1 <= page) last = block.id;
    }
    if (last) ids.push(last);
  }
  return ids;
}

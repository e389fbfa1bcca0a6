/**
 * No hyphen across a page turn. Typst has no rule for it, so the finished PDF is read back with
 * poppler's pdftotext (the PDF through a pipe, the text to a temporary file): a page whose last text line ends in a
 * line-end break (typst writes it as U+00AD) or a compound's own hyphen names the paragraph that
 * runs over the page end, and the next pass sets that paragraph without hyphenation (and keeps its
 * compounds whole). Without poppler the check is
 * skipped (the build does not depend on it).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allBlocks, type Book } from "../../../model/book.js";

/**
 * 1-based pages whose last line of text ends in a hyphenation break; undefined without pdftotext.
 * `sent` settles once the PDF is in pdftotext's hands: the caller may then keep its own thread
 * busy (pdf-lib) while pdftotext works, since the text goes to a file, not a pipe that would wait
 * to be read.
 */
export function hyphenatedPageEnds({ pdf }: { pdf: Uint8Array }): { sent: Promise<void>; pages: Promise<number[] | undefined> } {
  let sent!: () => void;
  const written = new Promise<void>((resolve) => (sent = resolve));
  const pages = (async () => {
    let dir: string | undefined;
    try {
      dir = await mkdtemp(join(tmpdir(), "imprint-page-ends-"));
      const out = join(dir, "text.txt");
      const ok = await new Promise<boolean>((resolve) => {
        const child = spawn("pdftotext", ["-layout", "-enc", "UTF-8", "-", out], { stdio: ["pipe", "ignore", "ignore"] });
        child.on("error", () => resolve(false));
        child.on("close", (code) => resolve(code === 0));
        child.stdin.on("error", () => undefined);
        child.stdin.end(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), sent);
      });
      return ok ? pageEnds(await readFile(out, "utf8")) : undefined;
    } catch {
      // No temporary folder, or no text: the check is skipped, as without poppler.
      return undefined;
    } finally {
      sent();
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  })();
  return { sent: written, pages };
}

function pageEnds(text: string): number[] {
  const pages: number[] = [];
  text.split("\f").forEach((page, i) => {
    const lines = page.split("\n").map((l) => l.trim()).filter(Boolean);
    // The folio is the page's last line when it has one.
    if (lines.length > 1 && /^\d+$/.test(lines.at(-1) ?? "")) lines.pop();
    // A hyphenation break (U+00AD) or a compound's own hyphen ("fellow-/countrymen").
    if (/\p{L}[\u00AD\u2010-]$/u.test(lines.at(-1) ?? "")) pages.push(i + 1);
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

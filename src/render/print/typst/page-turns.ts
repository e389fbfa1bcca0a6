/**
 * No hyphen across a page turn. Typst has no rule for it, so the finished PDF is read back with
 * poppler's pdftotext (from memory, through a pipe): a page whose last text line ends in a
 * line-end break (typst writes it as U+00AD) or a compound's own hyphen names the paragraph that
 * runs over the page end, and the next pass sets that paragraph without hyphenation (and keeps its
 * compounds whole). Without poppler the check is
 * skipped (the build does not depend on it).
 */
import { spawn } from "node:child_process";
import { allBlocks, type Book } from "../../../model/book.js";

/** 1-based pages whose last line of text ends in a hyphenation break; undefined without pdftotext. */
export async function hyphenatedPageEnds({ pdf }: { pdf: Uint8Array }): Promise<number[] | undefined> {
  const text = await new Promise<string | undefined>((resolve) => {
    const child = spawn("pdftotext", ["-layout", "-enc", "UTF-8", "-", "-"], { stdio: ["pipe", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    child.on("error", () => resolve(undefined));
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("close", (code) => resolve(code === 0 ? Buffer.concat(chunks).toString("utf8") : undefined));
    child.stdin.on("error", () => undefined);
    child.stdin.end(Buffer.from(pdf));
  });
  if (text === undefined) return undefined;
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

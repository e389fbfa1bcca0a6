/**
 * The EPUB's page-list from a print engine's layout: the first block on each page, by block id.
 * Both print engines (Chromium's plan, typst's layout query) give a page index per block.
 */
import { allBlocks, type Book } from "../model/book.js";
import type { PageStart } from "./types.js";

export function pageStartsOf({ book, pageOf }: { book: Book; pageOf: Map<string, number> }): PageStart[] {
  const starts: PageStart[] = [];
  const seen = new Set<number>();
  for (const { block } of allBlocks(book)) {
    const p = pageOf.get(block.id);
    if (p === undefined || seen.has(p)) continue;
    seen.add(p);
    starts.push({ page: String(p + 1), blockId: block.id });
  }
  return starts.sort((a, b) => Number(a.page) - Number(b.page));
}

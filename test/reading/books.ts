/**
 * The books the reading-system tests open: the seed (the repository's manuscript), a corpus book
 * with chapters and notes, and the typography fixture (Polish and Czech letters in every style),
 * each rendered to an EPUB (and HTML) by the real pipeline. Print page markers come from page
 * starts given as the print edition gives them (a block id per page), so the EPUB carries
 * `doc-pagebreak` markers where a real build would put them.
 */
import { join } from "node:path";
import { allBlocks, type Book } from "../../src/model/book.js";
import { renderEpub } from "../../src/render/epub/index.js";
import { renderHtml } from "../../src/render/html/index.js";
import type { PageStart } from "../../src/render/types.js";
import { fixtureBook, MANIFESTO_DIR, SEED_DIR } from "../helpers/books.js";

export const TYPOGRAPHY_DIR = join(import.meta.dirname, "fixtures", "typography");

export interface ReadingBook {
  name: string;
  book: Book;
  epub: Uint8Array;
  html: string;
}

/** A page start before every third paragraph (and some other blocks), as print would give. */
export function pageStartsOf(book: Book): PageStart[] {
  const starts: PageStart[] = [];
  let n = 0;
  for (const { block } of allBlocks(book)) {
    n += 1;
    if (n % 3 === 0) starts.push({ page: String(starts.length + 1), blockId: block.id });
  }
  return starts;
}

const cache = new Map<string, Promise<ReadingBook>>();

export function readingBook(name: "seed" | "manifesto" | "typography"): Promise<ReadingBook> {
  let pending = cache.get(name);
  if (!pending) {
    pending = (async () => {
      const dir = name === "seed" ? SEED_DIR : name === "manifesto" ? MANIFESTO_DIR : TYPOGRAPHY_DIR;
      const { book, templates } = await fixtureBook(dir);
      const epubResult = await renderEpub({ book, templates, pageStarts: pageStartsOf(book) });
      const epub = epubResult.artifacts[0]?.bytes;
      if (!epub) throw new Error(`${name}: no EPUB: ${epubResult.diagnostics.map((d) => d.message).join("; ")}`);
      const htmlResult = await renderHtml({ book, templates });
      const html = new TextDecoder().decode(htmlResult.artifacts[0]?.bytes);
      return { name, book, epub, html };
    })();
    cache.set(name, pending);
  }
  return pending;
}

export const BOOK_NAMES = ["seed", "manifesto", "typography"] as const;

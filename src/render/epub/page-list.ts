/**
 * Print page numbers in the EPUB: a `doc-pagebreak` marker before the first block of each printed
 * page (the print edition says which block, by the Book's block id) and a `page-list` nav.
 */
import type { PageStart } from "../types.js";
import { escapeXml } from "./xhtml.js";

export interface PageTarget {
  page: string;
  /** Document-relative href, e.g. "s1.xhtml#page-3". */
  href: string;
}

/** A valid id for a folio (roman or arabic numerals, or anything else a PDF shows). */
export function pageId(page: string): string {
  return `page-${page.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** The marker markup to put before each block, and the page-list targets in page order. */
export function pageBreaksOf({ pageStarts, documentOf }: { pageStarts: PageStart[]; documentOf: (blockId: string) => string | undefined }): { markers: Map<string, string>; targets: PageTarget[] } {
  const markers = new Map<string, string>();
  const targets: PageTarget[] = [];
  const seen = new Set<string>();
  for (const start of pageStarts) {
    const doc = documentOf(start.blockId);
    // A start the print edition located outside the EPUB's documents cannot be marked.
    if (doc === undefined) continue;
    const id = pageId(start.page);
    if (seen.has(id)) continue;
    seen.add(id);
    markers.set(start.blockId, (markers.get(start.blockId) ?? "") + `<span epub:type="pagebreak" role="doc-pagebreak" id="${id}" aria-label="${escapeXml(start.page)}"></span>`);
    targets.push({ page: start.page, href: `${doc}#${id}` });
  }
  return { markers, targets };
}

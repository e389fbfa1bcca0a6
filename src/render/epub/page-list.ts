/**
 * Print page numbers in the EPUB: a `doc-pagebreak` marker before the first block of each printed
 * page (located by the print edition as section + top-level block index) and a `page-list` nav.
 */
import type { Section } from "../../model/book.js";
import type { PageStart } from "../types.js";
import { escapeXml, insertBeforeBlocks, topLevelElementOffsets } from "./xhtml.js";

export interface PageTarget {
  page: string;
  /** Document-relative href, e.g. "s1.xhtml#page-3". */
  href: string;
}

/** A valid id for a folio (roman or arabic numerals, or anything else a PDF shows). */
export function pageId(page: string): string {
  return `page-${page.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

/** Section html with page-break markers inserted, and the page-list targets in book order. */
export function applyPageStarts({
  sections,
  pageStarts,
  hrefOf,
}: {
  sections: Section[];
  pageStarts: PageStart[];
  hrefOf: (section: Section) => string;
}): { html: Map<string, string>; targets: PageTarget[] } {
  const html = new Map<string, string>();
  const targets: PageTarget[] = [];
  const seen = new Set<string>();
  for (const section of sections) {
    const starts = pageStarts.filter((p) => p.sectionId === section.id).sort((a, b) => a.blockIndex - b.blockIndex);
    const inserts: Array<{ blockIndex: number; markup: string }> = [];
    const blockCount = topLevelElementOffsets(section.html).length;
    for (const start of starts) {
      // A start the print edition located outside this section's blocks cannot be marked.
      if (start.blockIndex < 0 || start.blockIndex >= blockCount) continue;
      const id = pageId(start.page);
      if (seen.has(id)) continue;
      seen.add(id);
      const label = escapeXml(start.page);
      inserts.push({
        blockIndex: start.blockIndex,
        markup: `<span epub:type="pagebreak" role="doc-pagebreak" id="${id}" aria-label="${label}"></span>`,
      });
      targets.push({ page: start.page, href: `${hrefOf(section)}#${id}` });
    }
    html.set(section.id, insertBeforeBlocks(section.html, inserts));
  }
  return { html, targets };
}

/**
 * Folios and running heads. Chromium's margin boxes cannot be switched off per page (no `:blank`,
 * no `:first` per named page, no `string-set`), so these are typeset by Chromium in a separate
 * one-page-per-page document and stamped with pdf-lib on exactly the pages that carry them, marked
 * as /Artifact so the tagged structure keeps them out of the reading order.
 */
import { beginMarkedContent, endMarkedContent, PDFDocument } from "pdf-lib";
import type { Book } from "../../model/book.js";
import type { ServedFile } from "../browser.js";
import { gutterOnLeft, type PageGeometry } from "./geometry.js";
import type { PageRole } from "./plan.js";

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const pt = (n: number): string => `${Math.round(n * 1000) / 1000}pt`;

export function overlayHtml({ book, roles, geometry: g, fontCss }: { book: Book; roles: PageRole[]; geometry: PageGeometry; fontCss: string }): string {
  const width = g.trimWidthPt - g.insidePt - g.outsidePt;
  const pages = roles.map((role, i) => {
    // The gutter side has no bleed; the outside edge has.
    const left = gutterOnLeft({ index: i, direction: book.metadata.direction }) ? g.insidePt : g.outsidePt + g.bleedPt;
    const head = role.head ? `<div class="head" style="left:${pt(left)};top:${pt(g.bleedPt + g.headFromTopPt)}">${esc(role.head)}</div>` : "";
    const folio = role.folio ? `<div class="folio" style="left:${pt(left)};bottom:${pt(g.bleedPt + g.folioFromBottomPt)}">${esc(role.folio)}</div>` : "";
    return `<div class="page">${head}${folio}</div>`;
  });
  return `<!DOCTYPE html><html lang="${esc(book.metadata.language)}" dir="${book.metadata.direction}"><head><meta charset="utf-8" /><style>
${fontCss}
@page { size: ${pt(g.pageWidthPt)} ${pt(g.pageHeightPt)}; margin: 0; }
html { font-family: "Source Serif 4", "Noto Serif", serif; font-size: ${g.fontSizePt}pt; }
body { margin: 0; }
.page { position: relative; width: ${pt(g.pageWidthPt)}; height: ${pt(g.pageHeightPt)}; break-after: page; overflow: hidden; }
.page:last-child { break-after: auto; }
.head, .folio { position: absolute; width: ${pt(width)}; text-align: center; line-height: 1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.head { font-size: 0.78em; letter-spacing: 0.03em; font-variant: small-caps; font-variant-numeric: oldstyle-nums; }
.folio { font-size: 0.85em; font-variant-numeric: oldstyle-nums; }
</style></head><body>${pages.join("")}</body></html>`;
}

export function overlayFiles({ files }: { files: Map<string, ServedFile> }): Map<string, ServedFile> {
  return new Map([...files].filter(([path]) => path.startsWith("fonts/")));
}

/** Draws overlay page i onto body page i wherever the role prints something. */
export async function stampOverlay({ doc, overlay, roles }: { doc: PDFDocument; overlay: Uint8Array; roles: PageRole[] }): Promise<void> {
  const wanted = roles.map((r, i) => (r.folio || r.head ? i : -1)).filter((i) => i >= 0);
  if (wanted.length === 0) return;
  const embedded = await doc.embedPdf(overlay, wanted);
  const pages = doc.getPages();
  wanted.forEach((pageIndex, k) => {
    const page = pages[pageIndex];
    const stamp = embedded[k];
    if (!page || !stamp) return;
    page.pushOperators(beginMarkedContent("Artifact"));
    page.drawPage(stamp, { x: 0, y: 0 });
    page.pushOperators(endMarkedContent());
  });
}

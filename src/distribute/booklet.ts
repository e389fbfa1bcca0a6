/**
 * Saddle-stitch imposition with pdf-lib: the book's pages two up on landscape sheets, in the order
 * that gives the book again once the sheets are printed on both sides (flipping on the short
 * edge), stacked and folded. Each page is embedded clipped to its TrimBox (our print PDFs may carry
 * bleed and crop marks outside it), scaled uniformly to fit its half sheet inside the margin, and
 * centred there. Blank pages pad the end to a multiple of four. Same input, same bytes.
 */
import { degrees, PDFDocument, PDFHexString, PDFName, PDFString, rgb, StandardFonts, type PDFEmbeddedPage, type PDFFont, type PDFPage } from "pdf-lib";
import { diag, DiagnosticError, type Diagnostic } from "../diagnostics.js";
import { VERSION } from "../version.js";
import { SHEETS, type SheetName } from "./sheets.js";

export { SHEETS, type SheetName } from "./sheets.js";

/** Around each half sheet: 0.3 in keeps every page inside what home printers and copiers reach. */
export const BOOKLET_MARGIN = 21.6;

export interface BookletOptions {
  pdf: Uint8Array;
  /** Landscape sheet; default chosen from the page size (A4 for ISO trims, else letter). */
  sheet?: SheetName;
  /** Sheets per signature; default one signature for the whole booklet. */
  signature?: number;
}

export interface BookletResult {
  pdf: Uint8Array;
  /** Warnings about the booklet as imposed (one signature too thick to fold). */
  diagnostics: Diagnostic[];
  sheets: number;
  signatures: number;
  /** Printing instructions, for the build report (also printed in the first sheet's margin). */
  instructions: string;
  /** The sheet used (given, or chosen from the page size). */
  sheet: SheetName;
  /** Pages of the source PDF, and the blank pages added after them. */
  pages: number;
  blankPages: number;
}

/** One side of a sheet: the source page (0-based) on its left and right half, or null for a blank. */
export interface SheetSide {
  left: number | null;
  right: number | null;
}

/**
 * The imposition order: for each sheet, its front then its back. Within a signature of n pages
 * (4 per sheet) the outermost sheet carries its last and first page on the front, the second
 * and second-to-last on the back, and so on inwards; signatures follow one another.
 */
export function bookletOrder({ pages, signature }: { pages: number; signature?: number }): { sides: SheetSide[]; sheets: number; signatures: number; padded: number } {
  const padded = Math.max(4, Math.ceil(pages / 4) * 4);
  const sheets = padded / 4;
  const perSignature = Math.min(signature ?? sheets, sheets);
  const sides: SheetSide[] = [];
  const page = (i: number): number | null => (i < pages ? i : null);
  let signatures = 0;
  for (let first = 0; first < sheets; first += perSignature) {
    signatures++;
    const count = Math.min(perSignature, sheets - first);
    const start = first * 4;
    const last = start + count * 4 - 1;
    for (let i = 0; i < count; i++) {
      sides.push({ left: page(last - 2 * i), right: page(start + 2 * i) });
      sides.push({ left: page(start + 2 * i + 1), right: page(last - 2 * i - 1) });
    }
  }
  return { sides, sheets, signatures, padded };
}

const MM = 72 / 25.4;
/** ISO 216 A and B sizes (mm) a book is commonly trimmed to. */
const ISO_SIZES: ReadonlyArray<readonly [number, number]> = [
  [297, 420], [210, 297], [148, 210], [105, 148], [74, 105],
  [250, 353], [176, 250], [125, 176], [88, 125],
];

/** A4 sheets for ISO trims (A5 pages come out at nearly full size on A4), Letter for the rest. */
export function defaultSheet({ width, height }: { width: number; height: number }): SheetName {
  const [w, h] = [Math.min(width, height) / MM, Math.max(width, height) / MM];
  return ISO_SIZES.some(([iw, ih]) => Math.abs(iw - w) <= 2 && Math.abs(ih - h) <= 2) ? "a4" : "letter";
}

/** What to tell whoever prints the booklet: both in the build report and on the first sheet. */
export function bookletInstructions({ sheet, sheets, signatures, perSignature }: { sheet: SheetName; sheets: number; signatures: number; perSignature: number }): string {
  const paper = `${sheets} sheet${sheets === 1 ? "" : "s"} of ${SHEETS[sheet].label}`;
  const print = "print double-sided, flip on short edge, at actual size (no fit to page)";
  if (signatures === 1) return `Booklet, ${paper}: ${print}; keep the sheets in order, fold the stack in half and staple on the fold.`;
  const lastCount = sheets - perSignature * (signatures - 1);
  const groups = lastCount === perSignature ? `${signatures} signatures of ${perSignature} sheets` : `${signatures} signatures of ${perSignature} sheets (the last of ${lastCount})`;
  return `Booklet, ${paper} in ${groups}: ${print}; fold each signature in half on its own (sheets 1-${perSignature}, ${perSignature + 1}-${Math.min(2 * perSignature, sheets)}, ...), stack the folded signatures in order and sew, staple or glue them at the fold.`;
}

function invalid(field: string, message: string): DiagnosticError {
  return new DiagnosticError([diag("render/booklet-option", { message, field })]);
}

/** The visible box of a page: its TrimBox when it has one, else its MediaBox (never the bleed). */
function trimBox(page: PDFPage): { left: number; bottom: number; right: number; top: number } {
  const hasTrim = page.node.get(PDFName.of("TrimBox")) !== undefined;
  const box = hasTrim ? page.getTrimBox() : page.getMediaBox();
  return { left: box.x, bottom: box.y, right: box.x + box.width, top: box.y + box.height };
}

interface Placement {
  x: number;
  y: number;
  scale: number;
  rotate: number;
}

/**
 * Where a page goes in its half: scaled to fit inside the margin, centred. A page with /Rotate is
 * shown as a reader would see it, so its visual box (width and height swapped at 90°) is fitted.
 */
export function placePage({ width, height, rotation, half }: { width: number; height: number; rotation: number; half: { x: number; y: number; width: number; height: number } }): Placement & { box: { x: number; y: number; width: number; height: number } } {
  const quarter = ((Math.round(rotation / 90) % 4) + 4) % 4;
  const [vw, vh] = quarter % 2 === 1 ? [height, width] : [width, height];
  const scale = Math.min((half.width - 2 * BOOKLET_MARGIN) / vw, (half.height - 2 * BOOKLET_MARGIN) / vh);
  const bx = half.x + (half.width - vw * scale) / 2;
  const by = half.y + (half.height - vh * scale) / 2;
  // pdf-lib turns the page counter-clockwise about its lower-left corner; /Rotate is clockwise.
  const origin = [
    { x: bx, y: by },
    { x: bx, y: by + vh * scale },
    { x: bx + vw * scale, y: by + vh * scale },
    { x: bx + vw * scale, y: by },
  ][quarter] as { x: number; y: number };
  return { ...origin, scale, rotate: -90 * quarter, box: { x: bx, y: by, width: vw * scale, height: vh * scale } };
}

/** Lines of at most `width` points at `size`, split at spaces. */
function wrap({ text, font, size, width }: { text: string; font: PDFFont; size: number; width: number }): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The instructions in the first sheet's bottom margin, small and grey, below the pages. */
function drawInstructions({ page, font, text, width }: { page: PDFPage; font: PDFFont; text: string; width: number }): void {
  const size = 5.5;
  const lines = wrap({ text, font, size, width: width - 2 * BOOKLET_MARGIN }).slice(0, 2);
  lines.forEach((line, i) => {
    const w = font.widthOfTextAtSize(line, size);
    page.drawText(line, { x: (width - w) / 2, y: BOOKLET_MARGIN - 7 - i * (size + 1), size, font, color: rgb(0.35, 0.35, 0.35) });
  });
}

/**
 * Short ticks at the fold, in the margin between the sheet's edge and the pages (on the front of
 * each sheet), far enough in for printers that leave the outer 0.17 in blank. The first sheet
 * has only the top one: its bottom margin holds the instructions.
 */
function drawFoldMarks({ page, width, height, bottom }: { page: PDFPage; width: number; height: number; bottom: boolean }): void {
  const color = rgb(0.6, 0.6, 0.6);
  page.drawLine({ start: { x: width / 2, y: height - 10 }, end: { x: width / 2, y: height - 18 }, thickness: 0.3, color });
  if (bottom) page.drawLine({ start: { x: width / 2, y: 10 }, end: { x: width / 2, y: 18 }, thickness: 0.3, color });
}

async function loadSource(pdf: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(pdf, { updateMetadata: false });
  } catch (error) {
    throw invalid("pdf", `the PDF to impose could not be read (${(error as Error).message}); give the bytes of an unencrypted PDF`);
  }
}

/** Saddle-stitch imposition: two pages up on a landscape sheet, padded to a multiple of four. */
/** Sheets beyond which one signature folds badly: 80 pages, about what a long-reach stapler takes (the README's Booklets). */
export const THICK_SHEETS = 20;

export async function imposeBooklet({ pdf, sheet, signature }: BookletOptions): Promise<BookletResult> {
  if (sheet !== undefined && !Object.hasOwn(SHEETS, sheet)) throw invalid("sheet", `sheet "${String(sheet)}" is not one imprint knows; use letter or a4`);
  if (signature !== undefined && !(Number.isSafeInteger(signature) && signature >= 1)) throw invalid("signature", `signature ${String(signature)} is not a whole number of sheets; give 1 or more`);
  const source = await loadSource(pdf);
  const pages = source.getPages();
  if (pages.length === 0) throw invalid("pdf", "the PDF to impose has no pages");
  const boxes = pages.map(trimBox);
  const first = boxes[0] as { left: number; bottom: number; right: number; top: number };
  const chosen: SheetName = sheet ?? defaultSheet({ width: first.right - first.left, height: first.top - first.bottom });
  const { width, height } = SHEETS[chosen];
  const order = bookletOrder({ pages: pages.length, ...(signature !== undefined ? { signature } : {}) });
  const perSignature = Math.min(signature ?? order.sheets, order.sheets);
  const instructions = bookletInstructions({ sheet: chosen, sheets: order.sheets, signatures: order.signatures, perSignature });
  const diagnostics: Diagnostic[] = [];
  if (order.signatures === 1 && order.sheets > THICK_SHEETS) {
    diagnostics.push(diag("render/booklet-thick", { message: `the booklet is one signature of ${order.sheets} sheets; more than ${THICK_SHEETS} folded together bulge and creep (the middle pages stand out past the outer ones), so the fold will not close and the staples will not hold; give --signature 4 for signatures of 4 sheets (16 pages), folded one by one and stacked` }));
  }

  const doc = await PDFDocument.create({ updateMetadata: false });
  const embedded: PDFEmbeddedPage[] = await doc.embedPages(pages, boxes);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  order.sides.forEach((side, index) => {
    const sheetPage = doc.addPage([width, height]);
    for (const [slot, x] of [[side.left, 0], [side.right, width / 2]] as const) {
      if (slot === null) continue;
      const source = pages[slot] as PDFPage;
      const page = embedded[slot] as PDFEmbeddedPage;
      const at = placePage({ width: page.width, height: page.height, rotation: source.getRotation().angle, half: { x, y: 0, width: width / 2, height } });
      sheetPage.drawPage(page, { x: at.x, y: at.y, xScale: at.scale, yScale: at.scale, rotate: degrees(at.rotate) });
    }
    if (index % 2 === 0) drawFoldMarks({ page: sheetPage, width, height, bottom: index > 0 });
    if (index === 0) drawInstructions({ page: sheetPage, font, text: instructions, width });
  });
  copyMetadata({ from: source, to: doc });
  doc.setSubject(instructions);
  return { pdf: await doc.save(), diagnostics, sheets: order.sheets, signatures: order.signatures, instructions, sheet: chosen, pages: pages.length, blankPages: order.padded - pages.length };
}

/** Title, author, language and dates from the book's PDF (never the clock), so bytes repeat. */
function copyMetadata({ from, to }: { from: PDFDocument; to: PDFDocument }): void {
  const title = from.getTitle();
  to.setTitle(title ? `${title} (booklet)` : "Booklet");
  const author = from.getAuthor();
  if (author) to.setAuthor(author);
  const created = from.getCreationDate();
  if (created) to.setCreationDate(created);
  const modified = from.getModificationDate();
  if (modified) to.setModificationDate(modified);
  const lang = from.catalog.lookup(PDFName.of("Lang"));
  if (lang instanceof PDFString || lang instanceof PDFHexString) to.setLanguage(lang.decodeText());
  to.setCreator(`imprint ${VERSION}`);
  to.setProducer(`imprint ${VERSION} (pdf-lib booklet imposition)`);
}

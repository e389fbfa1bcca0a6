/**
 * The PDF's own metadata and boxes, with pdf-lib (which keeps the catalog's /StructTreeRoot,
 * /MarkInfo and /Outlines as they are): Info dictionary and /Lang from the Book, dates from
 * `book.modified` (never the wall clock), /Creator naming imprint, and with bleed: TrimBox, BleedBox and crop
 * marks in a slug outside the bleed.
 */
import { beginMarkedContent, endMarkedContent, PDFBool, PDFDict, PDFDocument, PDFName, rgb, type PDFPage } from "pdf-lib";
import type { Book } from "../../model/book.js";
import { VERSION } from "../../version.js";
import { gutterOnLeft, type PageGeometry } from "./geometry.js";

const imprintVersion = (): string => VERSION;

/** `producer`: the PDF's /Producer (default: this Chromium engine's). */
export function setMetadata({ doc, book, producer = `imprint ${imprintVersion()} (Chromium, pdf-lib)` }: { doc: PDFDocument; book: Book; producer?: string }): void {
  const m = book.metadata;
  const date = new Date(book.modified);
  doc.setTitle(m.subtitle ? `${m.title}: ${m.subtitle}` : m.title, { showInWindowTitleBar: true });
  if (m.authors.length > 0) doc.setAuthor(m.authors.map((a) => a.name).join(", "));
  if (m.description) doc.setSubject(m.description);
  if (m.subjects.length > 0) doc.setKeywords(m.subjects);
  doc.setCreator(`imprint ${imprintVersion()}`);
  doc.setProducer(producer);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.setLanguage(m.language);
  setXmp({ doc, book, producer });
  quietMarkInfo({ doc });
}

/**
 * `/MarkInfo << /Marked true /Suspects false >>` (typst's) is valid, but the poppler of Debian 12
 * (22.02, behind pdftotext, pdffonts and pdfinfo) prints "Syntax Error: Suspects object is wrong
 * type (boolean)" for it on every run. false is the default, so the entry goes and the PDF means
 * the same.
 */
function quietMarkInfo({ doc }: { doc: PDFDocument }): void {
  const info = doc.catalog.lookupMaybe(PDFName.of("MarkInfo"), PDFDict);
  const suspects = info?.get(PDFName.of("Suspects"));
  if (info && suspects instanceof PDFBool && !suspects.asBoolean()) info.delete(PDFName.of("Suspects"));
}

const xml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The same metadata as XMP (PDF/UA and archives read XMP, not the Info dictionary). Written
 * uncompressed, with dates from the Book, so the bytes stay reproducible.
 */
function setXmp({ doc, book, producer }: { doc: PDFDocument; book: Book; producer: string }): void {
  const m = book.metadata;
  const alt = (v: string): string => `<rdf:Alt><rdf:li xml:lang="x-default">${xml(v)}</rdf:li></rdf:Alt>`;
  const seq = (vs: string[]): string => `<rdf:Seq>${vs.map((v) => `<rdf:li>${xml(v)}</rdf:li>`).join("")}</rdf:Seq>`;
  const bag = (vs: string[]): string => `<rdf:Bag>${vs.map((v) => `<rdf:li>${xml(v)}</rdf:li>`).join("")}</rdf:Bag>`;
  const title = m.subtitle ? `${m.title}: ${m.subtitle}` : m.title;
  const body = [
    `<dc:format>application/pdf</dc:format>`,
    `<dc:title>${alt(title)}</dc:title>`,
    m.authors.length ? `<dc:creator>${seq(m.authors.map((a) => a.name))}</dc:creator>` : "",
    m.description ? `<dc:description>${alt(m.description)}</dc:description>` : "",
    m.subjects.length ? `<dc:subject>${bag(m.subjects)}</dc:subject>` : "",
    `<dc:language>${bag([m.language])}</dc:language>`,
    m.publisher ? `<dc:publisher>${bag([m.publisher])}</dc:publisher>` : "",
    m.rights ? `<dc:rights>${alt(m.rights)}</dc:rights>` : "",
    `<dc:identifier>${xml(m.identifier.urn)}</dc:identifier>`,
    `<xmp:CreateDate>${book.modified}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${book.modified}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${book.modified}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>imprint ${imprintVersion()}</xmp:CreatorTool>`,
    `<pdf:Producer>${xml(producer)}</pdf:Producer>`,
    m.subjects.length ? `<pdf:Keywords>${xml(m.subjects.join(", "))}</pdf:Keywords>` : "",
  ].filter(Boolean);
  const packet =
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">${body.join("")}</rdf:Description>` +
    `</rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>`;
  const stream = doc.context.stream(new TextEncoder().encode(packet), { Type: "Metadata", Subtype: "XML" });
  doc.catalog.set(PDFName.of("Metadata"), doc.context.register(stream));
}

/** Crop-mark slug beyond the bleed: marks 12 pt long, starting 3 pt outside the bleed. */
export const SLUG_PT = 18;

/**
 * Every page gets its exact MediaBox. With bleed: the page grows by a slug on every side (MediaBox gets a negative origin, so the
 * content stays where it is), BleedBox and TrimBox are set, and crop marks are drawn in the slug
 * at the trim lines. The spine (gutter) edge never bleeds.
 */
export function setBoxes({ doc, geometry: g, cropMarks, direction = "ltr" }: { doc: PDFDocument; geometry: PageGeometry; cropMarks: boolean; direction?: "ltr" | "rtl" }): void {
  doc.getPages().forEach((page, i) => {
    // Chromium sizes pages in whole 1/300 in steps (6.125 in comes out 440.88 pt): set them exactly.
    page.setMediaBox(0, 0, g.pageWidthPt, g.pageHeightPt);
    page.node.delete(PDFName.of("CropBox"));
    if (g.bleedPt <= 0) return;
    const b = g.bleedPt;
    const trimX = gutterOnLeft({ index: i, direction }) ? 0 : b;
    const trim = { x: trimX, y: b, width: g.trimWidthPt, height: g.trimHeightPt };
    page.setBleedBox(0, 0, g.pageWidthPt, g.pageHeightPt);
    page.setTrimBox(trim.x, trim.y, trim.width, trim.height);
    if (!cropMarks) return;
    const s = SLUG_PT;
    page.setMediaBox(-s, -s, g.pageWidthPt + 2 * s, g.pageHeightPt + 2 * s);
    page.pushOperators(beginMarkedContent("Artifact"));
    drawCropMarks({ page, trim, bleed: { x: 0, y: 0, width: g.pageWidthPt, height: g.pageHeightPt } });
    page.pushOperators(endMarkedContent());
  });
}

type Box = { x: number; y: number; width: number; height: number };

function drawCropMarks({ page, trim, bleed }: { page: PDFPage; trim: Box; bleed: Box }): void {
  const gap = 3;
  const len = SLUG_PT - gap - 1;
  const color = rgb(0, 0, 0);
  const line = (x1: number, y1: number, x2: number, y2: number): void => page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: 0.25, color });
  const xs = [trim.x, trim.x + trim.width];
  const ys = [trim.y, trim.y + trim.height];
  for (const x of xs) {
    line(x, bleed.y - gap, x, bleed.y - gap - len);
    line(x, bleed.y + bleed.height + gap, x, bleed.y + bleed.height + gap + len);
  }
  for (const y of ys) {
    line(bleed.x - gap, y, bleed.x - gap - len, y);
    line(bleed.x + bleed.width + gap, y, bleed.x + bleed.width + gap + len, y);
  }
}


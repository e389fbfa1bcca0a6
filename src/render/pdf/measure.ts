/**
 * Where things landed: Chromium writes a named destination (catalog /Dests, or a /Names tree) for
 * every element a link points to. Reading those back with pdf-lib gives the 0-based page index of
 * each linked id: the second pass's contents page numbers and the EPUB's page-list come from here.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFString, PDFHexString, type PDFObject } from "pdf-lib";

export interface Measurement {
  pageCount: number;
  /** id → 0-based page index. */
  pages: Map<string, number>;
  /** id → the destination array Chromium wrote ([page /XYZ x y zoom]). */
  destinations: Map<string, PDFArray>;
}

function nameText(key: PDFObject): string {
  if (key instanceof PDFName) return decodeName(key.asString().slice(1));
  if (key instanceof PDFString || key instanceof PDFHexString) return key.decodeText();
  return String(key);
}

/** PDF names escape bytes as #xx; ids are UTF-8. */
function decodeName(raw: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === "#" && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(raw.charCodeAt(i));
  }
  return Buffer.from(bytes).toString("utf8");
}

export async function measurePdf({ bytes }: { bytes: Uint8Array }): Promise<Measurement> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return measureDocument({ doc });
}

export function measureDocument({ doc }: { doc: PDFDocument }): Measurement {
  const pageIndex = new Map<string, number>();
  doc.getPages().forEach((p, i) => pageIndex.set(p.ref.toString(), i));
  const pages = new Map<string, number>();
  const destinations = new Map<string, PDFArray>();
  const record = (key: PDFObject, value: PDFObject | undefined): void => {
    let dest = value instanceof PDFRef ? doc.context.lookup(value) : value;
    if (dest instanceof PDFDict) dest = dest.get(PDFName.of("D"));
    if (dest instanceof PDFArray) {
      const target = dest.get(0);
      const i = target instanceof PDFRef ? pageIndex.get(target.toString()) : undefined;
      if (i !== undefined) {
        pages.set(nameText(key), i);
        destinations.set(nameText(key), dest);
      }
    }
  };
  const dests = doc.catalog.lookupMaybe(PDFName.of("Dests"), PDFDict);
  if (dests) for (const [key, value] of dests.entries()) record(key, value);
  const names = doc.catalog.lookupMaybe(PDFName.of("Names"), PDFDict)?.lookupMaybe(PDFName.of("Dests"), PDFDict);
  if (names) walkNameTree(doc, names, record);
  return { pageCount: doc.getPageCount(), pages, destinations };
}

function walkNameTree(doc: PDFDocument, node: PDFDict, record: (key: PDFObject, value: PDFObject | undefined) => void): void {
  const names = node.lookupMaybe(PDFName.of("Names"), PDFArray);
  if (names) for (let i = 0; i + 1 < names.size(); i += 2) record(names.get(i), names.get(i + 1));
  const kids = node.lookupMaybe(PDFName.of("Kids"), PDFArray);
  if (kids) for (let i = 0; i < kids.size(); i++) {
    const kid = kids.lookup(i);
    if (kid instanceof PDFDict) walkNameTree(doc, kid, record);
  }
}

/** Reading a rendered PDF back for assertions (pdf-lib), so tests check structure, not bytes. */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";

export async function outlineTitles(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const out: string[] = [];
  const visit = (node: PDFDict | undefined): void => {
    for (let n = node; n; n = n.lookupMaybe(PDFName.of("Next"), PDFDict)) {
      const t = n.lookupMaybe(PDFName.of("Title"), PDFString, PDFHexString);
      if (t) out.push(t.decodeText());
      visit(n.lookupMaybe(PDFName.of("First"), PDFDict));
    }
  };
  visit(doc.catalog.lookupMaybe(PDFName.of("Outlines"), PDFDict)?.lookupMaybe(PDFName.of("First"), PDFDict));
  return out;
}

/** Named destinations that link annotations point to, per 1-based page. */
export async function linkTargets(bytes: Uint8Array): Promise<Array<{ page: number; dest: string }>> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const out: Array<{ page: number; dest: string }> = [];
  doc.getPages().forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray);
    for (let k = 0; annots && k < annots.size(); k++) {
      const a = annots.lookup(k);
      if (!(a instanceof PDFDict)) continue;
      const dest = a.get(PDFName.of("Dest"));
      if (dest instanceof PDFName) out.push({ page: i + 1, dest: dest.decodeText() });
      else if (dest instanceof PDFString || dest instanceof PDFHexString) out.push({ page: i + 1, dest: dest.decodeText() });
    }
  });
  return out;
}

export async function boxes(bytes: Uint8Array, index: number): Promise<Record<string, number[]>> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const page = doc.getPage(index);
  const r = (b: { x: number; y: number; width: number; height: number }): number[] => [b.x, b.y, b.x + b.width, b.y + b.height].map((n) => Math.round(n * 100) / 100);
  return { media: r(page.getMediaBox()), bleed: r(page.getBleedBox()), trim: r(page.getTrimBox()) };
}

export async function catalogKeys(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.catalog.keys().map((k) => k.asString());
}

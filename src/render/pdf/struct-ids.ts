/**
 * Stable structure-element ids. Chromium names the structure elements a table's cells point to
 * (`/ID (node00000380)` on a header cell, `/Headers [(node00000380)]` on its data cells, and the
 * /IDTree that indexes them) after Blink's DOM node ids, which come from one counter per renderer
 * process. The same HTML printed twice in one browser gets other numbers the second time, and the
 * body and the overlay of one build print at once in the same renderer, so the numbers also depend
 * on how the two interleave: two books built at the same time gave a PDF whose ids differed from
 * its serial build. Everything else Chromium writes is a function of the page (its dates are
 * replaced by setMetadata), so the ids are renumbered here in reading order, and the PDF is again
 * a function of the Book alone.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from "pdf-lib";

const ID = PDFName.of("ID");
const K = PDFName.of("K");
const A = PDFName.of("A");
const S = PDFName.of("S");
const HEADERS = PDFName.of("Headers");
const ID_TREE = PDFName.of("IDTree");
const KIDS = PDFName.of("Kids");
const NAMES = PDFName.of("Names");
const LIMITS = PDFName.of("Limits");

const textOf = (o: PDFObject | undefined): string | undefined => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);

/** Chromium's own format, zero-padded so that name-tree (byte) order is numeric order. */
const idString = (n: number): string => `node${String(n).padStart(8, "0")}`;

/**
 * Renames every structure-element id, and every reference to one, to node00000001, node00000002…
 * in the order a depth-first walk of the structure tree meets them, and rebuilds the /IDTree to
 * match. Returns how many ids were renamed (0 for a PDF without any, which is left untouched).
 */
export function renumberStructIds({ doc }: { doc: PDFDocument }): number {
  const root = doc.catalog.lookupMaybe(PDFName.of("StructTreeRoot"), PDFDict);
  if (!root) return 0;
  const ctx = doc.context;
  const renamed = new Map<string, string>();
  const rename = (old: string): string => {
    let next = renamed.get(old);
    if (next === undefined) renamed.set(old, (next = idString(renamed.size + 1)));
    return next;
  };
  const elements: Array<{ id: string; ref: PDFRef }> = [];
  const seen = new Set<PDFDict>();

  // /A is an attribute dictionary, or an array of them (each may be followed by a revision number).
  const renameAttributes = (attributes: PDFObject | undefined): void => {
    const value = attributes instanceof PDFRef ? ctx.lookup(attributes) : attributes;
    if (value instanceof PDFArray) for (const item of value.asArray()) renameAttributes(item);
    if (!(value instanceof PDFDict)) return;
    const headers = value.lookup(HEADERS);
    if (!(headers instanceof PDFArray)) return;
    headers.asArray().forEach((h, i) => {
      const old = textOf(h instanceof PDFRef ? ctx.lookup(h) : h);
      if (old !== undefined) headers.set(i, PDFString.of(rename(old)));
    });
  };

  const walk = (node: PDFObject | undefined, ref: PDFRef | undefined): void => {
    if (node instanceof PDFRef) return walk(ctx.lookup(node), node);
    if (node instanceof PDFArray) {
      for (const kid of node.asArray()) walk(kid, undefined);
      return;
    }
    // Marked-content and object references (/MCR, /OBJR) and MCIDs end the walk; elements have /S.
    if (!(node instanceof PDFDict) || !node.has(S) || seen.has(node)) return;
    seen.add(node);
    const old = textOf(node.lookup(ID));
    if (old !== undefined) {
      const id = rename(old);
      node.set(ID, PDFString.of(id));
      if (ref) elements.push({ id, ref });
    }
    renameAttributes(node.get(A));
    walk(node.get(K), undefined);
  };
  walk(root.get(K), undefined);
  if (renamed.size === 0) return 0;

  // The old tree is keyed by the old names: replace it with one sorted leaf (the root may hold
  // /Names itself), dropping its old nodes so no stale names stay in the file.
  const tree = root.lookup(ID_TREE);
  if (tree instanceof PDFDict) {
    const dropKids = (dict: PDFDict): void => {
      const kids = dict.lookup(KIDS);
      if (!(kids instanceof PDFArray)) return;
      for (const kid of kids.asArray()) {
        const kidDict = kid instanceof PDFRef ? ctx.lookup(kid) : kid;
        if (kidDict instanceof PDFDict) dropKids(kidDict);
        if (kid instanceof PDFRef) ctx.delete(kid);
      }
    };
    dropKids(tree);
    tree.delete(KIDS);
    tree.delete(LIMITS);
    const names = ctx.obj([]);
    for (const { id, ref } of [...elements].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      names.push(PDFString.of(id));
      names.push(ref);
    }
    tree.set(NAMES, names);
  }
  return renamed.size;
}

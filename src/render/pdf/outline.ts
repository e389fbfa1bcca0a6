/**
 * The PDF's bookmarks, written from the Book (not from Chromium's heading scan, which doubled
 * titles of headings at the top of a page and dropped spaces where a heading wrapped): one
 * bookmark per contents entry, title, heading of any depth and script, each pointing where the
 * final pass put it.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNull, PDFNumber, type PDFRef } from "pdf-lib";
import type { Book, OutlineEntry } from "../../model/book.js";
import { labelText, type Labels } from "../labels.js";
import { measureDocument } from "./measure.js";

interface Mark {
  title: string;
  id: string;
  children: Mark[];
}


function marks(entries: readonly OutlineEntry[]): Mark[] {
  return entries.map((e) => ({ title: e.text, id: e.id, children: marks(e.children) }));
}

/** The bookmarks the print edition carries, in reading order (exported for tests). */
export function bookmarksOf({ book, labels }: { book: Book; labels: Labels }): Mark[] {
  const out: Mark[] = [{ title: labelText({ labels, key: "contents", fallback: "Contents" }), id: "contents", children: [] }];
  if (book.editorialNote) out.push({ title: labelText({ labels, key: "editorialNote", fallback: "Editorial note" }), id: "editorial-note", children: [] });
  const unnamed = labelText({ labels, key: "startOfText", fallback: "Start of text" });
  return [...out, ...marks(book.outline).map((m) => (m.title === "" ? { ...m, title: unnamed } : m))];
}

/** Points an outline node at its first and last child and counts what lies below; false when it has none. */
function linkChildren(node: PDFDict, kids: { refs: PDFRef[]; count: number }): boolean {
  const first = kids.refs[0];
  const last = kids.refs.at(-1);
  if (!first || !last) return false;
  node.set(PDFName.of("First"), first);
  node.set(PDFName.of("Last"), last);
  node.set(PDFName.of("Count"), PDFNumber.of(kids.count));
  return true;
}

export function writeOutline({ doc, book, pageOf, labels }: { doc: PDFDocument; book: Book; pageOf: Map<string, number>; labels: Labels }): number {
  const { destinations } = measureDocument({ doc });
  const pages = doc.getPages();
  const ctx = doc.context;
  let written = 0;
  const destOf = (id: string): PDFArray | undefined => {
    const named = destinations.get(id);
    if (named) return named;
    const page = pages[pageOf.get(id) ?? -1];
    if (!page) return undefined;
    return ctx.obj([page.ref, PDFName.of("XYZ"), PDFNull, PDFNull, PDFNull]) as PDFArray;
  };
  // Returns the refs of the items written at this level, and how many items lie below them.
  const level = (items: Mark[], parent: PDFRef): { refs: PDFRef[]; count: number } => {
    const placed = items.flatMap((m) => {
      const dest = destOf(m.id);
      return dest ? [{ m, dest, ref: ctx.nextRef() }] : [];
    });
    let count = placed.length;
    placed.forEach(({ m, dest, ref }, i) => {
      const dict = PDFDict.withContext(ctx);
      dict.set(PDFName.of("Title"), PDFHexString.fromText(m.title));
      dict.set(PDFName.of("Parent"), parent);
      dict.set(PDFName.of("Dest"), dest);
      const prev = placed[i - 1];
      const next = placed[i + 1];
      if (prev) dict.set(PDFName.of("Prev"), prev.ref);
      if (next) dict.set(PDFName.of("Next"), next.ref);
      const kids = level(m.children, ref);
      if (linkChildren(dict, kids)) count += kids.count;
      ctx.assign(ref, dict);
      written++;
    });
    return { refs: placed.map((p) => p.ref), count };
  };
  const rootRef = ctx.nextRef();
  const top = level(bookmarksOf({ book, labels }), rootRef);
  const root = PDFDict.withContext(ctx);
  root.set(PDFName.of("Type"), PDFName.of("Outlines"));
  linkChildren(root, top);
  ctx.assign(rootRef, root);
  doc.catalog.set(PDFName.of("Outlines"), rootRef);
  if (written > 0) doc.catalog.set(PDFName.of("PageMode"), PDFName.of("UseOutlines"));
  return written;
}

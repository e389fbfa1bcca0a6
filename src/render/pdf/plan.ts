/**
 * From the measuring pass to the final layout. Chromium ignores `break-before: right`, so each
 * recto opener (contents, editorial note, every section) that landed on a verso gets a blank
 * page inserted before it; every opener starts a fresh page, so the shift is exact: a page after
 * k inserted blanks moves by k. From the shifted pages come the contents' numbers, each page's
 * role (folio? running head?) and the EPUB's page starts.
 */
import { allBlocks, type Book } from "../../model/book.js";
import type { PageStart } from "../types.js";
import { pageStartsOf } from "../page-starts.js";
import { itemTitles } from "../contents.js";
import type { Measurement } from "./measure.js";

export const MEASURE_END_ID = "print-measure";

export interface PagePlan {
  blanksBefore: string[];
  /** Blank pages at the end: one for an even count (a sheet has two sides), more to reach a service's minimum. */
  trailingBlanks: number;
  pageCount: number;
  /** id → final 0-based page index. */
  pageOf: Map<string, number>;
  /** What each final page carries. */
  pages: PageRole[];
  pageStarts: PageStart[];
}

export interface PageRole {
  /** Printed folio ("" when none is printed). */
  folio: string;
  /** Running head ("" for none). */
  head: string;
}

/** The printed label of a 0-based page index: pages are counted from the title page. */
export function pageLabel(index: number): string {
  return String(index + 1);
}

/**
 * What opens on a recto: the contents, the editorial note, every titled section, and the text's
 * first section. An untitled section after another runs on (it has no title to open a page with).
 */
export function rectoOpeners({ book }: { book: Book }): string[] {
  // In a packet each item opens on a recto too, titled or not.
  return ["contents", ...(book.editorialNote ? ["editorial-note"] : []), ...book.sections.filter((s, i) => i === 0 || s.title || s.opening).map((s) => s.id)];
}

/** In a packet: the title of the item each section belongs to (its running head). */
/** Ids the measuring pass links to: openers, sections, headings, every block, and the end marker. */
export function measureIds({ book }: { book: Book }): string[] {
  const ids = new Set<string>(rectoOpeners({ book }));
  for (const s of book.sections) {
    ids.add(s.id);
    if (s.title) ids.add(s.title.id);
  }
  for (const { block } of allBlocks(book)) ids.add(block.id);
  ids.add(MEASURE_END_ID);
  return [...ids];
}

export function planPages({ book, measurement, minPages = 0 }: { book: Book; measurement: Measurement; minPages?: number }): PagePlan {
  const measured = measurement.pages;
  const openers = rectoOpeners({ book }).filter((id) => measured.has(id));
  const blanksBefore: string[] = [];
  const shiftFrom: number[] = []; // measured page index from which one more blank applies
  for (const id of openers) {
    const p = (measured.get(id) ?? 0) + shiftFrom.length;
    if (p % 2 === 1) {
      blanksBefore.push(id);
      shiftFrom.push(measured.get(id) ?? 0);
    }
  }
  const shift = (p: number): number => p + shiftFrom.filter((from) => from <= p).length;
  const pageOf = new Map<string, number>();
  for (const [id, p] of measured) pageOf.set(id, shift(p));
  const end = measured.get(MEASURE_END_ID) ?? measurement.pageCount;
  pageOf.delete(MEASURE_END_ID);
  const contentPages = shift(end - 1) + 1;
  let pageCount = Math.max(contentPages, minPages);
  if (pageCount % 2 === 1) pageCount++;
  const trailingBlanks = pageCount - contentPages;

  const pages = rolesOf({ book, pageOf, pageCount, blanksBefore, contentPages });
  return { blanksBefore, trailingBlanks, pageCount, pageOf, pages, pageStarts: pageStartsOf({ book, pageOf }) };
}

function rolesOf({ book, pageOf, pageCount, blanksBefore, contentPages }: { book: Book; pageOf: Map<string, number>; pageCount: number; blanksBefore: string[]; contentPages: number }): PageRole[] {
  const silent = new Set<number>([0, 1]); // title page, imprint
  for (const id of rectoOpeners({ book })) {
    const p = pageOf.get(id);
    if (p === undefined) continue;
    silent.add(p);
    if (blanksBefore.includes(id)) silent.add(p - 1);
  }
  for (let i = contentPages; i < pageCount; i++) silent.add(i);
  // Which section each page belongs to, and the latest level-2 heading on or before it.
  const sectionStarts = book.sections.map((s) => ({ section: s, start: pageOf.get(s.id) ?? Infinity }));
  const items = itemTitles(book);
  const roles: PageRole[] = [];
  for (let i = 0; i < pageCount; i++) {
    if (silent.has(i)) {
      roles.push({ folio: "", head: "" });
      continue;
    }
    const current = sectionStarts.filter((s) => s.start <= i).at(-1)?.section;
    let head = "";
    if (current) {
      const verso = i % 2 === 1;
      // A packet's item has its own title on the versos (the packet's title would say nothing).
      const own = items.get(current.id) ?? book.metadata.title;
      if (verso) head = own;
      else if (current.title) head = current.title.text;
      else head = current.headings.filter((h) => h.level === 2 && (pageOf.get(h.id) ?? Infinity) <= i).at(-1)?.text ?? own;
    }
    roles.push({ folio: pageLabel(i), head });
  }
  return roles;
}


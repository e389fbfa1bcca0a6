/**
 * The reader packet's print edition typeset by typst (`pdfEngine: "typst"`), held to what the
 * Chromium print gives: every item's words in order; each item's opening (title with its byline)
 * exactly once, on a recto, in reading order, with its editorial note exactly once; the item's
 * title in its running heads; the contents listing part › item › headings with their pages; the
 * closing "Sources and rights" page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { pdfEditionText } from "../../src/check/edition-text.js";
import { checkFidelity } from "../../src/check/fidelity.js";
import { findAll as findText, prepareEdition } from "../../src/check/text-match.js";
import { formatDiagnostic } from "../../src/diagnostics.js";
import type { Book } from "../../src/model/book.js";
import type { PacketReport } from "../../src/packet/index.js";
import { buildReader, expectedOf, itemBook, readBytes, readerCopy, READER_ITEMS } from "./helpers.js";

let copy: Awaited<ReturnType<typeof readerCopy>>;
let report: PacketReport;
let items: Book[];
let text = "";
let pages: string[] = [];
/** The contents pages as laid out (pdftotext -layout): one physical line per line. */
let layoutPages: string[] = [];

beforeAll(async () => {
  copy = await readerCopy();
  report = await buildReader({ packet: copy.packet, out: copy.out, formats: ["pdf"], pdfEngine: "typst" });
  if (!report.ok) console.error(report.diagnostics.map(formatDiagnostic).join("\n"));
  items = await Promise.all(READER_ITEMS.map((name) => itemBook(join(copy.packet, name))));
  if (report.ok) {
    const dir = join(copy.out, "readings-on-power-and-the-people");
    text = await pdfEditionText(await readBytes(join(dir, "readings-on-power-and-the-people.pdf")));
    pages = text.split("\f");
    const pdf = join(dir, "readings-on-power-and-the-people.pdf");
    layoutPages = execFileSync("pdftotext", ["-layout", "-f", "1", "-l", "8", pdf, "-"]).toString().split("\f");
    if (process.env.DUMP_TYPST_PACKET) (await import("node:fs")).writeFileSync(process.env.DUMP_TYPST_PACKET, text);
  }
}, 600_000);
afterAll(() => copy.cleanUp());

// pdftotext letterspaces small capitals and breaks lines: names and titles are compared without spaces.
const bare = (s: string) => s.replace(/[\s\u00ad]+/g, "").replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
const flat = (s: string) => s.replace(/\u00ad/g, "").replace(/\s+/g, " ");

describe("imprint packet --pdf-engine typst: the reader", () => {
  it("builds the packet's print edition with typst", () => {
    expect(report.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.editions.map((e) => e.format)).toEqual(["pdf"]);
  });

  it("every item's headings and paragraphs, in order, one item after another", () => {
    // pdftotext moves a superscript note marker onto a line of its own: paragraphs with notes are left to the HTML and EPUB.
    const blocks = items.flatMap((b) => expectedOf(b).blocks).filter((b) => !b.noted).map(({ noted: _, ...b }) => b);
    expect(blocks.length).toBeGreaterThan(100);
    expect(checkFidelity({ expected: { blocks }, editionText: text, edition: "pdf" }).map(formatDiagnostic)).toEqual([]);
  });

  it("each item opens once, on a recto, in order: title, byline, contributors, editorial note set apart once", () => {
    const contentsEnd = pages.findIndex((p, i) => i > 2 && !/Contents/.test(p)); // the first page after the contents
    const sources = pages.findLastIndex((p) => flat(p).includes("Sources and rights"));
    expect(sources).toBeGreaterThan(contentsEnd);
    let last = -1;
    for (const book of items) {
      const title = bare(book.metadata.title);
      const author = bare(book.metadata.authors[0]?.name ?? "");
      // The opening: a silent page (no running head, no folio) between the contents and the sources
      // that starts with the title and carries the byline.
      const openers = pages.map((p, i) => [i, p] as const)
        .filter(([i, p]) => i >= contentsEnd && i < sources && bare(p).startsWith(title) && bare(p).includes(author) && !/\n\s*\d+\s*$/.test(p.trimEnd()))
        .map(([i]) => i);
      expect(openers, book.metadata.title).toHaveLength(1);
      const opener = openers[0] as number;
      expect(opener % 2, `${book.metadata.title} opens on page ${opener + 1}`).toBe(0); // 0-based even = odd folio = recto
      expect(opener, `${book.metadata.title} after the item before it`).toBeGreaterThan(last);
      last = opener;
      for (const c of book.metadata.contributors.filter((p) => p.role === "translator")) {
        expect(flat(pages[opener] ?? ""), c.name).toMatch(/Translated by/);
        expect(bare(pages[opener] ?? "")).toContain(bare(c.name));
      }
      // The verso after the opener carries the item's title as its running head.
      const head = (pages[opener + 1]?.split("\n").find((l) => l.trim() !== "") ?? "").replace(/\s+/g, "");
      expect(head, `running head of page ${opener + 2}`).toBe(book.metadata.title.replace(/\s+/g, ""));
    }
    const prepared = prepareEdition({ text, paged: true });
    const notes = items.flatMap((b) => expectedOf(b).note);
    expect(notes.length).toBeGreaterThanOrEqual(2); // the seed's and Thoreau's
    for (const paragraph of notes) expect(findText(prepared, paragraph).length, paragraph).toBe(1);
    // Each note comes after its item's title and before the item's first paragraph.
    for (const book of items) {
      const note = expectedOf(book).note[0];
      if (!note) continue;
      const at = findText(prepared, note)[0]?.start ?? -1;
      const firstText = expectedOf(book).blocks.find((b) => b.kind === "paragraph" && !b.noted)?.text ?? "";
      expect(at).toBeGreaterThan(-1);
      expect(findText(prepared, firstText)[0]?.start ?? -1, book.metadata.title).toBeGreaterThan(at);
    }
  });

  it("each part opens on its own recto before its first item", () => {
    for (const part of ["Essays and reports", "Fiction"]) {
      const at = pages.findIndex((p, i) => i > 3 && flat(p).trim() === `Part ${part}`);
      expect(at, part).toBeGreaterThan(3);
      expect(at % 2, part).toBe(0);
    }
  });

  it("contents: parts, then each item's title — author, then its headings, with the pages they start on", () => {
    const contents = layoutPages.slice(2, 6).filter((p) => /Contents|Fiction/.test(p)).join("\n");
    // An entry wrapped over two lines has its leaders and page number on the last: the first is
    // joined to it. Leaders are dropped.
    const lines: string[] = [];
    let pending = "";
    for (const raw of contents.split("\n").map((x) => x.replace(/(\s*\.){3,}\s*/g, " ").replace(/\s+/g, " ").trim()).filter(Boolean)) {
      const l = pending ? `${pending} ${raw}` : raw;
      if (/\d$/.test(l) || l === "Contents") {
        lines.push(l);
        pending = "";
      } else pending = l;
    }
    const pageOf = (start: string) => {
      const line = lines.find((l) => l.startsWith(start));
      expect(line, start).toBeDefined();
      return Number(/(\d+)$/.exec(line ?? "")?.[1]);
    };
    const order = ["Introduction", "Essays and reports", "Venezuela: Logbook of a new victory — Sergio Rodríguez Gelfenstein", "A cyberattack",
      "On the Duty of Civil Disobedience — Henry David Thoreau", "Fiction", "How Much Land Does a Man Need? — Leo Tolstoy", "Sources and rights"];
    const at = order.map((o) => lines.findIndex((l) => l.startsWith(o)));
    expect(at.every((i) => i >= 0), JSON.stringify(lines)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The item's entry gives the page of its opening.
    for (const book of items) {
      const entry = order.find((o) => o.startsWith(book.metadata.title)) as string;
      const page = pageOf(entry);
      expect(bare(pages[page - 1] ?? ""), entry).toMatch(new RegExp(`^${bare(book.metadata.title).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    }
  });

  it("the closing sources page lists every item, on a recto", () => {
    const last = pages.findLastIndex((p) => flat(p).includes("Sources and rights"));
    expect(last % 2).toBe(0);
    for (const book of items) expect(flat(pages.slice(last).join(" "))).toContain(book.metadata.title);
  });

  for (const notes of ["endnotes", "footnotes"] as const) {
    it(`an editorial note's own note is set once, on the item's opening (print.notes: ${notes})`, async () => {
      const edited = await readerCopy();
      try {
        await appendFile(join(edited.packet, "venezuela-logbook", "editorial-note.md"), "\n\nSee the original.[^orig]\n\n[^orig]: Published in Spanish by the author on his own site.\n");
        await appendFile(join(edited.packet, "packet.yaml"), `print:\n  notes: ${notes}\n`);
        const built = await buildReader({ packet: edited.packet, out: edited.out, formats: ["pdf"], pdfEngine: "typst" });
        expect(built.diagnostics.map(formatDiagnostic)).toEqual([]);
        const pdf = await pdfEditionText(await readBytes(join(edited.out, "readings-on-power-and-the-people", "readings-on-power-and-the-people.pdf")));
        const all = pdf.split("\f");
        const note = "Published in Spanish by the author on his own site.";
        const on = all.map((p, i) => [i, flat(p)] as const).filter(([, p]) => p.includes(note)).map(([i]) => i);
        expect(on).toHaveLength(1);
        // Endnotes follow the note's text; footnotes sit at the foot of that page: the opening either way.
        expect(bare(all[on[0] as number] ?? "")).toMatch(/^Venezuela:Logbookofanewvictory/);
      } finally {
        await edited.cleanUp();
      }
    }, 300_000);
  }
});

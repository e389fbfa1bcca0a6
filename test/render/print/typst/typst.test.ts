/**
 * The typst print engine end to end (real typst 0.14 through @myriaddreamin/typst-ts-node-compiler,
 * real poppler and pdf-lib to read the PDF back): geometry, recto openers and truly blank versos,
 * running heads, contents page numbers where the headings land, the EPUB page-list, outline,
 * metadata, reproducible bytes, bleed boxes and crop marks, preflight, and a sound text layer.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { allBlocks, type Book } from "../../../../src/model/book.js";
import { preflightPdf } from "../../../../src/check/preflight.js";
import { labelsFor } from "../../../../src/render/labels.js";
import { bookmarksOf } from "../../../../src/render/pdf/outline.js";
import { renderTypst, type TypstRenderResult } from "../../../../src/render/print/typst/index.js";
import { createTemplates } from "../../../../src/render/templates.js";
import { seedBook, tolstoyChaptersBook } from "../../../helpers/books.js";
import { pageText, scratch, tool } from "../../pdf/helpers.js";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from "pdf-lib";
import { boxes, catalogKeys, outlineTitles } from "../../pdf/pdf-inspect.js";

const templates = createTemplates();
const rendered = new Map<string, { result: TypstRenderResult; bytes: Uint8Array; file: string; book: Book }>();

async function render(name: string, book: Book): Promise<void> {
  const result = await renderTypst({ book, templates });
  expect(result.diagnostics).toEqual([]);
  const bytes = result.artifacts[0]!.bytes;
  rendered.set(name, { result, bytes, book, file: scratch(`typst-${name}.pdf`, bytes) });
}
const get = (name: string) => rendered.get(name)!;
const lines = (file: string, page: number): string[] => pageText(file, page).split("\n").map((l) => l.trim()).filter(Boolean);
/** The text layer with line-end breaks joined: a U+00AD before a line end is typst's hyphen. */
const joined = (file: string): string => tool("pdftotext", [file, "-"]).replace(/\u00ad\n/g, "").replace(/-\n/g, "-");

describe("renderTypst", () => {
  beforeAll(async () => {
    await render("seed", await seedBook());
    await render("chapters", await tolstoyChaptersBook());
  }, 120_000);

  it("is a 6x9 in, tagged PDF, every font embedded, the page count even", () => {
    const { file, result } = get("seed");
    const info = tool("pdfinfo", [file]);
    expect(info).toMatch(/Page size:\s+432 x 648 pts/);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(new RegExp(`Pages:\\s+${result.pageCount}\\n`));
    expect(result.pageCount % 2).toBe(0);
    const fonts = tool("pdffonts", [file]).split("\n").slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f).toMatch(/\syes\s+yes\s+yes\s/);
    expect(tool("qpdf", ["--check", file])).toContain("No syntax or stream encoding errors");
  });

  it("pads an odd page count with a blank page like typst's own: same size, no text, only the empty running-head and folio artifacts", async () => {
    const { bytes, file, result } = get("seed");
    // The seed typesets to an odd count (its data asks typst for no blanks): the last page is pdf-lib's.
    expect(result.source!.data.trailingBlanks).toBe(0);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const pages = doc.getPages();
    expect(pages.length).toBe(result.pageCount);
    const last = pages.at(-1)!;
    expect(last.getMediaBox()).toEqual(pages[0]!.getMediaBox());
    expect(lines(file, pages.length)).toEqual([]);
    const ref = last.node.get(PDFName.of("Contents"));
    expect(ref).toBeInstanceOf(PDFRef);
    const contents = tool("qpdf", [`--show-object=${(ref as PDFRef).objectNumber}`, "--filtered-stream-data", file]);
    expect(contents).toContain("/Subtype /Header");
    expect(contents).toContain("/Subtype /Footer");
  });

  it("keeps typst's tagged structure and language through pdf-lib", async () => {
    expect(await catalogKeys(get("seed").bytes)).toEqual(expect.arrayContaining(["/StructTreeRoot", "/MarkInfo", "/Outlines", "/Lang"]));
  });

  it("reads without a syntax complaint from poppler (pdfinfo, pdftotext): no /Suspects false in /MarkInfo", async () => {
    const doc = await PDFDocument.load(get("seed").bytes, { updateMetadata: false });
    const markInfo = doc.catalog.lookup(PDFName.of("MarkInfo"), PDFDict);
    expect(markInfo.get(PDFName.of("Marked"))?.toString()).toBe("true");
    expect(markInfo.get(PDFName.of("Suspects"))).toBeUndefined();
    const run = spawnSync("pdftotext", [get("seed").file, "-"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
  });

  it("links each contents entry to the page it names", async () => {
    const { bytes, file } = get("seed");
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const index = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
    const annots = doc.getPage(2).node.lookupMaybe(PDFName.of("Annots"), PDFArray)!;
    const targets: number[] = [];
    for (let i = 0; i < annots.size(); i++) {
      const dest = annots.lookup(i, PDFDict).lookup(PDFName.of("Dest"));
      const page = dest instanceof PDFArray ? dest.get(0) : undefined;
      if (page instanceof PDFRef) targets.push(index.get(page.toString())!);
    }
    const numbers = lines(file, 3).slice(1).map((l) => Number(/(\d+)$/.exec(l)?.[1]));
    expect(targets).toEqual(numbers);
  });

  it("cuts a running head longer than the measure at a word, with an ellipsis", async () => {
    const title = "A title so very long that it could never fit on the single line of a running head at the top of a page";
    const result = await renderTypst({ book: await seedBook({ metadata: { title } }), templates });
    const file = scratch("typst-long-head.pdf", result.artifacts[0]!.bytes);
    const head = lines(file, 8)[0]!;
    expect(head.endsWith("…")).toBe(true);
    expect(title.startsWith(head.slice(0, -1).trim())).toBe(true);
  });

  it("writes the metadata from the Book, dated by the book, not the clock", () => {
    const { file, book } = get("seed");
    const info = tool("pdfinfo", ["-isodates", file]);
    expect(info).toContain(`Title:           ${book.metadata.title}: ${book.metadata.subtitle}`);
    expect(info).toContain("Author:          Sergio Rodríguez Gelfenstein");
    expect(info).toMatch(/Producer:\s+imprint .*typst/);
    expect(info).toMatch(/CreationDate:\s+2024-07-31T00:00:00/);
  });

  it("gives the same bytes for the same Book", async () => {
    const again = await renderTypst({ book: get("seed").book, templates });
    const hash = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    expect(hash(again.artifacts[0]!.bytes)).toBe(hash(get("seed").bytes));
  });

  it("opens the title page, contents, editorial note and text on rectos, with the imprint on the verso", () => {
    const { file } = get("seed");
    expect(pageText(file, 1)).toContain("Venezuela: Logbook");
    expect(pageText(file, 2)).toContain("Set in Source Serif 4.");
    expect(lines(file, 3)[0]).toBe("Contents");
    expect(lines(file, 5)[0]).toBe("Editorial note");
    expect(lines(file, 7)[0]).toBe("Venezuela: Logbook of a new victory");
  });

  it("leaves the versos before recto openers truly blank: no text, no folio, no running head", () => {
    const { file, result, book } = get("chapters");
    const openerPages = book.sections.map((s) => Number(result.pageStarts.find((p) => p.blockId === s.blocks[0]!.id)?.page));
    let blanks = 0;
    for (const p of openerPages) {
      expect(p % 2).toBe(1);
      if (lines(file, p - 1).length === 0) blanks++;
    }
    expect(blanks).toBeGreaterThan(0);
    // An opener page has no running head or folio either: its first line is the chapter's title.
    const first = book.sections[1]!;
    const p = openerPages[1]!;
    expect(lines(file, p)[0]).toBe(first.title!.text);
    expect(lines(file, p).at(-1)).not.toBe(String(p));
  });

  it("sets running heads (book title on versos, section or heading on rectos) and folios", () => {
    const { file, book } = get("seed");
    const verso = lines(file, 8);
    expect(verso[0]).toBe(book.metadata.title);
    expect(verso.at(-1)).toBe("8");
    // The untitled article's rectos carry the latest level-2 heading on or before the page.
    const recto = lines(file, 9);
    const h2 = book.sections[0]!.headings.filter((h) => h.level === 2).map((h) => h.text);
    expect([...h2, book.metadata.title]).toContain(recto[0]);
    expect(recto.at(-1)).toBe("9");
  });

  it("numbers the contents with the pages the headings land on", () => {
    const { file, book } = get("seed");
    const contents = lines(file, 3);
    let checked = 0;
    for (const h of book.sections[0]!.headings.filter((x) => x.level === 2)) {
      const row = contents.find((l) => l.startsWith(h.text));
      expect(row, h.text).toBeDefined();
      const page = Number(/(\d+)$/.exec(row!)![1]);
      expect(lines(file, page).some((l) => l === h.text)).toBe(true);
      checked++;
    }
    expect(checked).toBe(4);
  });

  it("reports each page's first block for the EPUB's page-list, and that block is on that page", () => {
    const { file, result, book } = get("seed");
    const blocks = new Map([...allBlocks(book)].map(({ block }) => [block.id, block]));
    expect(result.pageStarts.length).toBeGreaterThan(5);
    const pages = result.pageStarts.map((s) => Number(s.page));
    expect(pages).toEqual([...pages].sort((a, b) => a - b));
    for (const start of result.pageStarts) {
      const words = blocks.get(start.blockId)!.text.split(/\s+/).slice(0, 2).join(" ");
      expect(pageText(file, Number(start.page)).replace(/\s+/g, " "), start.blockId).toContain(words);
    }
  });

  it("carries bookmarks for contents, editorial note and every heading of the Book", async () => {
    const { bytes, book } = get("seed");
    const labels = labelsFor({ metadata: book.metadata, templates });
    const flat = (ms: ReturnType<typeof bookmarksOf>): string[] => ms.flatMap((m) => [m.title, ...flat(m.children)]);
    expect(await outlineTitles(bytes)).toEqual(flat(bookmarksOf({ book, labels })));
  });

  it("has a sound text layer: every manuscript word found, no soft hyphen inside a word, no Type 3 font", () => {
    const { file, book } = get("seed");
    const text = joined(file);
    expect(text).not.toMatch(/\u00ad(?!\n)/);
    const words = [...allBlocks(book)].flatMap(({ block }) => block.text.split(/\s+/)).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")).filter(Boolean);
    const found = words.filter((w) => text.includes(w)).length;
    expect(found / words.length).toBeGreaterThanOrEqual(0.99);
    expect(tool("pdffonts", [file])).not.toMatch(/Type 3/);
  });

  it("sets real small caps that extract as whole words (title page names, running heads)", () => {
    const { file } = get("seed");
    expect(pageText(file, 1)).toContain("Sergio Rodríguez Gelfenstein");
    expect(pageText(file, 1)).toContain("Workers World");
    expect(pageText(file, 8)).toContain("Venezuela: Logbook of a new victory");
  });

  it("passes KDP preflight, padded to its minimum, and sets bleed boxes with crop marks outside them", async () => {
    const kdp = await renderTypst({ book: await seedBook({ print: { bleed: true, preflight: "kdp" } }), templates });
    expect(kdp.pageCount).toBeGreaterThanOrEqual(24);
    const diagnostics = await preflightPdf({ bytes: kdp.artifacts[0]!.bytes, file: "seed.pdf", profile: "kdp", trim: { widthMm: 152.4, heightMm: 228.6 }, bleed: true });
    expect(diagnostics).toEqual([]);
    const ingram = await renderTypst({ book: await seedBook({ print: { preflight: "ingram" } }), templates });
    expect(ingram.pageCount).toBeGreaterThanOrEqual(18);
    expect(await preflightPdf({ bytes: ingram.artifacts[0]!.bytes, file: "seed.pdf", profile: "ingram", trim: { widthMm: 152.4, heightMm: 228.6 } })).toEqual([]);
    const marked = await renderTypst({ book: await seedBook({ print: { bleed: true } }), templates });
    const recto = await boxes(marked.artifacts[0]!.bytes, 0);
    const verso = await boxes(marked.artifacts[0]!.bytes, 1);
    expect(recto.trim).toEqual([0, 9, 432, 657]);
    expect(verso.trim).toEqual([9, 9, 441, 657]);
    expect(recto.bleed).toEqual([0, 0, 441, 666]);
    expect(recto.media).toEqual([-18, -18, 459, 684]);
  });
});

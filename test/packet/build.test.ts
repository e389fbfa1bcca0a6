/**
 * The reader packet (the repository's seed and two corpus texts: different authors, translators,
 * notes) built for real: every item's words in every packet edition, in order; each editorial note
 * exactly once per edition; the EPUB credits every person with their role; the contents nest by
 * part and item; in print every item opens on a recto with its own title in the running heads,
 * and a closing "Sources and rights" page lists every item.
 */
import { execFileSync } from "node:child_process";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseDocument } from "htmlparser2";
import { findAll, getAttributeValue, getElementsByTagName, textContent } from "domutils";
import type { Element } from "domhandler";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { epubEditionText, htmlEditionText, pdfEditionText } from "../../src/check/edition-text.js";
import { checkFidelity } from "../../src/check/fidelity.js";
import { findAll as findText, prepareEdition } from "../../src/check/text-match.js";
import { formatDiagnostic } from "../../src/diagnostics.js";
import type { Book } from "../../src/model/book.js";
import type { PacketReport } from "../../src/packet/index.js";
import { withTempDir } from "../../src/check/run-tool.js";
import { build } from "../../src/build.js";
import { buildReader, ENV, expectedOf, itemBook, readBytes, readerCopy, READER_ITEMS } from "./helpers.js";

let copy: Awaited<ReturnType<typeof readerCopy>>;
let report: PacketReport;
let items: Book[];
let dir: string;
const texts: Record<"html" | "epub" | "pdf", string> = { html: "", epub: "", pdf: "" };

beforeAll(async () => {
  copy = await readerCopy();
  report = await buildReader({ packet: copy.packet, out: copy.out });
  if (!report.ok) console.error(report.diagnostics.map(formatDiagnostic).join("\n"));
  dir = join(copy.out, "readings-on-power-and-the-people");
  items = await Promise.all(READER_ITEMS.map((name) => itemBook(join(copy.packet, name))));
  if (report.ok) {
    texts.html = htmlEditionText(await readFile(join(dir, "readings-on-power-and-the-people.html"), "utf8"));
    texts.epub = await epubEditionText(await readBytes(join(dir, "readings-on-power-and-the-people.epub")));
    texts.pdf = await pdfEditionText(await readBytes(join(dir, "readings-on-power-and-the-people.pdf")));
  }
}, 600_000);
afterAll(() => copy.cleanUp());

describe("imprint packet: the reader", () => {
  it("builds the packet's editions, every item's own, covers and the report", async () => {
    expect(report.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.editions.map((e) => e.format).sort()).toEqual(["epub", "html", "pdf"]);
    expect(report.items.map((i) => i.slug)).toEqual(["venezuela-logbook-of-a-new-victory", "on-the-duty-of-civil-disobedience", "how-much-land-does-a-man-need"]);
    for (const item of report.items) expect(item.editions.map((e) => e.path.split("/").slice(-2).join("/")).sort()).toEqual(["epub", "html", "pdf"].map((ext) => `items/${item.slug}.${ext}`));
    const covers = (await readdir(join(dir, "covers"))).sort();
    expect(covers).toEqual(["readings-on-power-and-the-people", ...report.items.map((i) => i.slug)].flatMap((s) => [`${s}-thumbnail.png`, `${s}.png`]).sort());
    const written = JSON.parse(await readFile(join(dir, "build-report.json"), "utf8")) as PacketReport;
    expect(written.items).toHaveLength(3);
    expect(written.editions).toHaveLength(3);
    expect(written.ok).toBe(true);
  });

  it("an item's own editions are the ones `imprint build` makes of it, byte for byte", async () => {
    const out = join(copy.work, "single");
    // All three: the EPUB's page list comes from the print edition built beside it.
    const single = await build({ dir: join(copy.packet, "how-much-land-does-a-man-need"), out, env: ENV });
    expect(single.ok).toBe(true);
    for (const ext of ["html", "epub", "pdf"]) {
      const own = await readBytes(join(out, `how-much-land-does-a-man-need.${ext}`));
      expect(Buffer.from(await readBytes(join(dir, "items", `how-much-land-does-a-man-need.${ext}`))).equals(Buffer.from(own)), ext).toBe(true);
    }
  }, 300_000);

  for (const edition of ["html", "epub", "pdf"] as const) {
    it(`${edition}: every item's headings and paragraphs, in order, one item after another`, () => {
      // pdftotext moves a superscript note marker onto a line of its own, splitting its sentence
      // wherever the marker's line is: paragraphs with notes are held to the HTML and EPUB.
      const blocks = items.flatMap((b) => expectedOf(b).blocks).filter((b) => edition !== "pdf" || !b.noted).map(({ noted: _, ...b }) => b);
      expect(blocks.length).toBeGreaterThan(100);
      expect(checkFidelity({ expected: { blocks }, editionText: texts[edition], edition }).map(formatDiagnostic)).toEqual([]);
    });

    it(`${edition}: each item's editorial note exactly once`, () => {
      const prepared = prepareEdition({ text: texts[edition], paged: edition === "pdf" });
      const notes = items.flatMap((b) => expectedOf(b).note);
      expect(notes.length).toBeGreaterThanOrEqual(2); // the seed's and Thoreau's
      for (const paragraph of notes) expect(findText(prepared, paragraph).length, paragraph).toBe(1);
    });
  }

  it("EPUB: every author, translator and editor credited with a MARC role", async () => {
    const zip = await JSZip.loadAsync(await readBytes(join(dir, "readings-on-power-and-the-people.epub")));
    const opf = (await zip.file("EPUB/package.opf")?.async("string")) ?? "";
    const people = [...opf.matchAll(/<dc:(creator|contributor) id="([^"]+)">([^<]+)<\/dc:\1>/g)].map(([, kind, id, name]) => {
      const role = new RegExp(`<meta refines="#${id}" property="role" scheme="marc:relators">([^<]+)</meta>`).exec(opf)?.[1];
      return `${kind} ${name} ${role}`;
    });
    expect(people.sort()).toEqual([
      "contributor Ada Editor edt",
      "contributor Aylmer Maude trl",
      "contributor John Catalinotto trl",
      "contributor Louise Maude trl",
      "creator Henry David Thoreau aut",
      "creator Leo Tolstoy aut",
      "creator Sergio Rodríguez Gelfenstein aut",
    ]);
  });

  it("EPUB navigation: parts, then items with title and author inside the link, then their headings", async () => {
    const zip = await JSZip.loadAsync(await readBytes(join(dir, "readings-on-power-and-the-people.epub")));
    const nav = parseDocument((await zip.file("EPUB/nav.xhtml")?.async("string")) ?? "", { xmlMode: true });
    const toc = findAll((e) => e.name === "nav" && getAttributeValue(e, "epub:type") === "toc", nav.children)[0] as Element;
    const top = (list: Element) => list.children.filter((c): c is Element => (c as Element).name === "li");
    const link = (li: Element) => textContent(getElementsByTagName("a", li.children, false, 1)[0] as Element).trim();
    const sub = (li: Element) => getElementsByTagName("ol", li.children, false, 1)[0] as Element;
    const entries = top(getElementsByTagName("ol", toc.children, false, 1)[0] as Element);
    expect(entries.map(link)).toEqual(["Introduction", "Essays and reports", "Fiction", "Sources and rights"]);
    const essays = top(sub(entries[1] as Element));
    expect(essays.map(link)).toEqual(["Venezuela: Logbook of a new victory — Sergio Rodríguez Gelfenstein", "On the Duty of Civil Disobedience — Henry David Thoreau"]);
    expect(top(sub(essays[0] as Element)).map(link)).toContain("A cyberattack");
    const fiction = top(sub(entries[2] as Element));
    expect(fiction.map(link)).toEqual(["How Much Land Does a Man Need? — Leo Tolstoy"]);
    expect(top(sub(fiction[0] as Element)).map(link)).toEqual(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]);
  });

  it("print: each item opens on a recto with its own title in the running heads; sources last", async () => {
    const pdf = await readBytes(join(dir, "readings-on-power-and-the-people.pdf"));
    const pages = await withTempDir("imprint-packet-pdf-", async (tmp) => {
      await writeFile(join(tmp, "p.pdf"), pdf);
      return execFileSync("pdftotext", ["-layout", join(tmp, "p.pdf"), "-"], { encoding: "utf8" }).split("\f");
    });
    const flat = (p: string) => p.replace(/\u00ad/g, "").replace(/\s+/g, " ");
    // Small capitals come out letterspaced: names are compared without spaces.
    const bare = (p: string) => p.replace(/[\s\u00ad]+/g, "");
    const sources = pages.findLastIndex((p) => flat(p).includes("Sources and rights"));
    for (const book of items) {
      const title = book.metadata.title;
      const opener = pages.findIndex((p, i) => i > 3 && i < sources && bare(p).includes(bare(title)) && bare(p).includes(bare(book.metadata.authors[0]?.name ?? "")));
      expect(opener, title).toBeGreaterThan(3);
      expect(opener % 2, `${title} opens on page ${opener + 1}`).toBe(0); // 0-based even = odd page number = recto
      // The verso after the opener carries the item's title as its running head (first line;
      // letterspaced small capitals, so compared without spaces).
      const verso = pages[opener + 1] ?? "";
      const head = (verso.split("\n").find((l) => l.trim() !== "") ?? "").replace(/\s+/g, "");
      expect(head, `running head of page ${opener + 2}`).toBe(title.replace(/\s+/g, ""));
    }
    const last = pages.findLastIndex((p) => flat(p).includes("Sources and rights"));
    expect(last % 2).toBe(0);
    for (const book of items) expect(flat(pages.slice(last).join(" "))).toContain(book.metadata.title);
    // Page numbers run through the packet: every printed folio is the page's place in it.
    const folios = pages.map((p, i) => [i + 1, /\n\s*(\d+)\s*$/.exec(p.trimEnd())?.[1]] as const).filter(([, f]) => f !== undefined);
    expect(folios.length).toBeGreaterThan(pages.length / 2);
    for (const [page, folio] of folios) expect(Number(folio), `page ${page}`).toBe(page);
  });
});

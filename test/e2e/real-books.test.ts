/**
 * Real books' shapes through the whole build (real pandoc, Chromium, EPUBCheck, poppler): links
 * between files, several `#` headings in a file, headings in any script, untitled sections. Each
 * edition is read back as a reader's software would: the EPUB's nav and links, the HTML's ids,
 * the PDF's contents, running heads and bookmarks.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { build, type BuildReport } from "../../src/build.js";
import { BOOKS_DIR, ROOT } from "../helpers/books.js";
import { expectAllChecksClean } from "../render/epub/inspect.js";

interface Built {
  report: BuildReport;
  out: string;
  slug: string;
  epub: JSZip;
  html: string;
  pdf: string;
}

async function built(name: string): Promise<Built> {
  const out = mkdtempSync(join(tmpdir(), `imprint-real-${name}-`));
  const report = await build({ dir: join(BOOKS_DIR, name), out, cwd: ROOT, env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" } });
  if (!report.ok) throw new Error(`${name} failed: ${JSON.stringify(report.diagnostics)}`);
  const slug = report.slug ?? "";
  return { report, out, slug, epub: await JSZip.loadAsync(readFileSync(join(out, `${slug}.epub`))), html: readFileSync(join(out, `${slug}.html`), "utf8"), pdf: join(out, `${slug}.pdf`) };
}

const pdftotext = (file: string, args: string[] = []): string => execFileSync("pdftotext", [...args, file, "-"]).toString();
/** Text of one page, soft hyphens (the print edition's hyphenation points) removed. */
const pageText = (file: string, page: number): string => pdftotext(file, ["-f", String(page), "-l", String(page)]).replace(/\u00ad/g, "");
const pageCount = (file: string): number => Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file]).toString())?.[1]);

/** The PDF's bookmarks as [depth, title] in order. */
async function bookmarks(file: string): Promise<Array<[number, string]>> {
  const doc = await PDFDocument.load(readFileSync(file));
  const out: Array<[number, string]> = [];
  const walk = (item: PDFDict | undefined, depth: number): void => {
    for (let node = item; node; node = node.lookupMaybe(PDFName.of("Next"), PDFDict)) {
      const title = node.lookupMaybe(PDFName.of("Title"), PDFString, PDFHexString);
      out.push([depth, title?.decodeText() ?? ""]);
      walk(node.lookupMaybe(PDFName.of("First"), PDFDict), depth + 1);
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of("Outlines"), PDFDict)?.lookupMaybe(PDFName.of("First"), PDFDict), 0);
  return out;
}

/**
 * Every internal link of the PDF goes to a destination the PDF has: a named one (Chromium writes
 * the ids as names) or an explicit page of this document (typst writes `[page /XYZ …]`), listed
 * as "page:N".
 */
async function pdfLinkTargets(file: string): Promise<{ links: string[]; missing: string[] }> {
  const doc = await PDFDocument.load(readFileSync(file));
  const names = new Set<string>();
  const dests = doc.catalog.lookupMaybe(PDFName.of("Dests"), PDFDict);
  if (dests) for (const [k] of dests.entries()) names.add(decodeURIComponent(k.asString().slice(1).replace(/#([0-9a-f]{2})/gi, "%$1")));
  const tree = doc.catalog.lookupMaybe(PDFName.of("Names"), PDFDict)?.lookupMaybe(PDFName.of("Dests"), PDFDict);
  const walk = (node: PDFDict): void => {
    const arr = node.lookupMaybe(PDFName.of("Names"), PDFArray);
    if (arr) for (let i = 0; i < arr.size(); i += 2) names.add((arr.lookup(i) as PDFString).decodeText());
    const kids = node.lookupMaybe(PDFName.of("Kids"), PDFArray);
    if (kids) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i) as PDFDict);
  };
  if (tree) walk(tree);
  const links: string[] = [];
  const pages = doc.getPages();
  for (const page of pages) {
    const annots = page.node.lookupMaybe(PDFName.of("Annots"), PDFArray);
    for (let i = 0; i < (annots?.size() ?? 0); i++) {
      const a = annots?.lookup(i) as PDFDict;
      const dest = a.get(PDFName.of("Dest"));
      const action = a.lookupMaybe(PDFName.of("A"), PDFDict)?.get(PDFName.of("D"));
      const d = dest ?? action;
      const explicit = d instanceof PDFArray ? d : d instanceof PDFRef ? doc.context.lookupMaybe(d, PDFArray) : undefined;
      if (d instanceof PDFName) links.push(decodeURIComponent(d.asString().slice(1).replace(/#([0-9a-f]{2})/gi, "%$1")));
      else if (d instanceof PDFString || d instanceof PDFHexString) links.push(d.decodeText());
      else if (explicit) {
        const index = pages.findIndex((p) => p.ref === explicit.get(0));
        links.push(index >= 0 ? `page:${index + 1}` : "page:none");
      }
    }
  }
  return { links, missing: links.filter((l) => (l.startsWith("page:") ? l === "page:none" : !names.has(l))) };
}

/** Link texts and targets of the EPUB's contents nav. */
async function navEntries(epub: JSZip): Promise<Array<{ href: string; text: string }>> {
  const nav = (await epub.file("EPUB/nav.xhtml")?.async("string")) ?? "";
  const toc = /<nav class="contents"[\s\S]*?<\/nav>/.exec(nav)?.[0] ?? "";
  return [...toc.matchAll(/<a href="([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => ({ href: m[1] ?? "", text: (m[2] ?? "").replace(/<[^>]+>/g, "") }));
}

/** The HTML edition's contents link texts, and whether every `#id` link of the page has its target. */
function htmlContents(html: string): { texts: string[]; deadLinks: string[] } {
  const toc = /<nav class="contents"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  const deadLinks = [...html.matchAll(/\shref="#([^"]*)"/g)].map((m) => m[1] ?? "").filter((id) => !ids.has(id));
  return { texts: [...toc.matchAll(/<a href="[^"]*">([\s\S]*?)<\/a>/g)].map((m) => (m[1] ?? "").replace(/<[^>]+>/g, "")), deadLinks };
}

describe("links between files (real-books item 1)", () => {
  let b: Built;
  beforeAll(async () => {
    b = await built("cross-links");
  });

  it("resolve in the EPUB to the document and id that hold the target, and EPUBCheck agrees", async () => {
    const first = (await b.epub.file("EPUB/s1.xhtml")?.async("string")) ?? "";
    const second = (await b.epub.file("EPUB/s2.xhtml")?.async("string")) ?? "";
    expect(first).toContain('<a href="s2.xhtml#s2">the second chapter</a>');
    expect(first).toContain('<a href="s2.xhtml#s2-sec">its section</a>');
    expect(first).toContain('<a href="s2.xhtml#s2-sec">the same section by id</a>');
    expect(second).toContain('<a href="s1.xhtml#s1-intro">the first chapter</a>');
    expect(second).toContain('<a href="s1.xhtml#s1">its start</a>');
    expect(second).toMatch(/<h2 id="s2-sec">A section<\/h2>/);
    await expectAllChecksClean(readFileSync(join(b.out, `${b.slug}.epub`)), `${b.slug}.epub`);
  });

  it("resolve in the HTML edition: no link without its target", () => {
    expect(b.html).toContain('<a href="#s2-sec">its section</a>');
    expect(htmlContents(b.html).deadLinks).toEqual([]);
  });

  it("resolve in the PDF: every link goes to a destination the PDF has", async () => {
    const { links, missing } = await pdfLinkTargets(b.pdf);
    expect(missing).toEqual([]);
    if (links.some((l) => l.startsWith("page:"))) {
      // typst: explicit pages. The links of 01-a.md reach 02-b.md's pages and its own (`#intro`).
      const sectionPage = (text: string): number => Array.from({ length: pageCount(b.pdf) }, (_, i) => i + 1).find((n) => pageText(b.pdf, n).trimStart().startsWith(text)) ?? 0;
      expect(links).toEqual(expect.arrayContaining([`page:${sectionPage("Second chapter")}`]));
      expect(new Set(links).size).toBeGreaterThan(1);
    } else expect(links).toEqual(expect.arrayContaining(["s2", "s2-sec", "s1-intro", "s1"]));
  });

  it("a link to a missing file or id is a warning naming file and line, and the build still succeeds", async () => {
    const out = mkdtempSync(join(tmpdir(), "imprint-broken-"));
    const report = await build({ dir: join(BOOKS_DIR, "broken-links"), out, cwd: ROOT, formats: ["html", "epub"] });
    expect(report.ok).toBe(true);
    expect(report.diagnostics.filter((d) => d.code === "model/broken-link").map((d) => [d.file, d.line, d.severity])).toEqual([
      ["test/fixtures/books/broken-links/01-a.md", 3, "warning"],
      ["test/fixtures/books/broken-links/01-a.md", 5, "warning"],
      ["test/fixtures/books/broken-links/01-a.md", 7, "warning"],
    ]);
    await expectAllChecksClean(readFileSync(join(out, `${report.slug}.epub`)), `${report.slug}.epub`);
  });
});

describe("several # headings in one file (item 2)", () => {
  let b: Built;
  beforeAll(async () => {
    b = await built("multi-h1");
  });

  it("each opens a chapter, listed in the EPUB navigation and the HTML contents alike", async () => {
    expect((await navEntries(b.epub)).map((e) => e.text)).toEqual(["Synopsis", "Description", "Using it", "Options", "General options"]);
    expect(htmlContents(b.html).texts).toEqual(["Synopsis", "Description", "Using it", "Options", "General options"]);
    expect(Object.keys(b.epub.files).filter((n) => /^EPUB\/s\d+\.xhtml$/.test(n)).sort()).toEqual(["EPUB/s1.xhtml", "EPUB/s2.xhtml", "EPUB/s3.xhtml"]);
  });

  it("one bookmark per heading, any depth, titles exactly the headings'", async () => {
    expect(await bookmarks(b.pdf)).toEqual([
      [0, "Contents"],
      [0, "Synopsis"],
      [0, "Description"],
      [1, "Using it"],
      [2, "In detail"],
      [0, "Options"],
      [1, "General options"],
    ]);
  });

  it("each chapter opens on a recto under its own running head, and the print contents give its page", () => {
    const contents = pdftotext(b.pdf, ["-layout", "-f", "3", "-l", "3"]);
    const pageOf = (title: string): number => Number(new RegExp(`${title}[\\s.]+(\\d+)`).exec(contents)?.[1]);
    for (const title of ["Synopsis", "Description", "Options"]) {
      const page = pageOf(title);
      expect(page % 2, `${title} on page ${page}`).toBe(1);
      expect(pageText(b.pdf, page)).toContain(title);
      // The page after the opener (if the chapter runs on) carries the book title on its verso;
      // the running head of the chapter's next recto, if any, is its own title (checked below).
    }
    expect(pageCount(b.pdf) % 2).toBe(0);
    // Description runs over several pages: its versos carry the book's title, its rectos its own.
    const description = pageOf("Description");
    const options = pageOf("Options");
    expect(options - description).toBeGreaterThan(2);
    for (let p = description + 1; p < options - 1; p++) {
      // Spaces dropped: small caps once extracted letter by letter; the head is compared as letters.
      const head = pageText(b.pdf, p).split("\n")[0]?.replace(/\s+/g, "");
      expect(head, `page ${p}`).toBe(p % 2 === 0 ? "Amanual" : "Description");
    }
  });
});

describe("headings in any script (item 3)", () => {
  it("get page numbers in the print contents, whatever their letters", async () => {
    const b = await built("non-ascii");
    const contents = pageText(b.pdf, 3);
    for (const heading of ["Café society", "Plain", "Ελληνικά"]) expect(contents, heading).toMatch(new RegExp(`${heading}\\s*\\n\\s*\\n?\\s*\\d+|${heading}[\\s.]+\\d+`));
    expect(contents).not.toContain("000");
    expect((await bookmarks(b.pdf)).map(([, t]) => t)).toEqual(expect.arrayContaining(["Café society", "Plain", "Ελληνικά"]));
  });

  it("an Arabic book: contents numbered, recto running heads in Arabic, right-to-left front matter", async () => {
    const b = await built("rtl-arabic");
    const contents = pageText(b.pdf, 3);
    expect(contents).toContain("المحتويات");
    expect(contents).not.toContain("000");
    // The preamble runs over several pages: its rectos carry its own (Arabic) title, not the book's.
    const clean = (t: string): string => t.replace(/[\u202a-\u202e\s]/g, "").normalize("NFKC");
    const pages = Array.from({ length: pageCount(b.pdf) }, (_, i) => pageText(b.pdf, i + 1));
    const opener = pages.findIndex((t, i) => i > 3 && clean(t).includes(clean("الديباجة")));
    const rectoHeads = pages.map((t, i) => ({ i, head: clean(t.split("\n")[0] ?? "") })).filter(({ i }) => i > opener && i % 2 === 0 && pages[i]?.trim());
    expect(rectoHeads.length).toBeGreaterThan(0);
    for (const { head } of rectoHeads) expect(head).toContain(clean("الديباجة"));
    expect(b.html).toMatch(/<html lang="ar" dir="rtl">/);
    expect((await navEntries(b.epub)).map((e) => e.text)).toEqual(["الديباجة", "المادة 1", "المادة 2"]);
    await expectAllChecksClean(readFileSync(join(b.out, `${b.slug}.epub`)), `${b.slug}.epub`);
  });
});

describe("untitled sections (item 8)", () => {
  let b: Built;
  beforeAll(async () => {
    b = await built("untitled-two");
  });

  it("never borrow the book's title: the three editions list the same entries, each section by its opening words", async () => {
    const expected = ["The first untitled file begins here and goes…", "The second untitled file starts with these words.", "A heading in the second"];
    expect((await navEntries(b.epub)).map((e) => e.text)).toEqual(expected);
    expect(htmlContents(b.html).texts).toEqual(expected);
    const contents = pageText(b.pdf, 3).replace(/\s+/g, " ");
    for (const e of expected) expect(contents).toContain(e);
    expect(contents).not.toContain("Two untitled files");
  });

  it("print sets the title once, at the text's start; the second section runs on", () => {
    const all = pdftotext(b.pdf).replace(/\u00ad/g, "");
    const titlePage = pageText(b.pdf, 1);
    expect(titlePage).toContain("Two untitled files");
    const afterFrontMatter = all.split("\f").slice(3).join("\f");
    const bodyTitles = afterFrontMatter.split("\n").filter((l) => l.trim() === "Two untitled files");
    // Once as the text's opening title (running heads carry it on versos only, past the first pages).
    expect(bodyTitles.length).toBeLessThanOrEqual(1 + Math.floor(pageCount(b.pdf) / 2));
    const firstText = all.indexOf("The first untitled file");
    const secondText = all.indexOf("The second untitled file");
    expect(firstText).toBeGreaterThan(0);
    // Runs on: the second section starts on the same page as the first one's end.
    expect(all.slice(firstText, secondText).includes("\f")).toBe(false);
  });
});

describe("file names with spaces, # and ?", () => {
  it("reach every edition: the HTML inlines the image, the EPUB carries it under a plain name and passes EPUBCheck, the PDF shows it", async () => {
    const b = await built("odd-names");
    expect(b.html).toMatch(/<img src="data:image\/png;base64,[^"]+" alt="A photo"/);
    const names = Object.keys(b.epub.files).filter((n) => n.startsWith("EPUB/images/") && !n.endsWith("cover.png"));
    expect(names).toEqual(["EPUB/images/photo__1_.png"]);
    expect(await b.epub.file("EPUB/s1.xhtml")?.async("string")).toContain('src="images/photo__1_.png"');
    await expectAllChecksClean(readFileSync(join(b.out, `${b.slug}.epub`)), `${b.slug}.epub`);
    expect(execFileSync("pdfimages", ["-list", b.pdf]).toString().split("\n").length).toBeGreaterThan(3);
  });
});

describe("Word bookmarks: empty anchors in headings and paragraphs (`# []{#anchor}Title`, `<a id>`)", () => {
  let b: Built;
  beforeAll(async () => {
    b = await built("bookmarks");
  });

  it("stay link targets in the EPUB, in the document that holds them, and never reach the nav as empty spans", async () => {
    await expectAllChecksClean(readFileSync(join(b.out, `${b.slug}.epub`)), `${b.slug}.epub`);
    const docs: Record<string, string> = {};
    for (const name of Object.keys(b.epub.files).filter((n) => n.endsWith(".xhtml"))) docs[name.replace(/^EPUB\//, "")] = (await b.epub.file(name)?.async("string")) ?? "";
    const toc = /<nav class="contents"[\s\S]*?<\/nav>/.exec(docs["nav.xhtml"] ?? "")?.[0] ?? "";
    expect(toc).not.toMatch(/<span\b[^>]*>\s*<\/span>/);
    expect((await navEntries(b.epub)).map((e) => e.text)).toEqual(["A chapter", "A section", "A heading with bookmarks inside", "Another chapter"]);
    const links = Object.entries(docs).flatMap(([doc, xhtml]) => [...xhtml.matchAll(/<a [^>]*href="([^"]*#[^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({ doc, href: m[1] ?? "", text: (m[2] ?? "").replace(/<[^>]+>/g, "") })));
    const inText = links.filter((l) => /^s\d\.xhtml$/.test(l.doc));
    expect(inText.map((l) => l.text)).toEqual(["back to the title", "the title", "the title by file", "the section", "the raw anchor", "the middle", "a paragraph bookmark", "another"]);
    for (const { doc, href } of links) {
      const [file = "", id = ""] = href.split("#");
      expect(docs[file || doc], `${doc}: ${href}`).toContain(` id="${id}"`);
    }
    // Each id once per document.
    for (const xhtml of Object.values(docs)) {
      const ids = [...xhtml.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it("resolve in the HTML edition, its contents free of empty spans", () => {
    expect(htmlContents(b.html).deadLinks).toEqual([]);
    expect(htmlContents(b.html).texts).toEqual(["A chapter", "A section", "A heading with bookmarks inside", "Another chapter"]);
    expect(/<nav class="contents"[\s\S]*?<\/nav>/.exec(b.html)?.[0]).not.toMatch(/<span\b[^>]*>\s*<\/span>/);
    expect(b.report.diagnostics.filter((d) => d.code === "model/broken-link")).toEqual([]);
  });

  it("resolve in the PDF: every link goes to a destination the PDF has", async () => {
    const { links, missing } = await pdfLinkTargets(b.pdf);
    expect(links.length).toBeGreaterThanOrEqual(8);
    expect(missing).toEqual([]);
  });
});

/**
 * The model stage: fragments (converted by the real pandoc) → one Book. Sections split at every
 * `#` heading, ids namespaced and unique in the whole Book, notes kept with the section that
 * refers to them, the contents as a tree, links between files resolved.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertMarkdown, createNativePandoc, type Fragment, type PandocBackend } from "../../src/convert/index.js";
import { allBlocks, idOwners, type Book, type BookMetadata } from "../../src/model/book.js";
import { assembleBook, openingWords } from "../../src/model/assemble.js";
import { contentsOf } from "../../src/render/contents.js";
import { fixtureBook, CHAPTERS_DIR } from "../helpers/books.js";

let pandoc: PandocBackend;
beforeAll(async () => {
  pandoc = await createNativePandoc();
});
afterAll(async () => {
  await pandoc.close();
});

async function fragment(markdown: string, sourceFile: string): Promise<Fragment> {
  const out = await convertMarkdown({ pandoc, request: { markdown, sourceFile, timeoutMs: 30_000 } });
  if (!out.fragment) throw new Error(JSON.stringify(out.diagnostics));
  return out.fragment;
}

let metadata: BookMetadata;
beforeAll(async () => {
  metadata = (await fixtureBook(CHAPTERS_DIR)).book.metadata;
});

async function assemble(files: Record<string, string>, options: { namespace?: string; tocDepth?: number } = {}) {
  const texts = await Promise.all(Object.entries(files).map(async ([path, md]) => ({ path, fragment: await fragment(md, path) })));
  return assembleBook({ metadata: { ...metadata, tocDepth: options.tocDepth ?? 2 }, texts, assets: [], modified: "2024-07-31T00:00:00Z", ...(options.namespace !== undefined ? { namespace: options.namespace } : {}) });
}

function must(book: Book | undefined): Book {
  if (!book) throw new Error("no book");
  return book;
}

describe("assembleBook", () => {
  it("opens a section at every level-1 heading; text before the first is an untitled section", async () => {
    const { value } = await assemble({ "a.md": "Before any title.\n\n# One\n\nText one.\n\n# Two\n\n## Two point one\n\nText two.\n" });
    const book = must(value);
    expect(book.sections.map((s) => [s.id, s.title?.text, s.label, s.blocks.length])).toEqual([
      ["s1", undefined, "Before any title.", 1],
      ["s2", "One", "One", 1],
      ["s3", "Two", "Two", 2],
    ]);
    expect(book.sections[2]?.headings.map((h) => h.id)).toEqual(["s3-two-point-one"]);
  });

  it("ids are unique in the whole book, ASCII, and every block's element carries its id", async () => {
    const { value } = await assemble({ "a.md": "# Same\n\n## Café\n\nx\n\n## مقدمة\n\ny\n", "b.md": "# Same\n\n## Café\n\nz\n" });
    const book = must(value);
    const ids = [...allBlocks(book)].flatMap(({ block }) => block.ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9_-]+$/);
    for (const { block } of allBlocks(book)) expect(block.html).toContain(` id="${block.id}"`);
    expect(book.sections.map((s) => s.headings.map((h) => h.id))).toEqual([["s1-cafe", expect.stringMatching(/^s1-h\d+$/)], ["s2-cafe"]]);
    expect(book.sections[0]?.headings[1]?.text).toBe("مقدمة");
  });

  it("a namespace prefixes every id, so Books can be put together without collisions", async () => {
    const one = must((await assemble({ "a.md": "# T\n\nText.[^1]\n\n[^1]: N.\n" }, { namespace: "i1-" })).value);
    const two = must((await assemble({ "a.md": "# T\n\nText.[^1]\n\n[^1]: N.\n" }, { namespace: "i2-" })).value);
    const idsOf = (b: Book) => [...idOwners(b).keys()];
    expect(idsOf(one).every((id) => id.startsWith("i1-") || id.startsWith("ref-i1-") || id === "editorial-note")).toBe(true);
    expect(idsOf(one).filter((id) => idsOf(two).includes(id))).toEqual([]);
  });

  it("notes stay with the section that refers to them, even when one file holds several sections", async () => {
    const book = must((await assemble({ "a.md": "# One\n\nFirst.[^a]\n\n# Two\n\nSecond.[^b]\n\n[^a]: Note a.\n\n[^b]: Note b.\n" })).value);
    expect(book.sections.map((s) => s.notes.map((n) => n.text))).toEqual([["Note a."], ["Note b."]]);
    expect(book.sections[1]?.blocks[0]?.noteRefs).toEqual([book.sections[1]?.notes[0]?.id]);
    expect(book.sections[1]?.blocks[0]?.html).toContain(`href="#${book.sections[1]?.notes[0]?.id}"`);
  });

  it("links between files resolve to the namespaced ids; a missing target is a warning with file and line", async () => {
    const { value, diagnostics } = await assemble({
      "01-a.md": "# A\n\n[to b](02-b.md) [to sec](02-b.md#sec) [by id](#sec)\n\nNo such [file](03-c.md).\n",
      "02-b.md": "# B\n\n## Sec {#sec}\n\n[back](01-a.md)\n",
    });
    const book = must(value);
    expect(book.sections[0]?.blocks[0]?.html).toBe('<p id="s1-b2"><a href="#s2">to b</a> <a href="#s2-sec">to sec</a> <a href="#s2-sec">by id</a></p>');
    expect(book.sections[0]?.blocks[1]?.html).toBe('<p id="s1-b3">No such <a>file</a>.</p>');
    expect(book.sections[1]?.blocks[1]?.html).toContain('<a href="#s1">back</a>');
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([["model/broken-link", "01-a.md", 5]]);
  });

  it("an empty anchor (a Word bookmark) stays a link target; contents never show it as an empty span", async () => {
    const { value, diagnostics } = await assemble({
      "01-a.md": "# []{#anchor}A chapter[^1] {#a-chapter}\n\nText <a id=\"para\"></a>here [to the title](#anchor).\n\n## []{#sub}A *section*\n\n[^1]: A note.\n",
      "02-b.md": "# B\n\n[title](#anchor) [by file](01-a.md#anchor) [section](#sub) [paragraph](01-a.md#para)\n",
    });
    const book = must(value);
    expect(diagnostics).toEqual([]);
    // A title is printed from its text, without its ids: a bookmark in it names the title itself.
    expect(book.sections[0]?.title).toMatchObject({ id: "s1-a-chapter", html: "A chapter" });
    expect(book.sections[0]?.titleNoterefs).toContain('id="ref-s1-note-1" href="#s1-note-1"');
    expect(book.sections[0]?.blocks[0]?.html).toBe('<p id="s1-b2">Text <a id="s1-para"></a>here <a href="#s1-a-chapter">to the title</a>.</p>');
    expect(book.sections[0]?.blocks[1]?.html).toBe('<h2 id="s1-a-section"><span id="s1-sub"></span>A <em>section</em></h2>');
    expect(book.sections[0]?.headings[0]?.html).toBe("A <em>section</em>");
    expect(book.sections[1]?.blocks[0]?.html).toBe('<p id="s2-b2"><a href="#s1-a-chapter">title</a> <a href="#s1-a-chapter">by file</a> <a href="#s1-sub">section</a> <a href="#s1-para">paragraph</a></p>');
    const owners = idOwners(book);
    for (const { block } of allBlocks(book)) for (const m of block.html.matchAll(/href="#([^"]+)"/g)) expect(owners.has(m[1] ?? "")).toBe(true);
  });

  it("links written for GitHub's heading ids resolve when pandoc's ids differ", async () => {
    const book = must((await assemble({ "a.md": "# T\n\n[support](#-supporting) [faq](#faq-and-more)\n\n## 💵 Supporting\n\n## FAQ, and more!\n" })).value);
    expect(book.sections[0]?.blocks[0]?.html).toContain('<a href="#s1-supporting">support</a> <a href="#s1-faq-and-more">faq</a>');
  });

  it("GitHub's ids for repeated headings, dotted names and Persian words with a zero-width non-joiner resolve too", async () => {
    const md = "# T\n\n[first](#example) [second](#example-1) [vue](#vuejs) [se](#%D9%86%D8%B1%D9%85%E2%80%8C%D8%A7%D9%81%D8%B2%D8%A7%D8%B1)\n\n## Example\n\n## Example\n\n## Vue.js\n\n## نرم‌افزار\n";
    const { value, diagnostics } = await assemble({ "a.md": md });
    const book = must(value);
    const ids = book.sections[0]?.headings.map((h) => h.id) ?? [];
    expect(new Set(ids).size).toBe(4);
    expect(book.sections[0]?.blocks[0]?.html).toContain(`<a href="#${ids[0]}">first</a> <a href="#${ids[1]}">second</a> <a href="#${ids[2]}">vue</a> <a href="#${ids[3]}">se</a>`);
    expect(diagnostics.filter((d) => d.code === "model/broken-link")).toEqual([]);
  });

  it("GitHub links typed in another case (#Basics, #Основы, b.md#Setup) find their headings, as on GitHub", async () => {
    const { value, diagnostics } = await assemble({
      "a.md": "# T\n\n[b](#Basics) [o](#%D0%9E%D1%81%D0%BD%D0%BE%D0%B2%D1%8B) [s](b.md#Setup-Guide)\n\n## Basics\n\n## Основы\n",
      "b.md": "# B\n\n## Setup guide\n",
    });
    const book = must(value);
    const [basics, osnovy] = book.sections[0]?.headings.map((h) => h.id) ?? [];
    const setup = book.sections[1]?.headings[0]?.id;
    expect(book.sections[0]?.blocks[0]?.html).toContain(`<a href="#${basics}">b</a> <a href="#${osnovy}">o</a> <a href="#${setup}">s</a>`);
    expect(diagnostics.filter((d) => d.code === "model/broken-link")).toEqual([]);
  });

  it("mdBook's links to a chapter's .html page (sub/b.html, ../a.html#a) go to that chapter's text", async () => {
    const { value, diagnostics } = await assemble({
      "a.md": "# A {#a}\n\n[B](sub/b.html) [B2](sub/b.htm#x)\n",
      "sub/b.md": "# B\n\n## X {#x}\n\n[A](../a.html#a)\n",
    });
    const book = must(value);
    expect(book.sections[0]?.blocks[0]?.html).toContain('<a href="#s2">B</a> <a href="#s2-x">B2</a>');
    expect(book.sections[1]?.blocks.at(-1)?.html).toContain('<a href="#s1-a">A</a>');
    expect(diagnostics.filter((d) => d.code === "model/broken-link")).toEqual([]);
  });

  it("a text wrapped in one <div dir=\"rtl\" markdown=\"1\"> keeps its chapters and headings, each block right to left", async () => {
    const md = '<div dir="rtl" markdown="1">\n\n# فصل یک\n\nمتن.\n\n## بخش\n\n<div class="note">\n\n## در جعبه\n\n</div>\n\n# فصل دو\n\nپایان.\n\n</div>\n';
    const book = must((await assemble({ "a.md": md })).value);
    expect(book.sections.map((s) => s.label)).toEqual(["فصل یک", "فصل دو"]);
    expect(book.sections[0]?.headings.map((h) => h.text)).toEqual(["بخش"]);
    expect(book.sections[0]?.blocks.map((b) => [b.kind, /dir="rtl"/.test(b.html)])).toEqual([["paragraph", true], ["heading", true], ["division", true]]);
    // A div with a class is the author's box: kept whole, its heading inside it.
    expect(book.sections[0]?.blocks[2]?.html).toMatch(/^<(div|section) [^>]*class="note"[^>]*>\s*<h2/);
  });

  it("a file that opens with a ## heading is named by it in the contents, and not listed again below itself", async () => {
    const book = must((await assemble({ "01.md": "# Understanding Ownership\n\nIntro.\n", "02.md": "## What Is Ownership?\n\nRules.\n\n### The Stack\n\nMore.\n" })).value);
    const second = book.outline[1];
    expect(second?.text).toBe("What Is Ownership?");
    expect(second?.children.map((c) => c.text)).toEqual(["The Stack"]);
  });

  it("an untitled section without words is named by its first image's description", async () => {
    const book = must((await assemble({ "a.md": "![A map of the coast](images/map.png)\n\n# Next\n\nText.\n" })).value);
    expect(book.sections[0]?.label).toBe("A map of the coast");
  });

  it("one with neither words nor a description is listed under the renderers' \"Start of text\", never blank", async () => {
    const book = must((await assemble({ "a.md": "![](images/map.png)\n\n# Next\n\nText.\n" })).value);
    expect(book.sections[0]?.label).toBe("");
    expect(contentsOf({ book, unnamed: "Comienzo del texto" }).map((e) => e.text)).toEqual(["Comienzo del texto", "Next"]);
  });

  it("the outline is a tree of any depth; the contents cut it to toc-depth", async () => {
    const md = "# Top\n\n## Two\n\n### Three\n\n#### Four\n\n## Two again\n";
    const book = must((await assemble({ "a.md": md }, { tocDepth: 3 })).value);
    const tree = (entries: typeof book.outline): unknown => entries.map((e) => [e.text, tree(e.children)]);
    expect(tree(book.outline)).toEqual([["Top", [["Two", [["Three", [["Four", []]]]]], ["Two again", []]]]]);
    expect(tree(contentsOf({ book }))).toEqual([["Top", [["Two", [["Three", []]]], ["Two again", []]]]]);
    expect(tree(contentsOf({ book, depth: 1 }))).toEqual([["Top", []]]);
  });

  it("a book whose headings all start at ### counts toc-depth from there (it listed only its first heading)", async () => {
    const md = "### Index\n\nText.\n\n### Arduino\n\nText.\n\n### Git\n\n#### Vue\n\n##### Deep\n\n### Linux\n";
    const book = must((await assemble({ "a.md": md })).value);
    const tree = (entries: ReturnType<typeof contentsOf>): unknown => entries.map((e) => [e.text, tree(e.children)]);
    expect(tree(contentsOf({ book }))).toEqual([["Index", []], ["Arduino", []], ["Git", [["Vue", []]]], ["Linux", []]]);
    // One `#` title anywhere and levels count from 1 again.
    const mixed = must((await assemble({ "a.md": "# Top\n\nText.\n", "b.md": md })).value);
    expect(tree(contentsOf({ book: mixed }))).toEqual([["Top", []], ["Index", []]]);
  });

  it("a broken link is reported at its own line, not where its list starts; a two-character CJK heading has its line", async () => {
    const md = "# Book\n\n* [A](#a)\n* [X](#x)\n* one\n* [nowhere](#nowhere)\n\n### 说明\n\n## A\n\nText [again](#x).\n";
    const { diagnostics } = await assemble({ "a.md": md });
    expect(diagnostics.map((d) => [d.code, d.line, d.message.match(/"([^"]+)"/)?.[1]])).toEqual([
      ["model/broken-link", 4, "#x"],
      ["model/broken-link", 6, "#nowhere"],
      ["model/heading-skip", 8, "说明"],
    ]);
  });

  it("reports ids given twice and note references without a note", async () => {
    const { diagnostics } = await assemble({ "a.md": "# T\n\n## A {#dup}\n\n## B {#dup}\n\nSee[^missing] here.\n" });
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["model/duplicate-id", 5],
      ["model/note-missing", 7],
    ]);
  });

  it("is pure: the same fragments give the same Book", async () => {
    const texts = [{ path: "a.md", fragment: await fragment("# T\n\nText.\n", "a.md") }];
    const make = () => assembleBook({ metadata, texts, assets: [], modified: "2024-07-31T00:00:00Z" }).value;
    expect(make()).toEqual(make());
  });
});

describe("openingWords", () => {
  it("cuts at eight words with an ellipsis, dropping trailing punctuation", () => {
    expect(openingWords({ text: "One two three, four five six seven eight, nine ten" })).toBe("One two three, four five six seven eight…");
    expect(openingWords({ text: "Short text." })).toBe("Short text.");
  });
});

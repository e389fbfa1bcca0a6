/**
 * convertMarkdown on both backends: the same book text from each, notes normalised, headings,
 * images, hostile input sanitised with a warning per removal, polyglot output, timeouts.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { DOMParser } from "@xmldom/xmldom";
import { parseDocument } from "htmlparser2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertMarkdown, createNativePandoc, createWasmPandoc, type ConvertOutcome, type Fragment, type PandocBackend } from "../../src/convert/index.js";
import { HARD_INPUT } from "./helpers.js";
import { CORPUS } from "../fixtures/paths.js";

const corpusFiles = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(path.join(CORPUS, d.name)).filter((f) => f.endsWith(".md")).map((f) => path.join(d.name, f)))
  .sort();
const seedLike = readFileSync(new URL("../fixtures/convert-seedlike/text.md", import.meta.url), "utf8");

const backends: PandocBackend[] = [];
beforeAll(async () => {
  backends.push(await createNativePandoc(), await createWasmPandoc());
});
afterAll(async () => {
  await Promise.all(backends.map((b) => b.close()));
});

function convert(pandoc: PandocBackend, markdown: string, sourceFile = "01-text.md", timeoutMs = 30_000): Promise<ConvertOutcome> {
  return convertMarkdown({ pandoc, request: { markdown, sourceFile, idPrefix: "s1-", timeoutMs } });
}

async function fragment(pandoc: PandocBackend, markdown: string): Promise<{ fragment: Fragment; codes: string[]; outcome: ConvertOutcome }> {
  const outcome = await convert(pandoc, markdown);
  if (!outcome.fragment) throw new Error(`no fragment: ${JSON.stringify(outcome.diagnostics)}`);
  return { fragment: outcome.fragment, codes: outcome.diagnostics.map((d) => d.code), outcome };
}

/** The fragment's blocks as one HTML string. */
const htmlOf = (f: Fragment | undefined): string => (f?.blocks ?? []).map((b) => b.html).join("\n");

/** Text a reader sees, whitespace normalised. */
function text(html: string): string {
  const doc = parseDocument(html);
  const walk = (nodes: typeof doc.children): string =>
    nodes.map((n) => ("data" in n && n.type === "text" ? n.data : "children" in n ? walk(n.children) : "")).join("");
  return walk(doc.children).replace(/\s+/g, " ").trim();
}

/** Parses as XML (strictly: any error or warning fails) and as HTML; both must see the same tree. */
function assertPolyglot(html: string): void {
  const problems: string[] = [];
  const xml = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(`<div xmlns="http://www.w3.org/1999/xhtml">${html}</div>`, "application/xhtml+xml");
  expect(problems).toEqual([]);
  const fromXml: string[] = [];
  const walkXml = (node: { childNodes: ArrayLike<unknown> }): void => {
    for (const child of Array.from(node.childNodes) as Array<{ nodeType: number; nodeName: string; data?: string; attributes?: ArrayLike<{ name: string; value: string }>; childNodes: ArrayLike<unknown> }>) {
      if (child.nodeType === 1) {
        const attrs = Array.from(child.attributes ?? []).filter((a) => a.name !== "xmlns").map((a) => `${a.name}=${a.value}`).sort();
        fromXml.push(`<${child.nodeName.toLowerCase()} ${attrs.join(" ")}>`);
        walkXml(child);
        fromXml.push(`</${child.nodeName.toLowerCase()}>`);
      } else if (child.nodeType === 3) fromXml.push(child.data ?? "");
    }
  };
  const root = xml.documentElement;
  if (!root) throw new Error("no XML root");
  walkXml(root as unknown as { childNodes: ArrayLike<unknown> });
  const fromHtml: string[] = [];
  const walkHtml = (nodes: ReturnType<typeof parseDocument>["children"]): void => {
    for (const n of nodes) {
      if (n.type === "tag") {
        fromHtml.push(`<${n.name} ${Object.entries(n.attribs).map(([k, v]) => `${k}=${v}`).sort().join(" ")}>`);
        walkHtml(n.children);
        fromHtml.push(`</${n.name}>`);
      } else if (n.type === "text") fromHtml.push(n.data);
    }
  };
  walkHtml(parseDocument(html, { decodeEntities: true }).children);
  expect(fromXml.join("")).toBe(fromHtml.join(""));
}

describe("both backends yield the same book", () => {
  it.each([...corpusFiles, "seed-like"])("%s", async (file) => {
    const markdown = file === "seed-like" ? seedLike : readFileSync(path.join(CORPUS, file), "utf8");
    const [native, wasm] = await Promise.all(backends.map((b) => fragment(b, markdown)));
    if (!native || !wasm) throw new Error("a backend gave nothing");
    expect(native.outcome.diagnostics).toEqual([]);
    expect(wasm.outcome.diagnostics).toEqual([]);
    expect(text(htmlOf(wasm.fragment))).toBe(text(htmlOf(native.fragment)));
    // Not just the same words: the same polyglot HTML, notes, headings and images.
    expect(wasm.fragment).toEqual(native.fragment);
    assertPolyglot(htmlOf(native.fragment));
    for (const note of native.fragment.notes) assertPolyglot(note.html);
  });
});

describe.each([0, 1])("backend %#", (index) => {
  const backend = (): PandocBackend => {
    const b = backends[index];
    if (!b) throw new Error("backend did not start");
    return b;
  };

  it("normalises notes: taken out, numbered, no back-links, references in one shape", async () => {
    const { fragment: f } = await fragment(backend(), "# Title\n\nOne.[^a] Two.[^b]\n\n[^a]: First note.\n\n[^b]: Second note.\n\n    Its second paragraph.\n");
    expect(htmlOf(f)).toBe(
      '<h1 id="s1-title">Title</h1>\n<p id="s1-b2">One.<a class="noteref" id="ref-s1-note-1" href="#s1-note-1" role="doc-noteref">1</a> Two.<a class="noteref" id="ref-s1-note-2" href="#s1-note-2" role="doc-noteref">2</a></p>',
    );
    expect(f.notes).toEqual([
      { id: "s1-note-1", label: "1", html: "<p>First note.</p>", text: "First note." },
      { id: "s1-note-2", label: "2", html: "<p>Second note.</p>\n<p>Its second paragraph.</p>", text: "Second note. Its second paragraph." },
    ]);
  });

  it("keeps the manuscript's own note numbers when it numbers them", async () => {
    const { fragment: f } = await fragment(backend(), "A.[^7] B.[^8]\n\n[^7]: Seven.\n[^8]: Eight.\n");
    expect(f.notes.map((n) => [n.id, n.label])).toEqual([["s1-note-1", "7"], ["s1-note-2", "8"]]);
    expect(htmlOf(f)).toContain('href="#s1-note-2" role="doc-noteref">8</a>');
  });

  it("prefixes heading ids, keeps them unique, lists headings without note refs or links", async () => {
    const { fragment: f } = await fragment(backend(), "# Same\n\n## Same\n\n## *Our* [link](https://example.org) note[^1] {#custom}\n\nText.\n\n[^1]: N.\n");
    expect(f.blocks.flatMap((b) => (b.heading ? [b.heading] : []))).toEqual([
      { id: "s1-same", level: 1, text: "Same", html: "Same" },
      { id: "s1-same-1", level: 2, text: "Same", html: "Same" },
      { id: "s1-custom", level: 2, text: "Our link note", html: "<em>Our</em> link note" },
    ]);
    // The body keeps the reference (a renderer that lifts the title heading must keep it too).
    expect(htmlOf(f)).toContain('<h2 id="s1-custom"><em>Our</em> <a href="https://example.org">link</a> note<a class="noteref" id="ref-s1-note-1" href="#s1-note-1" role="doc-noteref">1</a></h2>');
  });

  it("keeps an image's width and drops its height when both are given, so a narrow screen does not squash it", async () => {
    const { fragment: f } = await fragment(backend(), '![An unhappy fish.](img/fish.jpg){width="6.5in" height="5.508in"}\n\n![Tall](img/t.png){height="2in"}\n');
    const html = htmlOf(f);
    expect(html).toMatch(/<img src="img\/fish.jpg" style="width: ?6.5in;?"/);
    expect(html).not.toContain("5.508in");
    expect(html).toMatch(/style="height: ?2in;?"/);
  });

  it("keeps LaTeX and backslashed words as written instead of dropping them as raw TeX", async () => {
    const { fragment: f, codes } = await fragment(backend(), "Path C:\\Users\\name, \\textbf{BOLD} and \\newpage here.\n\n\\begin{center}\nCENTER\n\\end{center}\n");
    expect(htmlOf(f)).toContain("Path C:\\Users\\name, \\textbf{BOLD} and \\newpage here.");
    expect(htmlOf(f)).toMatch(/\\begin\{center\}\s+CENTER\s+\\end\{center\}/);
    expect(codes).toEqual(["convert/raw-tex"]);
  });

  it("makes the Rust book's <Listing> a figure with its file name and numbered caption, with no warning", async () => {
    const md = 'Listing 4-2 shows it.\n\n<Listing number="4-2" file-name="src/main.rs" caption="Assigning `x` to `y` &amp; more">\n\n```rust\nlet y = x;\n```\n\n</Listing>\n';
    const { fragment: f, codes } = await fragment(backend(), md);
    expect(codes).toEqual([]);
    const html = htmlOf(f);
    expect(html).toMatch(/<figure class="listing"[^>]*>\s*<p class="file-name">Filename: src\/main.rs<\/p>\s*<pre/);
    expect(html).toContain("<figcaption>Listing 4-2: Assigning <code>x</code> to <code>y</code> &amp; more</figcaption></figure>");
    assertPolyglot(html);
  });

  it("keeps a task list's checkboxes as ☐ and ☒, with no warning", async () => {
    const { fragment: f, codes } = await fragment(backend(), "- [ ] open\n- [x] done\n");
    expect(codes).toEqual([]);
    expect(htmlOf(f)).toMatch(/☐<\/span> ?open[\s\S]*☒<\/span> ?done/);
    expect(htmlOf(f)).not.toContain("<input");
  });

  it("collects images as manuscript-relative paths with their lines", async () => {
    const { fragment: f, codes } = await fragment(backend(), "Text.\n\n![A figure](./images/../images/fig%201.svg)\n\nInline ![x](images/b.png) too.\n");
    expect(codes).toEqual([]);
    expect(f.assetRefs).toEqual([
      { path: "images/fig 1.svg", line: 3 },
      { path: "images/b.png", line: 5 },
    ]);
    expect(htmlOf(f)).toContain('src="images/fig%201.svg"');
    assertPolyglot(htmlOf(f));
  });

  it("removes hostile content, one warning each, with file and line", async () => {
    const hostile = [
      "Intro paragraph.", // 1
      "",
      "<script>alert('x')</script>", // 3
      "",
      '<p onclick="steal()">Click text stays.</p>', // 5
      "",
      '<iframe src="https://evil.example/"></iframe>', // 7
      "",
      "![remote](https://evil.example/pixel.png)", // 9
      "",
      '<base href="https://evil.example/">', // 11
      "",
      '<meta http-equiv="refresh" content="0; url=https://evil.example/">', // 13
      "",
      "[a link](javascript:alert(1)) and [a fine one](https://example.org/).", // 15
      "",
      "![secret](../../etc/passwd)", // 17
      "",
      "![abs](/etc/passwd) and ![file](file:///etc/passwd) and ![data](data:image/png;base64,AAAA)", // 19
      "",
      "<style>body{background:url(https://evil.example/)}</style>", // 21
      "",
      '<object data="x.swf">Fallback words</object> <form action="https://evil.example/"><input name="q" /></form>', // 23
      "",
      "Outro with `<code>` kept.", // 25
    ].join("\n");
    const outcome = await convert(backend(), hostile);
    const f = outcome.fragment;
    if (!f) throw new Error("no fragment");
    const found = outcome.diagnostics.map((d) => `${d.line}:${d.code}:${d.severity}`);
    expect(found).toEqual([
      "3:convert/removed-script:warning",
      "5:convert/removed-script:warning",
      "7:convert/removed-element:warning",
      "9:convert/removed-url:warning",
      "11:convert/removed-element:warning",
      "13:convert/removed-element:warning",
      "15:convert/removed-url:warning",
      "17:convert/removed-url:warning",
      "19:convert/removed-url:warning",
      "19:convert/removed-url:warning",
      "19:convert/removed-url:warning",
      "21:convert/removed-element:warning",
      "23:convert/removed-element:warning",
      "23:convert/removed-element:warning",
      "23:convert/removed-element:warning",
    ]);
    for (const d of outcome.diagnostics) expect(d.file).toBe("01-text.md");
    expect(outcome.diagnostics.find((d) => d.line === 13)?.message).toContain('http-equiv="refresh"');
    const html = htmlOf(f);
    for (const bad of ["<script", "alert", "onclick", "<iframe", "evil.example", "<base", "<meta", "javascript:", "passwd", "file:", "data:", "<style", "<object", "<form", "<input"]) {
      expect(html, bad).not.toContain(bad);
    }
    expect(html).toContain("Click text stays.");
    expect(html).toContain("Fallback words");
    expect(html).toContain('<a href="https://example.org/">a fine one</a>');
    expect(html).toContain("<code>&lt;code&gt;</code>");
    expect(f.assetRefs).toEqual([]);
    assertPolyglot(html);
  });

  it("ignores YAML blocks in the Markdown with a warning naming file and line", async () => {
    const outcome = await convert(backend(), "---\ntitle: Sneaky\nlang: fr\n---\n\nBody.\n\n---\nauthor: Other\n---\n\nEnd.\n");
    expect(htmlOf(outcome.fragment)).toBe('<p id="s1-b1">Body.</p>\n<p id="s1-b2">End.</p>');
    expect(outcome.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ["meta/markdown-yaml", "01-text.md", 1],
      ["meta/markdown-yaml", "01-text.md", 8],
    ]);
  });

  it("writes polyglot HTML: void elements closed, no named entities, line blocks kept", async () => {
    const { fragment: f } = await fragment(backend(), "| First line\n|     indented\n\nA&nbsp;B &amp; C < D\\\nnext\n\n---\n\nE\n");
    expect(htmlOf(f)).toBe('<div class="line-block" id="s1-b1">First line<br /> \u00a0\u00a0\u00a0\u00a0indented</div>\n<p id="s1-b2">A\u00a0B &amp; C &lt; D<br /> next</p>\n<hr id="s1-b3" />\n<p id="s1-b4">E</p>');

    assertPolyglot(htmlOf(f));
  });

  it("splits the text into blocks of a kind, each with its source line and the ids it holds", async () => {
    const { fragment: f } = await fragment(backend(), "# Title\n\nFirst *paragraph* with [a link](#x).\n\n> A quote here\n\n- item one\n- item two\n\n```\ncode block text\n```\n\n---\n\n## Heading {#x}\n\n![An image](images/a.png)\n");
    expect(f.blocks.map((b) => [b.kind, b.line])).toEqual([
      ["heading", 1],
      ["paragraph", 3],
      ["quote", 5],
      ["list", 7],
      ["code", 11],
      ["rule", undefined],
      ["heading", 16],
      ["figure", 18],
    ]);
    expect(f.blocks.map((b) => b.id)).toEqual(["s1-title", "s1-b2", "s1-b3", "s1-b4", "s1-b5", "s1-b6", "s1-x", "s1-b8"]);
    expect(f.blocks[1]?.text).toBe("First paragraph with a link.");
    expect(f.blocks[7]?.images).toEqual([{ src: "images/a.png", alt: "An image" }]);
    for (const b of f.blocks) expect(b.html.startsWith(`<${b.html.slice(1).split(/[ >]/)[0]}`)).toBe(true);
  });

  it("a figure's caption ends up first or last (raw HTML books put spacing after it)", async () => {
    const { fragment: f } = await fragment(backend(), '<figure>\n    <img src="images/a.png" alt="A">\n    <figcaption><em>Fig. 1</em></figcaption>\n    <br><br>\n</figure>\n\n<figure><img src="images/b.png" alt="B"><figcaption>Two</figcaption><p>Credit line.</p></figure>\n');
    const [first, second] = f.blocks;
    expect(first?.html).not.toContain("<br");
    expect(first?.html).toMatch(/<figcaption>\s*<em>Fig\. 1<\/em>\s*<\/figcaption>\s*<\/figure>$/);
    expect(second?.html).toMatch(/<p>\s*Credit line\.\s*<\/p>\s*<figcaption>\s*Two\s*<\/figcaption>\s*<\/figure>$/);
  });

  it("a remote image leaves its text alternative, as a browser shows it; a link left with nothing to read is removed, and so is the emptied paragraph", async () => {
    const { fragment: f, outcome } = await fragment(backend(), "[![Join the chat](https://example.org/b.svg)](https://example.org/)\n\n[![](https://example.org/e.svg)](https://example.org/)\n\nText with [![b](https://example.org/c.svg)](https://example.org/) and [a real link](https://example.org/).\n");
    expect(f.blocks.map((b) => b.html.replace(/ id="[^"]*"/, ""))).toEqual(['<p><a href="https://example.org/">Join the chat</a></p>', '<p>Text with <a href="https://example.org/">b</a> and <a href="https://example.org/">a real link</a>.</p>']);
    expect(outcome.diagnostics.map((d) => d.message)).toContain('a remote image (editions never load anything from outside the book) was removed: https://example.org/b.svg (its text "Join the chat" stays)');
  });

  it("characters no edition can carry (NUL, ESC) leave a block's text as they leave its HTML", async () => {
    const { fragment: f } = await fragment(backend(), "# Ti\u0001tle\n\nOne\u0000two\u001bthree.[^1]\n\n[^1]: A\u0007note.\n");
    const texts = [...f.blocks.map((b) => b.text), ...f.notes.map((n) => n.text), ...f.blocks.flatMap((b) => (b.heading ? [b.heading.text] : []))];
    expect(texts.join(" ")).toMatch(/Title/);
    // eslint-disable-next-line no-control-regex
    for (const t of texts) expect(t).not.toMatch(/[\u0000-\u0008\u001b]/);
  });

  it("a timeout is a diagnostic naming the file and the timeout, never a hang or a throw", async () => {
    const started = Date.now();
    const outcome = await convert(backend(), HARD_INPUT, "07-stuck.md", 2000);
    // The timeout, then at most 10 s searching for the block to blame (pathological.test.ts).
    expect(Date.now() - started).toBeLessThan(14_000);
    expect(outcome.fragment).toBeUndefined();
    expect(outcome.diagnostics).toHaveLength(2);
    expect(outcome.diagnostics[0]).toMatchObject({ code: "convert/timeout", severity: "error", file: "07-stuck.md" });
    expect(outcome.diagnostics[0]?.message).toMatch(/07-stuck\.md within 2 s/);
    expect(outcome.diagnostics[1]).toMatchObject({ code: "convert/timeout", file: "07-stuck.md", line: 1 });
  }, 20_000);

  it("links written as IRIs become the ASCII URLs they stand for; their text stays as written", async () => {
    const { fragment: f } = await fragment(backend(), "<http://göögle.com> and [a search](https://example.org/测?q=测) and <mailto:me@example.org>.\n");
    const html = f.blocks.map((b) => b.html).join("");
    expect(html).toContain('href="http://xn--ggle-5qaa.com/" class="uri">http://göögle.com</a>');
    expect(html).toContain('href="https://example.org/%E6%B5%8B?q=%E6%B5%8B">a search</a>');
    expect(html).toContain('href="mailto:me@example.org"');
  });

  it("a duplicate id inside a block quote is reported once, by the model, not by pandoc with a line of its own count", async () => {
    const outcome = await convert(backend(), "# One {#same}\n\nText.\n\n> # Two {#same}\n");
    expect(outcome.diagnostics.filter((d) => d.code === "convert/pandoc-warning")).toEqual([]);
  });

  it("pandoc's warnings become diagnostics with their line", async () => {
    const outcome = await convert(backend(), "Text.\n\n[^9]: Never used.\n");
    expect(outcome.diagnostics.map((d) => [d.code, d.line])).toEqual([["convert/pandoc-warning", 3]]);
  });
});

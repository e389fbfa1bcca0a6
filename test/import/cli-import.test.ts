import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import JSZip from "jszip";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run.js";

const run = runCli;

const temp = (): string => mkdtempSync(join(tmpdir(), "imprint-cli-import-"));

describe("imprint import options", () => {
  it("--comments notes keeps comments as footnotes and still reports them", async () => {
    const out = join(temp(), "ms");
    const r = await run(["import", "test/fixtures/import-docx/comments.docx", "--out", out, "--comments", "notes", "--pandoc", "wasm"]);
    expect(r.code).toBe(0);
    expect(r.out + r.err).toContain("5 comments were kept as footnotes");
    expect(r.out + r.err).toContain("[import/comments]");
    expect(readFileSync(join(out, "01-text.md"), "utf8")).toContain("[^1]: I left a comment. — Jesse Rosenthal");
  }, 60_000);

  it("--language sets metadata.yaml's language, canonicalised", async () => {
    const out = join(temp(), "ms");
    const r = await run(["import", "test/fixtures/import-plain/article.txt", "--out", out, "--language", "pt-br"]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, "metadata.yaml"), "utf8")).toMatch(/^language: "pt-BR"$/m);
  });

  it("bad values are usage errors saying what is allowed", async () => {
    const lang = await run(["import", "x.txt", "--language", "not a tag!"]);
    expect(lang.code).toBe(2);
    expect(lang.err).toContain("BCP 47");
    const comments = await run(["import", "x.docx", "--comments", "keep"]);
    expect(comments.code).toBe(2);
    expect(comments.err).toContain("use one of: notes, drop");
    const size = await run(["import", "x.docx", "--max-unpacked", "lots"]);
    expect(size.code).toBe(2);
    expect(size.err).toContain("size in MiB");
  });

  it("--max-unpacked lowers or raises the unpacked-size cap", async () => {
    const out = join(temp(), "ms");
    const r = await run(["import", "test/fixtures/import-docx/metadata_after_normal.docx", "--out", out, "--max-unpacked", "0.01", "--pandoc", "wasm"]);
    expect(r.code).toBe(1);
    expect(r.out + r.err).toContain("[import/zip-limit]");
  }, 60_000);
});

describe("imprint import reads Word files with the built-in pandoc 3", () => {
  it("by default, so a link to a bookmark stays a link to its heading (pandoc 2.17 made it a link to `\\l`)", async () => {
    const out = join(temp(), "ms");
    const r = await run(["import", "test/fixtures/import-docx/anchor_header_after_anchor.docx", "--out", out]);
    expect(r.code).toBe(0);
    const md = readFileSync(join(out, "01-text.md"), "utf8");
    expect(md).toContain("[A link to the bookmark](#referenced-title)");
    expect(md).toMatch(/^# Referenced title/m);
    expect(md).not.toContain("(\\l)");
  }, 60_000);

  it("keeps a Word list's `1)`, `a)` and `i)` through the import and the build", async () => {
    const dir = temp();
    const ms = join(dir, "ms");
    expect((await run(["import", "test/fixtures/import-docx/deep_normalize.docx", "--out", ms])).code).toBe(0);
    expect(readFileSync(join(ms, "01-text.md"), "utf8")).toMatch(/^ {4}a\) {2}This is at the second level/m);
    const built = await run(["build", ms, "--out", join(dir, "out"), "--formats", "html", "--quiet"]);
    expect(built.code).toBe(0);
    const html = readFileSync(join(dir, "out", "deep-normalize.html"), "utf8");
    expect([...html.matchAll(/<ol type="(\w)" class="(list-[\w-]+)"/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(["1 list-decimal-paren", "a list-lower-alpha-paren", "i list-lower-roman-paren"]);
  }, 60_000);
});

describe("a Word table with merged cells", () => {
  it("is imported as an HTML table the build's pandoc 2.17 reads, spans and every character of its cells kept", async () => {
    // pandoc's table_header_rowspan.docx, its first header cell given text Markdown would reinterpret.
    const zip = await JSZip.loadAsync(readFileSync("test/fixtures/import-docx/table_header_rowspan.docx"));
    const xml = (await zip.file("word/document.xml")?.async("string")) ?? "";
    const tricky = "a*b*c_d_ “q” -- 1. &lt;x&gt; &amp; \\y";
    expect(xml).toContain("<w:t>A</w:t>");
    zip.file("word/document.xml", xml.replace("<w:t>A</w:t>", `<w:t xml:space="preserve">${tricky}</w:t>`));
    const dir = temp();
    const file = join(dir, "table.docx");
    writeFileSync(file, await zip.generateAsync({ type: "uint8array" }));
    const ms = join(dir, "ms");
    expect((await run(["import", file, "--out", ms])).code).toBe(0);
    expect(readFileSync(join(ms, "01-text.md"), "utf8")).not.toMatch(/^\+[-=:]+\+/m);
    const built = await run(["build", ms, "--out", join(dir, "out"), "--formats", "html", "--quiet"]);
    expect(built.err).toBe("");
    expect(built.code).toBe(0);
    const html = readFileSync(join(dir, "out", readdirSync(join(dir, "out")).find((f) => f.endsWith(".html"))!), "utf8");
    const cells = [...html.matchAll(/<(th|td)\b([^>]*)>([\s\S]*?)<\/\1>/g)].map((m) => ({ attrs: m[2] ?? "", text: (m[3] ?? "").replace(/<[^>]+>/g, "").trim() }));
    expect(cells[0]).toMatchObject({ text: "a*b*c_d_ “q” -- 1. &lt;x&gt; &amp; \\y" });
    expect(cells[0]!.attrs).toContain('rowspan="2"');
    expect(cells.find((c) => c.text === "E")?.attrs).toContain('colspan="3"');
    expect(cells.map((c) => c.text).slice(1, 9)).toEqual(["B", "C", "D", "E", "F", "G", "H", "I"]);
  }, 120_000);
});

import { mkdtempSync, readFileSync } from "node:fs";
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
});

import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/diagnostics.js";
import { loadProject, nameOrder } from "../../src/load/project.js";

function manuscript(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), "imprint-project-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

const META = 'title: "T"\nlanguage: en\n';

describe("loadProject", () => {
  it("takes every other .md in name order, the editorial note apart, and template overrides", async () => {
    const root = manuscript({ "metadata.yaml": META, "02-b.md": "B", "01-a.md": "A", "editorial-note.md": "N", "README.md": "x", "templates/base.css": "p{}" });
    const { value, diagnostics } = await loadProject({ dir: ".", cwd: root });
    expect(diagnostics).toEqual([]);
    expect(value!.texts.map((t) => t.path)).toEqual(["01-a.md", "02-b.md"]);
    expect(value!.editorialNote?.text).toBe("N");
    expect(value!.templateOverrides.map((t) => [t.name, t.origin])).toEqual([["base.css", "manuscript"]]);
  });

  it("reads numbered files in the order of their numbers: 2 before 10, zero-padded names as before", async () => {
    const root = manuscript({ "metadata.yaml": META, "10-ten.md": "X", "2-two.md": "B", "1-one.md": "A", "chapter-9.md": "9", "chapter-11.md": "11" });
    const { value } = await loadProject({ dir: ".", cwd: root });
    expect(value!.texts.map((t) => t.path)).toEqual(["1-one.md", "2-two.md", "10-ten.md", "chapter-9.md", "chapter-11.md"]);
    expect(["10.md", "09.md", "01.md", "02a.md", "02.md"].sort(nameOrder)).toEqual(["01.md", "02.md", "02a.md", "09.md", "10.md"]);
  });

  it("reads R Markdown and Quarto files too, a bookdown or Quarto book's index first", async () => {
    const root = manuscript({ "metadata.yaml": META, "02-method.Rmd": "M", "01-intro.qmd": "I", "index.Rmd": "P", "notes.txt": "x" });
    const { value, diagnostics } = await loadProject({ dir: ".", cwd: root });
    expect(diagnostics).toEqual([]);
    expect(value!.texts.map((t) => t.path)).toEqual(["index.Rmd", "01-intro.qmd", "02-method.Rmd"]);
  });

  it("follows contents: and names a listed file that does not exist", async () => {
    const root = manuscript({ "metadata.yaml": META + "contents:\n  - b.md\n  - missing.md\n", "a.md": "A", "b.md": "B" });
    const r = await loadProject({ dir: ".", cwd: root });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map(formatDiagnostic)).toEqual(['missing.md: error: "missing.md" does not exist in the manuscript folder [load/missing-file]']);
  });

  it("refuses contents entries and links that leave the folder", async () => {
    const outside = manuscript({ "secret.md": "secret" });
    const root = manuscript({ "metadata.yaml": META + "contents:\n  - ../secret.md\n  - link.md\n" });
    symlinkSync(join(outside, "secret.md"), join(root, "link.md"));
    const r = await loadProject({ dir: ".", cwd: root });
    expect(r.value).toBeUndefined();
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).toEqual(["load/outside-folder", "load/outside-folder"]);
    expect(r.diagnostics.map((d) => d.message).join("\n")).not.toContain("secret\n");
  });

  it("refuses a text file whose name holds a line break, and no message prints the break (a forged line)", async () => {
    const root = manuscript({ "metadata.yaml": META, "01.md": "# One\n", "02\n03.md:1: error: forged [x].md": "# Two\n" });
    const r = await loadProject({ dir: ".", cwd: root });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["load/file-name"]);
    const shown = r.diagnostics.map(formatDiagnostic).join("\n");
    expect(shown.split("\n").filter((l) => /error:/.test(l))).toHaveLength(1);
    expect(shown).toContain(String.raw`"02\n03.md:1: error: forged [x].md"`);
  });

  it("rejects text that is not UTF-8, naming the file", async () => {
    const root = manuscript({ "metadata.yaml": META, "01.md": Buffer.from([0x48, 0xe9, 0x6c, 0x6c, 0x6f]) });
    const r = await loadProject({ dir: ".", cwd: root });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual(['01.md: error: "01.md" is not UTF-8 text; save it as UTF-8 [load/encoding]']);
  });

  it("says what is missing: the folder, metadata.yaml, the text", async () => {
    const root = manuscript({ "notes.txt": "x" });
    expect((await loadProject({ dir: "nope", cwd: root })).diagnostics[0]!.code).toBe("load/no-folder");
    expect((await loadProject({ dir: ".", cwd: root })).diagnostics.map((d) => d.code)).toEqual(["load/no-metadata"]);
    const empty = manuscript({ "metadata.yaml": META });
    expect((await loadProject({ dir: ".", cwd: empty })).diagnostics.map((d) => d.code)).toEqual(["load/no-text"]);
  });

  it("accepts an absolute folder path", async () => {
    const root = manuscript({ "metadata.yaml": META, "a.md": "A" });
    const r = await loadProject({ dir: root, cwd: "/" });
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.texts.map((t) => t.path)).toEqual(["a.md"]);
  });

  it("prints paths relative to where the user stands", async () => {
    const root = manuscript({ "book/metadata.yaml": "title: T\nlanguage: en\ndate: 2024-13-01\n", "book/a.md": "A" });
    const r = await loadProject({ dir: "book", cwd: root });
    expect(r.diagnostics.map(formatDiagnostic)[0]).toMatch(/^book\/metadata\.yaml:3:7: error: date:/);
  });
});

import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { createNativePandoc } from "../../src/convert/native.js";
import { createWasmPandoc } from "../../src/convert/wasm.js";
import { convertMarkdown } from "../../src/convert/index.js";
import type { PandocBackend } from "../../src/convert/types.js";
import { normaliseDate } from "../../src/import/document-meta.js";
import { importManuscript } from "../../src/import/index.js";
import { parseMetadata } from "../../src/load/metadata.js";
import { htmlBlocks, nativeHtml, nativePandocAvailable } from "./pandoc-both.js";

const FIXTURE = "test/fixtures/import-docx";
const temp = (): string => mkdtempSync(join(tmpdir(), "imprint-word-"));
const native = nativePandocAvailable();

const backends: PandocBackend[] = [];
beforeAll(async () => {
  if (native) backends.push(await createNativePandoc());
  backends.push(await createWasmPandoc());
}, 120_000);
afterAll(async () => {
  for (const b of backends) await b.close();
});

async function run(file: string, extra: { comments?: "notes" | "drop"; language?: string } = {}) {
  const out = [];
  for (const pandoc of backends) {
    const dir = join(temp(), "ms");
    const result = await importManuscript({ file, outDir: dir, pandoc, ...extra });
    const yaml = readFileSync(join(dir, "metadata.yaml"), "utf8");
    out.push({
      backend: pandoc.name,
      diagnostics: result.diagnostics,
      yaml,
      meta: parseYaml(yaml) as Record<string, unknown>,
      md: readFileSync(join(dir, "01-text.md"), "utf8"),
    });
  }
  return out;
}

describe(".docx metadata", () => {
  it("metadata.docx: title, authors, date (ISO) and abstract reach metadata.yaml; only the abstract stays in the text", async () => {
    for (const r of await run(`${FIXTURE}/metadata.docx`)) {
      expect({ backend: r.backend, meta: r.meta }).toMatchObject({
        backend: r.backend,
        meta: {
          title: "This Is the Title",
          authors: ["Mary Ann Evans", "Aurore Dupin"],
          date: "2014-07-28",
          description: expect.stringMatching(/^This is a test of how this all works\. I.ve skipped lines here/),
        },
      });
      expect(htmlBlocks(nativeHtml(r.md)).map((b) => b.text.replace(/\n/g, " "))).toEqual([
        expect.stringMatching(/^This is a test of how this all works\. I.ve skipped lines here, .* make a difference\.$/),
        "And now this is normal text.",
      ]);
      expect(parseMetadata({ text: r.yaml, file: "metadata.yaml" }).diagnostics).toEqual([]);
      expect(r.diagnostics).toEqual([]);
    }
  });

  it("metadata_after_normal.docx: the metadata paragraphs after the text are not repeated in it, but the abstract stays where it is", async () => {
    for (const r of await run(`${FIXTURE}/metadata_after_normal.docx`)) {
      expect(r.meta.title).toBe("This Is the Title");
      expect(r.meta.authors).toEqual(["Mary Ann Evans", "Aurore Dupin"]);
      expect({ backend: r.backend, text: htmlBlocks(nativeHtml(r.md)).map((b) => b.text.replace(/\n/g, " ")) }).toEqual({
        backend: r.backend,
        text: ["And now this is normal text.", expect.stringMatching(/^This is a test of how this all works\..* make a difference\.$/)],
      });
    }
  });

  it.skipIf(!native)("keywords, subject, language and subtitle from the document properties (.docx and .odt)", async () => {
    const dir = temp();
    writeFileSync(join(dir, "m.md"), '---\ntitle: "Café: A Story"\nsubtitle: The Sequel\nauthor: [Ana Pérez, Bo Li]\ndate: 2021-03-04\nabstract: "An abstract here."\nkeywords: [history, Uruguay]\nsubject: Politics\nlang: es-UY\n---\n\nTexto del cuerpo.\n');
    for (const ext of ["docx", "odt"]) {
      execFileSync("pandoc", ["-s", "m.md", "-o", `m.${ext}`], { cwd: dir });
      for (const r of await run(join(dir, `m.${ext}`))) {
        expect({ ext, backend: r.backend, meta: r.meta }).toEqual({
          ext,
          backend: r.backend,
          meta: {
            title: "Café: A Story",
            subtitle: "The Sequel",
            authors: ["Ana Pérez", "Bo Li"],
            date: "2021-03-04",
            language: "es-UY",
            description: "An abstract here.",
            subjects: ["history", "Uruguay", "Politics"],
          },
        });
        expect({ ext, md: r.md }).toEqual({ ext, md: "An abstract here.\n\nTexto del cuerpo.\n" });
        expect(r.yaml).not.toContain("a guess");
      }
    }
  });

  it.skipIf(!native)("an abstract of several paragraphs stays at the start of the text, with its emphasis (.docx and .odt)", async () => {
    const dir = temp();
    writeFileSync(join(dir, "a.md"), "---\ntitle: T\nabstract: |\n  First abstract paragraph with *emphasis*.\n\n  Second abstract paragraph.\n---\n\nThe text.\n");
    for (const ext of ["docx", "odt"]) {
      execFileSync("pandoc", ["-s", "a.md", "-o", `a.${ext}`], { cwd: dir });
      for (const r of await run(join(dir, `a.${ext}`))) {
        expect({ ext, backend: r.backend, md: r.md }).toEqual({ ext, backend: r.backend, md: "First abstract paragraph with *emphasis*.\n\nSecond abstract paragraph.\n\nThe text.\n" });
        expect(r.meta.description).toBe("First abstract paragraph with emphasis. Second abstract paragraph.");
      }
    }
  });

  it("dates: ISO, ISO date-times and spelt-out English dates; ambiguous or impossible ones are left out", () => {
    expect(normaliseDate("July 28, 2014")).toBe("2014-07-28");
    expect(normaliseDate("28 July 2014")).toBe("2014-07-28");
    expect(normaliseDate("Sept. 2020")).toBe("2020-09");
    expect(normaliseDate("2016-05-09T16:13:00Z")).toBe("2016-05-09");
    expect(normaliseDate("1999")).toBe("1999");
    expect(normaliseDate("04/03/2021")).toBeUndefined();
    expect(normaliseDate("February 30, 2021")).toBeUndefined();
    expect(normaliseDate("Spring")).toBeUndefined();
  });

  it.skipIf(!native)("an unreadable date is left out with import/metadata naming the field", async () => {
    const dir = temp();
    writeFileSync(join(dir, "d.md"), "---\ntitle: T\ndate: 04/03/2021\n---\n\nText.\n");
    execFileSync("pandoc", ["-s", "d.md", "-o", "d.docx"], { cwd: dir });
    for (const r of await run(join(dir, "d.docx"))) {
      expect(r.meta.date).toBeUndefined();
      expect(r.diagnostics).toMatchObject([{ code: "import/metadata", field: "date", severity: "warning", file: join(dir, "d.docx") }]);
      expect(r.diagnostics[0]?.message).toContain('"04/03/2021"');
    }
  });
  it("the file's creator (docProps dc:creator) is offered in a comment, never written as the author", async () => {
    for (const r of await run(`${FIXTURE}/track_changes_insertion.docx`)) {
      expect(r.meta.authors).toBeUndefined();
      expect(r.yaml).toContain('# The file\'s properties name "eng-dept" as its creator; if that is the author, add:\n#   authors: ["eng-dept"]');
    }
  });
});

describe(".docx formatting", () => {
  it.skipIf(!native)("an ordinary paragraph that says the same as the title stays, with its emphasis", async () => {
    const dir = temp();
    writeFileSync(join(dir, "t.md"), "---\ntitle: The Title\n---\n\nThe Title\n\nSome *italic* text.\n");
    execFileSync("pandoc", ["-s", "t.md", "-o", "t.docx"], { cwd: dir });
    for (const r of await run(join(dir, "t.docx"))) {
      expect({ backend: r.backend, md: r.md }).toEqual({ backend: r.backend, md: "The Title\n\nSome *italic* text.\n" });
    }
  });


  it("char_styles.docx: italic and bold from character styles (Emphasis, Strong) are kept, with the runs set back to roman", async () => {
    for (const r of await run(`${FIXTURE}/char_styles.docx`)) {
      const html = nativeHtml(r.md);
      expect({ backend: r.backend, html }).toEqual({ backend: r.backend, html: expect.stringContaining("<em>This is an italic</em> style <em>with some</em> words <em>unitalicized.</em>") });
      expect(html).toContain("<strong>This is a strong</strong> style <strong>with some</strong> words <strong>ubolded.</strong>");
      expect(r.diagnostics).toEqual([]);
    }
  });
});

describe(".docx comments and tracked changes", () => {
  it("comments.docx: dropped by default, with one warning giving the count", async () => {
    for (const r of await run(`${FIXTURE}/comments.docx`)) {
      expect(r.diagnostics).toEqual([
        expect.objectContaining({ code: "import/comments", severity: "warning", file: `${FIXTURE}/comments.docx`, message: "5 comments were left out; use --comments notes to keep them as notes" }),
      ]);
      expect(r.md).not.toContain("I left a comment");
      expect(htmlBlocks(nativeHtml(r.md)).map((b) => b.text.replace(/\n/g, " "))).toEqual([
        "I want some text to have a comment on it.",
        "This is a new paragraph.",
        "And so is this.",
        "One more. And this is one with a comment in a comment.",
      ]);
    }
  });

  it("--comments notes keeps each comment, with its author, as a footnote after the commented passage", async () => {
    for (const r of await run(`${FIXTURE}/comments.docx`, { comments: "notes" })) {
      expect(r.diagnostics.map((d) => d.code)).toEqual(["import/comments"]);
      expect(r.diagnostics[0]?.message).toMatch(/^5 comments were kept as footnotes/);
      const notes = r.md.match(/^\[\^\d+\]:.*$/gm) ?? [];
      expect(notes).toHaveLength(5);
      expect(notes[0]).toMatch(/^\[\^1\]: I left a comment\. — Jesse Rosenthal$/);
      // The reference stands where the commented passage ends.
      expect(r.md).toMatch(/to have a comment\[\^1\] on it\./);
    }
  });

  it.each([
    ["track_changes_insertion.docx", "1 tracked change (1 insertion, 0 deletions) was accepted", ["This is a text with two exciting insertions."]],
    ["track_changes_deletion.docx", "1 tracked change (0 insertions, 1 deletion) was accepted", ["This is a text with a deletion."]],
    ["track_changes_move.docx", "2 tracked changes (1 insertion, 1 deletion) were accepted", ["Here is some text.", "Here is the text to be moved.", "Here is some more text."]],
  ])("%s: accepted and reported", async (name, message, paragraphs) => {
    for (const r of await run(`${FIXTURE}/${name}`)) {
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]).toMatchObject({ code: "import/tracked-changes", severity: "warning", file: `${FIXTURE}/${name}` });
      expect(r.diagnostics[0]?.message).toMatch(new RegExp(`^${message.replace(/[()]/g, "\\$&")}`));
      expect({ backend: r.backend, text: htmlBlocks(nativeHtml(r.md)).map((b) => b.text.replace(/\n/g, " ")) }).toEqual({ backend: r.backend, text: paragraphs });
    }
  });
});

describe(".docx images", () => {
  it("pics.docx: an image whose relationship target is absolute (/media/four.png) is copied like the others", async () => {
    for (const pandoc of backends) {
      const out = join(temp(), "ms");
      const result = await importManuscript({ file: `${FIXTURE}/pics.docx`, outDir: out, pandoc });
      const md = readFileSync(join(out, "01-text.md"), "utf8");
      expect({ backend: pandoc.name, images: md.match(/\]\([^)]*\)/g) }).toEqual({ backend: pandoc.name, images: ["](images/my-picture.png)", "](images/photo_-.png)", "](images/four.png)"] });
      expect(readdirSync(join(out, "images")).sort()).toEqual(["four.png", "my-picture.png", "photo_-.png"]);
      expect(result.diagnostics).toEqual([]);
    }
  });

  it.skipIf(!native)("an EMF image is copied, with an import/image warning per image saying to convert it to PNG or SVG", async () => {
    const dir = temp();
    writeFileSync(join(dir, "pic.emf"), Buffer.from([1, 0, 0, 0, 0x6c, 0, 0, 0, 0x20, 0x45, 0x4d, 0x46]));
    writeFileSync(join(dir, "e.md"), "Before.\n\n![A drawing](pic.emf)\n\nAfter.\n");
    execFileSync("pandoc", ["e.md", "-o", "e.docx"], { cwd: dir });
    for (const pandoc of backends) {
      const out = join(dir, `out-${pandoc.name}`);
      const result = await importManuscript({ file: join(dir, "e.docx"), outDir: out, pandoc });
      const md = readFileSync(join(out, "01-text.md"), "utf8");
      const name = readdirSync(join(out, "images"))[0] ?? "";
      expect(name).toMatch(/\.emf$/);
      expect(md).toContain(`](images/${name})`);
      expect(result.diagnostics.filter((d) => d.code !== "convert/pandoc-warning")).toEqual([
        expect.objectContaining({ code: "import/image", severity: "warning", file: join(dir, "e.docx"), field: `word/media/${name}` }),
      ]);
      expect(result.diagnostics.find((d) => d.code === "import/image")?.message).toMatch(new RegExp(`^the image images/${name.replace(/\./g, "\\.")} \\(word/media/${name.replace(/\./g, "\\.")} in the document\\) is EMF, which no edition can show; convert it to PNG or SVG`));
    }
  });
});

describe("a document without text", () => {
  it.skipIf(!native)("a .docx or .odt with no text (a horizontal rule only) is refused with load/no-text, and nothing is written", async () => {
    const dir = temp();
    writeFileSync(join(dir, "e.md"), "---\ntitle: Empty\n---\n\n* * *\n");
    for (const ext of ["docx", "odt"]) {
      execFileSync("pandoc", ["-s", "e.md", "-o", `e.${ext}`], { cwd: dir });
      for (const pandoc of backends) {
        const out = join(dir, `out-${ext}-${pandoc.name}`);
        const result = await importManuscript({ file: join(dir, `e.${ext}`), outDir: out, pandoc });
        expect({ ext, backend: pandoc.name, value: result.value, codes: result.diagnostics.map((d) => `${d.severity} ${d.code}`) }).toEqual({ ext, backend: pandoc.name, value: undefined, codes: ["error load/no-text"] });
        expect(result.diagnostics[0]?.message).toMatch(/no text/);
        expect(existsSync(out)).toBe(false);
      }
    }
  });
});

describe("language of a word-processor document", () => {
  it.skipIf(!native)("without a declared language, the text's script decides; --language overrides", async () => {
    const dir = temp();
    writeFileSync(join(dir, "ar.md"), "# عنوان\n\nهذا نص عربي قصير عن الانتخابات في الأوروغواي وعن الشفافية في العملية الانتخابية.\n");
    execFileSync("pandoc", ["ar.md", "-o", "ar.odt"], { cwd: dir });
    const [r] = await run(join(dir, "ar.odt"));
    expect(r?.meta.language).toBe("ar");
    const [o] = await run(join(dir, "ar.odt"), { language: "ar-UY" });
    expect(o?.meta.language).toBe("ar-UY");
  });

  it.skipIf(!native)("a declared language in another script than the text's letters gives way to the text's, with a warning", async () => {
    const dir = temp();
    // Short lists, as pandoc's lists.docx: too few words for a confident guess, but plainly Latin letters, declared Russian.
    writeFileSync(join(dir, "en.md"), "# Lists\n\n- one item\n- another item\n- a third item here\n");
    execFileSync("pandoc", ["en.md", "-M", "lang=ru-RU", "-o", "en.docx"], { cwd: dir });
    for (const r of await run(join(dir, "en.docx"))) {
      expect(r.meta.language, r.backend).toBe("en");
      expect(r.diagnostics.find((d) => d.code === "import/metadata")?.message, r.backend).toContain('says its language is "ru-RU"');
    }
  });
});

describe(".docx equations", () => {
  it("Word's equations (OMML) become TeX math that a build typesets as MathML", async () => {
    // A document with an equation in the line and a displayed one, written by pandoc's own docx writer (OMML).
    const dir = temp();
    const docx = join(dir, "equations.docx");
    execFileSync("pandoc", ["-f", "markdown", "-t", "docx", "-o", docx], { input: "Roots $x = \\frac{-b}{2a}$ here.\n\n$$\\sum_{i=1}^{n} i^2$$\n" });
    for (const r of await run(docx)) {
      expect(r.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
      expect(r.md).toMatch(/\$x = \\frac\{- b\}\{2a\}\$/);
      expect(r.md).toMatch(/\$\$\\sum_\{i = 1\}\^\{n\}i\^\{2\}\$\$/);
      // The build's own convert stage reads that Markdown's math as MathML.
      const converted = await convertMarkdown({ pandoc: backends[0]!, request: { markdown: r.md, sourceFile: "01-text.md", idPrefix: "s1-", timeoutMs: 30_000 } });
      const html = (converted.fragment?.blocks ?? []).map((b) => b.html).join("\n");
      expect(html).toMatch(/<math display="inline"[^>]*>[\s\S]*<mfrac>/);
      expect(html).toMatch(/<math display="block"[^>]*>[\s\S]*<munderover>/);
    }
  });
});

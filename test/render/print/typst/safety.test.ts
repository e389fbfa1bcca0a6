/**
 * A manuscript never runs typst code or reads files through the typst engine: its text reaches
 * typst as data only. Typst syntax in the text, in code, and in the metadata prints as typed;
 * a manuscript's own template (untrusted typst code) sees only the virtual root, and one that
 * loops forever is stopped at the time limit.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBook } from "../../../../src/load-book.js";
import { renderTypst } from "../../../../src/render/print/typst/index.js";
import { ROOT } from "../../../helpers/books.js";
import { scratch, tool } from "../../pdf/helpers.js";

function manuscript(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "imprint-typst-safety-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function load(dir: string) {
  const loaded = await loadBook({ dir, cwd: ROOT, env: { SOURCE_DATE_EPOCH: "" } as NodeJS.ProcessEnv });
  if (!loaded.value) throw new Error(loaded.diagnostics.map((d) => d.message).join("; "));
  return loaded.value;
}

const HOSTILE_TEXT = [
  'Typst code is text here: #read("/etc/passwd") and #import "/etc/hostname": * and #eval("1+1").',
  "",
  "Also `#read(\"/etc/passwd\")` as code, a label \\<secret\\> and @secret, a comment // not one, #let x = 1, and [#x] too.",
  "",
  "```",
  '#import "@preview/cetz:0.3.0": *',
  "#image(\"/etc/passwd\")",
  "```",
  "",
].join("\n");

describe("the typst engine and hostile manuscripts", () => {
  it("prints typst syntax in the text, code and metadata literally, and reads no file", async () => {
    const dir = manuscript({
      "metadata.yaml": 'title: "#read(\\"/etc/passwd\\") #import"\nauthors: "#sys.inputs"\nlanguage: en\n',
      "01-text.md": HOSTILE_TEXT,
    });
    const { book, templates } = await load(dir);
    const result = await renderTypst({ book, templates });
    expect(result.diagnostics).toEqual([]);
    const text = tool("pdftotext", [scratch("typst-hostile.pdf", result.artifacts[0]!.bytes), "-"]);
    const flat = text.replace(/\u00ad\n/g, "").replace(/\s+/g, " ");
    expect(flat).toContain("#read(“/etc/passwd”)");
    expect(flat).toContain("#import “/etc/hostname”: *");
    expect(flat).toContain('#read("/etc/passwd")');
    expect(flat).toContain('#import "@preview/cetz:0.3.0": *');
    expect(flat).toContain('#image("/etc/passwd")');
    expect(flat).toContain("<secret> and @secret");
    expect(flat).toContain("#let x = 1, and [#x] too.");
    // The metadata title, with its straight quotes made typographic.
    expect(flat).toContain("#read(“/etc/passwd”) #import");
    expect(flat).toContain("#sys.inputs");
    expect(flat).not.toMatch(/root:.*:0:0:/);
  });

  it("lets a manuscript's own print.typ read nothing outside the virtual root", async () => {
    const dir = manuscript({
      "metadata.yaml": "title: Own template\nlanguage: en\n",
      "01-text.md": "Text.\n",
      "templates/print.typ": '#let data = json("/book.json")\n#data.front.title\n#read("/etc/passwd")\n',
    });
    const { book, templates } = await load(dir);
    const result = await renderTypst({ book, templates });
    expect(result.artifacts).toEqual([]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: "render/typst", file: expect.stringMatching(/templates\/print\.typ$/), line: 3 });
    expect(result.diagnostics[0]!.message).toMatch(/not found|does not exist/);
  });

  it("stops a template that never ends, with a diagnostic", async () => {
    const dir = manuscript({
      "metadata.yaml": "title: Loop\nlanguage: en\n",
      "01-text.md": "Text.\n",
      // A finite loop (typst itself stops a `while` that runs too long) far past the limit.
      "templates/typst/notes.typ": "#let endnotes(notes, ctx, title) = { let i = 0; for a in range(100000) { for b in range(100000) { i += 1 } }; [#i] }\n",
    });
    const { book, templates } = await load(dir);
    const result = await renderTypst({ book, templates, timeoutMs: 3000 });
    expect(result.artifacts).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["render/typst-timeout"]);
  }, 30_000);
});

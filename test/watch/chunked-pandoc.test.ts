/**
 * pandoc per paragraph (src/watch/chunked-pandoc.ts) must give exactly what pandoc gives for the
 * whole file: compared through convertMarkdown (the real pandoc) on every Markdown file of the
 * fixtures and the seed, first cold, then after a one-paragraph edit that goes to pandoc alone.
 * Files whose meaning spans paragraphs (notes, reference links, lists, fences, repeated headings)
 * are either cut only where that is safe or converted whole, and come out the same.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { convertMarkdown, createPandoc } from "../../src/convert/index.js";
import type { PandocBackend } from "../../src/convert/types.js";
import { chunkedPandoc, cutPoints, pieces } from "../../src/watch/chunked-pandoc.js";
import { ROOT } from "../helpers/books.js";

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : markdownFiles(path);
    return name.endsWith(".md") && name !== "README.md" ? [path] : [];
  });
}

const FILES = [...markdownFiles(join(ROOT, "test", "fixtures")), ...markdownFiles(join(ROOT, "manuscript"))];

let native: PandocBackend;
beforeAll(async () => {
  const made = await createPandoc({ backend: "native" });
  if (!made.value) throw new Error("no pandoc");
  native = made.value;
});
afterAll(() => native?.close());

const convert = (pandoc: PandocBackend, markdown: string, sourceFile: string) => convertMarkdown({ pandoc, request: { markdown, sourceFile, timeoutMs: 30_000 } });

/** Edits the first paragraph that starts at the margin with a letter, or returns undefined. */
function editOneParagraph(markdown: string): string | undefined {
  const m = /\n\n([A-Z][^\n]{30,})\n/.exec(markdown);
  return m ? markdown.replace(m[0], `\n\n${m[1]} An edit.\n`) : undefined;
}

const TRICKY = `# Notes

A paragraph with a word.

## Notes

Another paragraph.

- a list
- of items

A paragraph after the list.

1. one

2. two (a loose list)

Term

:   its definition

Term two

:   another

::: aside
A paragraph in a div.

Another in the div.
:::

\`\`\`
code

Not a paragraph.
\`\`\`

> a quote

> another quote

Name    Value
-----   -----
a       b

Last paragraph, *emphasised*.
`;

describe("pandoc per paragraph", () => {
  test("is cut only between plain paragraphs and headings at the top level", () => {
    const cuts = cutPoints(TRICKY)!;
    const lines = TRICKY.split("\n");
    const at = cuts.map((c) => lines[c]);
    expect(at).toEqual(["A paragraph with a word.", "## Notes", "Another paragraph."]);
    expect(pieces(TRICKY)!.join("")).toBe(TRICKY);
    // Escaped brackets are text, not links: the file is still cut.
    expect(cutPoints("A \\[b\\] c.\n\nDone.\n")).toEqual([2]);
    // Document-wide state: converted whole.
    for (const text of ["A[^1] b.\n\nC.\n\n[^1]: note\n", "See [x][y].\n\nC.\n\n[y]: http://a\n", "See [Notes].\n\n# Notes\n\nC.\n", "(@) one\n\nText.\n\n(@) two\n", "<div>\n\nA.\n\nB.\n\n</div>\n"]) expect({ text, cuts: cutPoints(text) }).toEqual({ text, cuts: undefined });
  });

  test("gives what pandoc gives for the whole file, on every fixture, cold and after an edit", async () => {
    const chunked = chunkedPandoc({ backend: native });
    let edited = 0;
    for (const file of [...FILES, "tricky.md"]) {
      const markdown = file === "tricky.md" ? TRICKY : readFileSync(file, "utf8");
      const name = file === "tricky.md" ? file : relative(ROOT, file);
      expect({ name, out: await convert(chunked, markdown, name) }).toEqual({ name, out: await convert(native, markdown, name) });
      const changed = editOneParagraph(markdown);
      if (!changed) continue;
      const before = chunked.stats.converted;
      expect({ name, out: await convert(chunked, changed, name) }).toEqual({ name, out: await convert(native, changed, name) });
      if (chunked.stats.converted === before + 1) edited++;
    }
    // Most prose files are cut, and an edit sends one paragraph to pandoc.
    expect(edited).toBeGreaterThan(5);
  }, 180_000);

  test("two headings that would clash are converted whole, and come out as pandoc numbers them", async () => {
    const chunked = chunkedPandoc({ backend: native });
    const text = "# Intro\n\nA paragraph.\n\n# Intro\n\nAnother.\n";
    expect(cutPoints(text)).toBeDefined();
    const out = await convert(chunked, text, "a.md");
    expect(out).toEqual(await convert(native, text, "a.md"));
    expect(chunked.stats.whole).toBe(1);
  });
});

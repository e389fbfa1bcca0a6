import { describe, expect, it } from "vitest";
import { blankYamlBlocks } from "../../src/convert/yaml-blocks.js";

const run = (markdown: string) => blankYamlBlocks({ markdown, sourceFile: "01-text.md" });

describe("blankYamlBlocks", () => {
  it("blanks a front block, keeping line numbers, and names file and line", () => {
    const { markdown, diagnostics } = run("---\ntitle: Not this\n---\n\n# Heading\n");
    expect(markdown).toBe("\n\n\n\n# Heading\n");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "meta/markdown-yaml", severity: "warning", file: "01-text.md", line: 1 });
  });

  it("blanks a pandoc title block with fields continued on indented lines (pandoc's markdown-reader-more.txt)", () => {
    const { markdown, diagnostics } = run("% Title\n  spanning multiple lines\n% Author One\n  Author Two; Author Three;\n  Author Four\n \n# Heading\n\nText.\n");
    expect(markdown.split("\n").slice(0, 5)).toEqual(["", "", "", "", ""]);
    expect(markdown).toContain("# Heading");
    expect(diagnostics[0]?.message).toContain("lines 1–5");
    // An empty title field (`%` alone) opens one too.
    expect(run("%\n% Ann Author\n\nText.\n").markdown.split("\n").slice(0, 2)).toEqual(["", ""]);
  });

  it("finds a later block after a blank line, closed by ...", () => {
    const { markdown, diagnostics } = run("Text.\n\n---\nauthor: Someone\n...\nAfter.\n");
    expect(markdown.split("\n")).toEqual(["Text.", "", "", "", "", "After.", ""]);
    expect(diagnostics[0]?.line).toBe(3);
  });

  it("blanks malformed YAML too (pandoc would stop with an error)", () => {
    const { diagnostics } = run("---\nkey: [unclosed\n---\n");
    expect(diagnostics).toHaveLength(1);
  });

  it("leaves horizontal rules, setext headings, text blocks and code alone", () => {
    const cases = [
      "Para\n\n---\n\nMore\n", // hr: followed by a blank line
      "Heading\n---\ntitle: x\n---\n", // setext underline: no blank line before
      "Para\n\n---\njust words\n---\n", // not a mapping: pandoc reads it as text
      "```\n---\ntitle: x\n---\n```\n", // inside a fence
      "Para\n\n---\nno end\n", // never closed
    ];
    for (const input of cases) {
      const { markdown, diagnostics } = run(input);
      expect(markdown, input).toBe(input);
      expect(diagnostics, input).toEqual([]);
    }
  });

  it("keeps CRLF line ends", () => {
    expect(run("---\r\na: 1\r\n---\r\nText\r\n").markdown).toBe("\r\n\r\n\r\nText\r\n");
  });
});

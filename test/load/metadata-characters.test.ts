import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/diagnostics.js";
import { parseMetadata } from "../../src/load/metadata.js";

const FILE = "manuscript/metadata.yaml";
const parse = (text: string) => parseMetadata({ text, file: FILE });
const lines = (text: string) => parse(text).diagnostics.map(formatDiagnostic);

describe("metadata characters no edition can carry", () => {
  it.each([
    ["U+0000 written as an escape", 'title: "A\\u0000B"\nlanguage: en\n', "U+0000", 10],
    ["U+0008 written as itself", 'title: "A\u0008B"\nlanguage: en\n', "U+0008", 10],
    ["a C1 control (NEL)", 'title: "A\\x85B"\nlanguage: en\n', "U+0085", 10],
    ["DEL", "title: A\u007FB\nlanguage: en\n", "U+007F", 9],
  ])("refuses %s in the title, with line, column and field", (_what, text, label, column) => {
    const r = parse(text);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "meta/characters", severity: "error", file: FILE, line: 1, column, field: "title" });
    expect(r.diagnostics[0]!.message).toContain(label);
    expect(r.diagnostics[0]!.message).toContain("control character");
  });

  it("refuses bidi overrides, embeddings and isolates in any field", () => {
    for (const ch of ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"]) {
      const r = parse(`title: Fine\nlanguage: en\npublisher: "Evil ${ch}gnp.exe"\n`);
      expect(r.value, ch).toBeUndefined();
      expect(r.diagnostics[0]).toMatchObject({ code: "meta/characters", line: 3, column: 18, field: "publisher" });
      expect(r.diagnostics[0]!.message).toMatch(/bidirectional/);
    }
  });

  it("refuses an escaped lone surrogate instead of turning it into U+FFFD", () => {
    expect(lines('title: A\nlanguage: en\nauthors:\n  - name: "X\\uD800"\n')).toEqual([
      "manuscript/metadata.yaml:4:13: error: authors.0.name: contains U+D800 (a lone surrogate, half of a character pair), which no edition can carry; this field is one line of printable characters (line breaks only in description, rights and source) [meta/characters]",
    ]);
    // A proper pair written as two escapes is one character, and fine.
    const ok = parse('title: "Smile \\uD83D\\uDE00"\nlanguage: en\n');
    expect(ok.diagnostics).toEqual([]);
    expect(ok.value!.metadata.title).toBe("Smile \u{1F600}");
  });

  it("allows line breaks and tabs only in the multi-line fields", () => {
    const ok = parse('title: A\nlanguage: en\ndescription: |\n  One line.\n  Another\tline.\nrights: "a\\nb"\nvolume: "x\\ny"\n');
    expect(ok.diagnostics).toEqual([]);
    const bad = parse('title: "A\\nB"\nlanguage: en\n');
    expect(bad.diagnostics[0]).toMatchObject({ code: "meta/characters", field: "title" });
    expect(bad.diagnostics[0]!.message).toContain("a line break");
  });

  it("checks field names and custom fields too", () => {
    expect(parse('title: A\nlanguage: en\n"ser\\u0007ies": x\n').diagnostics[0]).toMatchObject({ code: "meta/characters", line: 3 });
    expect(parse('title: A\nlanguage: en\nvolume: "x\\u202Ey"\n').diagnostics[0]).toMatchObject({ code: "meta/characters", field: "volume" });
  });

  it("keeps ordinary text of every script, including right-to-left marks", () => {
    const r = parse('title: "Война и мир — \u05E9\u05DC\u05D5\u05DD \u200F (2)"\nlanguage: ru\nsubtitle: "\u{1F4DA} 漢字"\n');
    expect(r.diagnostics).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/diagnostics.js";
import { parseMetadata } from "../../src/load/metadata.js";

const FILE = "manuscript/metadata.yaml";
const parse = (text: string) => parseMetadata({ text, file: FILE });

describe("metadata.yaml: tags and reserved keys", () => {
  it("refuses language-specific and custom YAML tags, naming the tag and line", () => {
    const r = parse('title: A\nlanguage: en\nvolume: !!js/function "function () { return 1 }"\nnote: !!python/object:os.system x\nblob: !!binary aGVsbG8=\nodd: !mine 3\n');
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.line, d.field])).toEqual([
      ["meta/yaml-tag", 3, "volume"],
      ["meta/yaml-tag", 4, "note"],
      ["meta/yaml-tag", 5, "blob"],
      ["meta/yaml-tag", 6, "odd"],
    ]);
    const text = r.diagnostics.map(formatDiagnostic).join("\n");
    for (const tag of ['"!!js/function"', '"!!python/object:os.system"', '"!!binary"', '"!mine"']) expect(text).toContain(tag);
  });

  it("stops an alias bomb (aliases of aliases) with an error at the first alias, never an internal error", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]", ..."bcdefghi".split("").map((l, i) => `${l}: &${l} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(", ")}]`)];
    const r = parse(`title: A\nlanguage: en\n${levels.join("\n")}\n`);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "meta/yaml", severity: "error", file: FILE, line: 4, column: 8 });
    expect(r.diagnostics[0]?.message).toMatch(/too many repeats through YAML aliases/);
  });

  it("refuses a tag on a block or a list too", () => {
    const r = parse("title: A\nlanguage: en\nprint: !!python/object\n  trim: a5\n");
    expect(r.diagnostics[0]).toMatchObject({ code: "meta/yaml-tag", line: 4 });
  });

  it("accepts the core schema's own tags", () => {
    const r = parse('title: !!str 1984\nlanguage: en\nvolume: !!int "3"\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.metadata.title).toBe("1984");
  });

  it.each(["__proto__", "constructor", "prototype"])("refuses a %s key with a clear error, never a broken hint", (key) => {
    const r = parse(`title: A\nlanguage: en\n${key}: x\n`);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "meta/reserved-key", line: 3, column: 1, field: key });
    expect(formatDiagnostic(r.diagnostics[0]!)).not.toContain("[object");
  });

  it("refuses a reserved key inside a block as well", () => {
    const r = parse("title: A\nlanguage: en\nauthors:\n  - name: X\n    __proto__: {polluted: true}\n");
    expect(r.diagnostics[0]).toMatchObject({ code: "meta/reserved-key", line: 5, field: "authors.0.__proto__" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("still suggests real fields for typos", () => {
    const r = parse("title: A\nlanguage: en\ntitel: B\n");
    expect(r.diagnostics[0]).toMatchObject({ code: "meta/typo" });
    expect(r.diagnostics[0]!.message).toContain('did you mean "title"');
  });
});

describe("YAML that does not parse", () => {
  it("names the file it is in and, for an unclosed quote, the line that opens it (not the end of the file)", async () => {
    const { parseYaml } = await import("../../src/load/yaml-source.js");
    const text = 'title: "Readings on Power and the People\nlanguage: en\nitems:\n  - ../one\n  - ../two\n';
    const { value, diagnostics } = parseYaml({ text, file: "packet/packet.yaml" });
    expect(value).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ code: "meta/yaml", file: "packet/packet.yaml", line: 1, column: 8 });
    expect(diagnostics[0]?.message).toContain("packet.yaml must be YAML");
    expect(diagnostics[0]?.message).not.toContain("metadata.yaml");
  });
});

import { describe, expect, it } from "vitest";
import { parseMetadata } from "../../src/load/metadata.js";

const FILE = "manuscript/metadata.yaml";
const parse = (text: string) => parseMetadata({ text, file: FILE });

describe("metadata language: a registered BCP 47 tag", () => {
  it.each(["english", "zz", "en-ZZZ", "xx-GB", "en-GB-GB"])("refuses %s, naming line, column and field", (tag) => {
    const r = parse(`title: A\nlanguage: ${tag}\n`);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: "meta/language", severity: "error", file: FILE, line: 2, column: 11, field: "language" });
    expect(r.diagnostics[0]!.message).toContain(`"${tag}" is not a registered BCP 47 language tag`);
  });

  it("suggests the current tag for a deprecated one", () => {
    const r = parse("title: A\nlanguage: iw\n");
    expect(r.diagnostics[0]!.message).toMatch(/deprecated.*use "he"/);
  });

  it.each([
    ["en", "en"], ["en-GB", "en-GB"], ["EN-gb", "en-GB"], ["es-419", "es-419"], ["zh-Hant", "zh-Hant"], ["sr-Latn-RS", "sr-Latn-RS"], ["ar", "ar"], ["de-DE-1996", "de-DE-1996"],
  ])("accepts %s (as %s)", (tag, canonical) => {
    const r = parse(`title: A\nlanguage: ${tag}\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.metadata.language).toBe(canonical);
  });
});

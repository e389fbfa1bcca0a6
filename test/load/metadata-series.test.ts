/** The `series:` field: a name, or `{name, position}`; anything else is an error naming the field. */
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/diagnostics.js";
import { parseMetadata } from "../../src/load/metadata.js";

const parse = (text: string) => parseMetadata({ text, file: "manuscript/metadata.yaml" });
const base = "title: T\nlanguage: en\n";

describe("series", () => {
  it("is a name, or a name with a position", () => {
    expect(parse(`${base}series: Pamphlets\n`).value!.metadata.series).toEqual({ name: "Pamphlets" });
    expect(parse(`${base}series:\n  name: Pamphlets\n  position: 2\n`).value!.metadata.series).toEqual({ name: "Pamphlets", position: 2 });
    expect(parse(`${base}series: {name: "Pamphlets", position: 2.5}\n`).value!.metadata.series).toEqual({ name: "Pamphlets", position: 2.5 });
    expect(parse(base).value!.metadata.series).toBeUndefined();
    expect(parse(`${base}series: Pamphlets\n`).value!.metadata.extra).toEqual({});
  });

  it("refuses a position that is not a positive number, an empty name and unknown keys, naming line and field", () => {
    const lines = (text: string) => parse(text).diagnostics.map(formatDiagnostic);
    expect(lines(`${base}series:\n  name: P\n  position: two\n`)).toEqual([expect.stringMatching(/^manuscript\/metadata\.yaml:5:13: error: series\.position: series position must be a number such as 2 or 2\.5 .*\[meta\/field\]$/)]);
    expect(lines(`${base}series:\n  name: P\n  position: 0\n`)).toEqual([expect.stringMatching(/:5:13: error: series\.position: series position must be greater than 0.*\[meta\/field\]$/)]);
    expect(lines(`${base}series:\n  name: P\n  number: 2\n`)).toEqual([expect.stringMatching(/error: series: unknown field "number" \(allowed: name, position\).*\[meta\/field\]$/)]);
    expect(lines(`${base}series: ""\n`)[0]).toMatch(/series/);
  });
});

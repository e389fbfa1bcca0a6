import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/diagnostics.js";
import { parseMetadata } from "../../src/load/metadata.js";
import { CORPUS } from "../fixtures/paths.js";

const FILE = "manuscript/metadata.yaml";
const parse = (text: string) => parseMetadata({ text, file: FILE });
const lines = (text: string) => parse(text).diagnostics.map(formatDiagnostic);

describe("parseMetadata", () => {
  it("reads every field of a real corpus manuscript", () => {
    const text = readFileSync(`${CORPUS}/communist-manifesto/metadata.yaml`, "utf8");
    const { value, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    const m = value!.metadata;
    expect(m.title).toBe("The Communist Manifesto");
    expect(m.authors).toEqual([
      { name: "Karl Marx", fileAs: "Marx, Karl" },
      { name: "Friedrich Engels", fileAs: "Engels, Friedrich" },
    ]);
    expect(m.contributors.map((c) => `${c.name}/${c.role}`)).toEqual(["Samuel Moore/translator", "Friedrich Engels/annotator"]);
    expect(m.language).toBe("en-GB");
    expect(m.date).toBe("1848");
    expect(m.slug).toBe("the-communist-manifesto");
    expect(m.extra).toEqual({ transcription: "Standard Ebooks (CC0)" });
    expect(m.identifier.scheme).toBe("uuid");
    expect(m.identifier.derived).toBe(true);
  });

  it("derives the same UUID for the same title and authors, a different one otherwise", () => {
    const a = parse('title: "A"\nlanguage: en\nauthors: [X]\n').value!.metadata.identifier.value;
    const b = parse('title: "A"\nlanguage: en\nauthors: [X]\ndate: "2020"\n').value!.metadata.identifier.value;
    const c = parse('title: "B"\nlanguage: en\nauthors: [X]\n').value!.metadata.identifier.value;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("rejects a date that is not on the calendar, naming line, column and field", () => {
    expect(lines("title: T\nlanguage: en\ndate: 2024-02-30\n")).toEqual([
      'manuscript/metadata.yaml:3:7: error: date: date is not an ISO 8601 calendar date (use YYYY-MM-DD, YYYY-MM or YYYY) (found "2024-02-30") [meta/date]',
    ]);
  });

  it("takes a bare year (`date: 2024`, a YAML number) as the year, and refuses other numbers", () => {
    expect(parse("title: T\nlanguage: en\ndate: 2024\n").value?.metadata.date).toBe("2024");
    expect(lines("title: T\nlanguage: en\ndate: 20240\n")).toEqual([
      "manuscript/metadata.yaml:3:7: error: date: date must be an ISO 8601 date in quotes or plain: YYYY, YYYY-MM or YYYY-MM-DD (found 20240) [meta/date]",
    ]);
  });

  it("refuses a contents entry listed twice, at its line and column", () => {
    expect(lines("title: T\nlanguage: en\ncontents:\n  - 01.md\n  - 02.md\n  - 01.md\n")).toEqual([
      'manuscript/metadata.yaml:6:5: error: contents[2]: "01.md" is listed twice (first as contents[0]); each file is read once [meta/field]',
    ]);
  });

  it("says what an author list, a title given as a list or a block, and a title with a colon should look like", () => {
    expect(lines("title: T\nlanguage: en\nauthors: 42\n")).toEqual([
      "manuscript/metadata.yaml:3:10: error: authors: authors must be a name, or a list of them (each a name, or `name:` with an optional `file-as:`) (found 42) [meta/field]",
    ]);
    expect(lines("title: [a, b]\nlanguage: en\n")).toEqual(["manuscript/metadata.yaml:1:8: error: title: title must be one line of text, not a list [meta/field]"]);
    expect(lines("title: Part: Two\nlanguage: en\n")[0]).toMatch(/a value holding ": " goes in quotes: title: "Part: Two"\) \[meta\/yaml\]$/);
  });

  it("keeps YAML 1.2 core semantics: `no` is text, not false", () => {
    const { value } = parse("title: no\nlanguage: en\n");
    expect(value!.metadata.title).toBe("no");
  });

  it("names the missing title", () => {
    expect(lines("language: en\n")).toEqual(["manuscript/metadata.yaml:1:1: error: title: title is required [meta/required]"]);
  });

  it("rejects an unknown role and lists the allowed ones", () => {
    const out = lines("title: T\nlanguage: en\ncontributors:\n  - name: A\n    role: transaltor\n");
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^manuscript\/metadata\.yaml:5:11: error: contributors\.0\.role: role must be one of: author, translator,.* \[meta\/role\]$/);
  });

  it("reports a broken YAML line with its position", () => {
    const out = lines('title: "T\nlanguage: en\n');
    expect(out.length).toBeGreaterThan(0);
    expect(out[0]).toMatch(/^manuscript\/metadata\.yaml:\d+:\d+: error: .* \[meta\/yaml\]$/);
  });

  it("checks ISBN check digits and normalises ISBN-10 to ISBN-13", () => {
    expect(parse("title: T\nlanguage: en\nidentifier: 978-0-306-40615-7\n").value!.metadata.identifier.urn).toBe("urn:isbn:9780306406157");
    expect(parse("title: T\nlanguage: en\nidentifier: 0-306-40615-2\n").value!.metadata.identifier.urn).toBe("urn:isbn:9780306406157");
    expect(lines("title: T\nlanguage: en\nidentifier: 978-0-306-40615-8\n")[0]).toMatch(/:3:13: error: identifier: ISBN .* check digit 8, but its digits give 7.* \[meta\/identifier\]/);
  });

  it("rejects a language that is not BCP 47", () => {
    expect(lines("title: T\nlanguage: english language\n")[0]).toMatch(/:2:11: error: language: "english language" is not a registered BCP 47 language tag/);
  });

  it("warns about a likely typo and keeps unknown fields as custom ones", () => {
    const { value, diagnostics } = parse("titel: X\ntitle: T\nlanguage: en\nauthor: Someone\nimprint-line: Pamphlets\n");
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      'manuscript/metadata.yaml:1:1: warning: unknown field "titel"; did you mean "title"? (kept as a custom field for templates) [meta/typo]',
      'manuscript/metadata.yaml:4:1: warning: unknown field "author"; did you mean "authors"? (kept as a custom field for templates) [meta/typo]',
    ]);
    expect(value!.metadata.extra).toEqual({ titel: "X", author: "Someone", "imprint-line": "Pamphlets" });
  });

  it("reads print options and rejects unknown trim names", () => {
    const m = parse("title: T\nlanguage: en\nprint:\n  trim: a5\n  bleed: true\n  paper: cream\n").value!.metadata;
    expect(m.print).toMatchObject({ trim: { name: "a5", widthMm: 148, heightMm: 210 }, bleed: true, paper: "cream" });
    expect(lines("title: T\nlanguage: en\nprint:\n  trim: 7x10\n")[0]).toMatch(/:4:9: error: print\.trim: trim must be one of 6x9, 5x8/);
  });

  it("gives a title without Latin letters a stable slug of its own", () => {
    const a = parse('title: "Война и мир"\nlanguage: ru\n').value!.metadata;
    const b = parse('title: "Анна Каренина"\nlanguage: ru\n').value!.metadata;
    expect(a.slug).toMatch(/^book-[0-9a-f]{8}$/);
    expect(a.slug).not.toBe(b.slug);
    expect(parse('title: "Война и мир"\nlanguage: ru\n').value!.metadata.slug).toBe(a.slug);
  });

  it("marks right-to-left languages", () => {
    expect(parse("title: T\nlanguage: ar\n").value!.metadata.direction).toBe("rtl");
    expect(parse("title: T\nlanguage: he-IL\n").value!.metadata.direction).toBe("rtl");
    expect(parse("title: T\nlanguage: en\n").value!.metadata.direction).toBe("ltr");
  });
});

/**
 * packet.yaml: the reader fixture loads with its parts, introduction and url; every mistake is an
 * error naming packet.yaml, the line and column of the field or item entry, and the field.
 */
import { cp, mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPacket } from "../../src/load/packet.js";
import { formatDiagnostic, sortDiagnostics } from "../../src/diagnostics.js";
import { FIXTURES, SEED_DIR, TOLSTOY_DIR } from "../helpers/books.js";

const READER = join(FIXTURES, "packets", "reader");
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "imprint-packet-load-"));
  await cp(SEED_DIR, join(work, "seed"), { recursive: true });
  await cp(TOLSTOY_DIR, join(work, "tolstoy"), { recursive: true });
  await mkdir(join(work, "not-a-manuscript"));
  await writeFile(join(work, "a-file.md"), "# A file\n");
  await symlink(join(work, "seed"), join(work, "linked"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function problems(yaml: string): Promise<string[]> {
  const dir = await mkdtemp(join(work, "p-"));
  await writeFile(join(dir, "packet.yaml"), yaml);
  const result = await loadPacket({ path: dir, cwd: work });
  expect(result.value).toBeUndefined();
  return sortDiagnostics(result.diagnostics).map((d) => formatDiagnostic(d).split("\n")[0] ?? "");
}

describe("loadPacket", () => {
  it("loads the reader fixture: metadata, editors as editors, parts, the introduction, the url", async () => {
    const { value, diagnostics } = await loadPacket({ path: READER, cwd: FIXTURES });
    expect(diagnostics).toEqual([]);
    expect(value?.metadata.title).toBe("Readings on Power and the People");
    expect(value?.metadata.contributors).toEqual([{ name: "Ada Editor", fileAs: "Editor, Ada", role: "editor" }]);
    expect(value?.metadata.slug).toBe("readings-on-power-and-the-people");
    expect(value?.url).toBe("https://example.org/packets/readings/");
    expect(value?.introduction?.path).toBe("introduction.md");
    expect(value?.items.map((i) => [i.entry, i.part, i.line, i.field])).toEqual([
      ["venezuela-logbook", "Essays and reports", 17, "items.0.items.0"],
      ["civil-disobedience", "Essays and reports", 18, "items.0.items.1"],
      ["how-much-land-does-a-man-need", "Fiction", 21, "items.1.items.0"],
    ]);
  });

  it("takes the packet file itself, and items next to the packet's folder (../)", async () => {
    const dir = await mkdtemp(join(work, "p-"));
    await writeFile(join(dir, "reader.yaml"), 'title: "T"\nlanguage: en\nitems:\n  - ../seed\n  - ../tolstoy\n');
    const { value, diagnostics } = await loadPacket({ path: join(dir, "reader.yaml"), cwd: work });
    expect(diagnostics).toEqual([]);
    expect(value?.items.map((i) => i.displayDir)).toEqual(["seed", "tolstoy"]);
  });

  it("requires title, language and items, at line 1", async () => {
    expect(await problems("subtitle: x\n")).toEqual([
      expect.stringMatching(/^p-\w+\/packet\.yaml:1:1: error: title: title is required \[meta\/required\]$/),
      expect.stringMatching(/packet\.yaml:1:1: error: language: language is required.*\[meta\/required\]$/),
      expect.stringMatching(/packet\.yaml:1:1: error: items: .*\[meta\/required\]$/),
    ]);
  });

  it("names the line, column and field of a bad value", async () => {
    const out = await problems('title: "T"\nlanguage: english\ndate: 2024-02-30\nitems: [../seed]\nprint:\n  trim: huge\n');
    expect(out).toEqual([
      expect.stringMatching(/packet\.yaml:2:11: error: language: "english" is not a registered BCP 47 language tag.*\[meta\/language\]$/),
      expect.stringMatching(/packet\.yaml:3:7: error: date: date is not an ISO 8601 calendar date.*\[meta\/date\]$/),
      expect.stringMatching(/packet\.yaml:6:9: error: print\.trim: trim must be one of .*\[meta\/field\]$/),
    ]);
  });

  it("refuses an unknown field, naming the ones allowed", async () => {
    const out = await problems('title: "T"\nlanguage: en\nauthors: [Someone]\nitems: [../seed]\n');
    expect(out).toEqual([expect.stringMatching(/packet\.yaml:3:1: error: unknown field "authors" in packet\.yaml \(allowed: title, subtitle, editors, .*\[meta\/field\]$/)]);
  });

  it("a missing item, a file, a folder without metadata.yaml: the entry's line", async () => {
    const out = await problems('title: "T"\nlanguage: en\nitems:\n  - ../seed\n  - ../nowhere\n  - ../a-file.md\n  - ../not-a-manuscript\n');
    expect(out).toEqual([
      expect.stringMatching(/packet\.yaml:5:5: error: items\.1: the item "\.\.\/nowhere" does not exist \(looked for the folder nowhere\) \[load\/packet-item\]$/),
      expect.stringMatching(/packet\.yaml:6:5: error: items\.2: the item "\.\.\/a-file\.md" is a file, not a manuscript folder.*\[load\/packet-item\]$/),
      expect.stringMatching(/packet\.yaml:7:5: error: items\.3: the item "\.\.\/not-a-manuscript" has no metadata\.yaml.*\[load\/packet-item\]$/),
    ]);
  });

  it("two entries for one folder: the second names the first", async () => {
    const out = await problems('title: "T"\nlanguage: en\nitems:\n  - ../seed\n  - part: "Again"\n    items: [../tolstoy/../seed]\n');
    expect(out).toEqual([expect.stringMatching(/packet\.yaml:6:13: error: items\.1\.items\.0: the item "\.\.\/tolstoy\/\.\.\/seed" is the same folder as items\.0 \("\.\.\/seed", line 4\).*\[load\/packet-duplicate\]$/)]);
  });

  it("refuses an item reached through a symbolic link, an absolute path and a URL", async () => {
    const out = await problems(`title: "T"\nlanguage: en\nitems:\n  - ../linked\n  - ${join(work, "seed")}\n  - https://example.org/book\n`);
    expect(out).toEqual([
      expect.stringMatching(/packet\.yaml:4:5: error: items\.0: the item "\.\.\/linked" goes through a symbolic link.*\[load\/packet-symlink\]$/),
      expect.stringMatching(/packet\.yaml:5:5: error: items\.1: .* must be a path relative to packet\.yaml.*\[load\/packet-item\]$/),
      expect.stringMatching(/packet\.yaml:6:5: error: items\.2: .* must be a path relative to packet\.yaml.*\[load\/packet-item\]$/),
    ]);
  });

  it("the introduction must be a Markdown file inside the packet's folder", async () => {
    expect(await problems('title: "T"\nlanguage: en\nintroduction: ../a-file.md\nitems: [../seed]\n')).toEqual([
      expect.stringMatching(/packet\.yaml:3:15: error: introduction: "\.\.\/a-file\.md" is not a file inside the packet's folder.*\[load\/outside-folder\]$/),
    ]);
    expect(await problems('title: "T"\nlanguage: en\nintroduction: intro.md\nitems: [../seed]\n')).toEqual([
      expect.stringMatching(/packet\.yaml:3:15: error: introduction: "intro\.md" does not exist in the packet's folder \[load\/missing-file\]$/),
    ]);
  });

  it("no packet.yaml", async () => {
    const result = await loadPacket({ path: join(work, "not-a-manuscript"), cwd: work });
    expect(result.diagnostics.map((d) => formatDiagnostic(d).split("\n")[0])).toEqual([expect.stringMatching(/^not-a-manuscript\/packet\.yaml: error: no packet\.yaml at .*\[load\/no-packet\]$/)]);
  });
});

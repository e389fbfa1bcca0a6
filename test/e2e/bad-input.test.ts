// A manuscript with a wrong date, an unknown role, a missing title or a broken YAML line fails with
// exit 1 and a message naming file, line and field; the output folder is left untouched.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = resolve("bin/imprint.js");
const SEED_MANUSCRIPT = resolve("manuscript");

function workspace(metadata: string): string {
  const root = mkdtempSync(join(tmpdir(), "imprint-bad-"));
  cpSync(SEED_MANUSCRIPT, join(root, "book"), { recursive: true });
  writeFileSync(join(root, "book", "metadata.yaml"), metadata);
  // The last good edition, which a failed build must not touch.
  execFileSync("mkdir", ["-p", join(root, "out")]);
  writeFileSync(join(root, "out", "book.epub"), "last good edition");
  return root;
}

function snapshot(dir: string): string {
  return readdirSync(dir).sort().map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}:${readFileSync(join(dir, f), "utf8")}`).join("\n");
}

const GOOD = 'title: "A book"\nlanguage: en\nauthors:\n  - name: "A. Author"\n';
const CASES: Array<[string, string, RegExp]> = [
  ["a wrong date", GOOD + "date: 2024-02-30\n", /^book\/metadata\.yaml:5:7: error: date: date is not an ISO 8601 calendar date .*\[meta\/date\]$/m],
  ["an unknown role", GOOD + "contributors:\n  - name: B\n    role: ghostwriter\n", /^book\/metadata\.yaml:7:11: error: contributors\.0\.role: role must be one of: .*\[meta\/role\]$/m],
  ["a missing title", "language: en\n", /^book\/metadata\.yaml:1:1: error: title: title is required \[meta\/required\]$/m],
  ["a broken YAML line", GOOD + 'description: "unclosed\nsubjects: [a\n', /^book\/metadata\.yaml:\d+:\d+: error: .*\[meta\/yaml\]$/m],
];

describe("bad input", () => {
  for (const [what, metadata, expected] of CASES) {
    it(`fails on ${what} with exit 1, names the place, and leaves the output untouched`, () => {
      const root = workspace(metadata);
      const before = snapshot(join(root, "out"));
      const r = spawnSync(process.execPath, [BIN, "build", "book", "--out", "out"], { cwd: root, encoding: "utf8" });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).toContain("nothing was written to out/");
      expect(snapshot(join(root, "out"))).toBe(before);
    });
  }
});

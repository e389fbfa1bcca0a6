/**
 * The catalogue (src/codes.ts) and the suite agree: every code has its case folder, every folder
 * names a code, and every code is emitted somewhere in src/, so a dead code fails the suite.
 */
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CODES } from "../../src/codes.js";
import { listCases, ROOT } from "./cases.js";

const SRC = join(ROOT, "..", "..", "src");

/**
 * Codes that are emitted, but whose string never appears in src/ next to `diag(` or as a `code`
 * field: none today. An entry needs its reason, and a note to the lead.
 */
const NOT_LITERALLY_EMITTED: Readonly<Record<string, string>> = {};

async function sources(dir: string): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(path)));
    else if (e.name.endsWith(".ts") && path !== join(SRC, "codes.ts")) out.push({ path, text: await readFile(path, "utf8") });
  }
  return out;
}

const codes = Object.keys(CODES).sort();
const cases = await listCases();
const files = await sources(SRC);

/**
 * Where src/ emits a code: `diag("code"`, a `code: "code"` field (svg.ts and assets.ts return the
 * code with the problem), a branch that picks it (`? "code"` / `: "code"`: metadata.ts chooses
 * the code first), or the last argument of a helper that calls diag with it (project.ts's readText).
 * A mention in a comparison, a type or a comment does not count.
 */
function emitters(code: string): string[] {
  const quoted = JSON.stringify(code).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const use = new RegExp(`(diag\\(\\s*${quoted}|code:\\s*${quoted}|[?:]\\s*${quoted}|,\\s*${quoted}\\s*\\))`);
  return files.filter((f) => use.test(f.text)).map((f) => f.path.slice(SRC.length + 1));
}

describe("the catalogue and the case folders", () => {
  test("every code in CODES has a case folder test/diagnostics/<category>/<name>/", () => {
    const folders = new Set(cases.map((c) => c.code));
    expect(codes.filter((code) => !folders.has(code))).toEqual([]);
  });

  test("every case folder names a code in CODES", () => {
    expect(cases.map((c) => c.code).filter((code) => !(code in CODES))).toEqual([]);
  });

  test("every case folder has its expected.txt, or says why it is skipped", async () => {
    const problems: string[] = [];
    for (const c of cases) {
      if (c.spec.run === "skip") {
        if (!c.spec.why || c.spec.why.length < 20) problems.push(`${c.code}: a skipped case needs its reason in case.json "why"`);
        continue;
      }
      const expected = await readFile(join(c.dir, "expected.txt"), "utf8").catch(() => undefined);
      if (expected === undefined) problems.push(`${c.code}: no expected.txt`);
      else if (!expected.includes(`[${c.code}]`)) problems.push(`${c.code}: expected.txt has no diagnostic with [${c.code}]`);
    }
    expect(problems).toEqual([]);
  });

  test("the allow-list of codes not literally emitted names real codes only", () => {
    expect(Object.keys(NOT_LITERALLY_EMITTED).filter((code) => !(code in CODES))).toEqual([]);
  });
});

describe("every code is emitted somewhere in src/", () => {
  for (const code of codes) {
    test(code, () => {
      if (code in NOT_LITERALLY_EMITTED) return;
      expect(emitters(code), `no file in src/ emits "${code}" (diag("${code}", …) or code: "${code}")`).not.toEqual([]);
    });
  }
});

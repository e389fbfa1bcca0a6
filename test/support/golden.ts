/**
 * Golden files: expected output kept in the repository and compared byte for byte. One flag
 * regenerates every one of them: `UPDATE_GOLDEN=1 npx vitest run golden` (golden tests live in
 * files named golden.test.ts), then review the diff before committing it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === "1";

/** `text` must equal the golden file at `path`; with UPDATE_GOLDEN=1 the file is rewritten first. */
export function expectGolden({ path, text }: { path: string; text: string }): void {
  if (UPDATE_GOLDEN) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run golden`).toBe(true);
  expect(text, path).toBe(readFileSync(path, "utf8"));
}

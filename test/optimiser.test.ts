// The one-shot build defers V8's optimiser and loadBook turns it back on for a long text
// (src/optimiser.ts). What it is worth is measured in `npm run bench`, not here.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadBook } from "../src/load-book.js";
import { deferOptimiser, OPTIMISE_ABOVE_CHARS, optimiseForText, optimiserDeferred } from "../src/optimiser.js";
import { CORPUS_DIR, ROOT, SEED_DIR } from "./helpers/books.js";

const work = mkdtempSync(join(tmpdir(), "imprint-optimiser-"));
afterAll(() => {
  // Whatever a test left, the rest of this worker runs with the optimiser on.
  optimiseForText({ chars: Number.MAX_SAFE_INTEGER });
  rmSync(work, { recursive: true, force: true });
});

describe("deferring the optimiser for a one-shot build", () => {
  it("turns it back on only above the threshold, and only when deferred", () => {
    expect(optimiseForText({ chars: OPTIMISE_ABOVE_CHARS * 10 })).toBe(false);
    deferOptimiser();
    expect(optimiserDeferred()).toBe(true);
    expect(optimiseForText({ chars: OPTIMISE_ABOVE_CHARS })).toBe(false);
    expect(optimiserDeferred()).toBe(true);
    expect(optimiseForText({ chars: OPTIMISE_ABOVE_CHARS + 1 })).toBe(true);
    expect(optimiserDeferred()).toBe(false);
  });

  it("stays off for the seed and comes back on when loadBook reads a long text", async () => {
    deferOptimiser();
    const seed = await loadBook({ dir: SEED_DIR, cwd: ROOT });
    expect(seed.value).toBeDefined();
    expect(optimiserDeferred()).toBe(true);

    // A long manuscript: a real essay repeated past the threshold, in one file.
    const dir = join(work, "long");
    cpSync(join(CORPUS_DIR, "civil-disobedience"), dir, { recursive: true });
    const file = join(dir, "01-on-the-duty-of-civil-disobedience.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, Array.from({ length: Math.ceil(OPTIMISE_ABOVE_CHARS / text.length) + 1 }, () => text).join("\n\n"));
    const long = await loadBook({ dir, cwd: ROOT });
    expect(long.value).toBeDefined();
    expect(optimiserDeferred()).toBe(false);
  }, 60_000);
});

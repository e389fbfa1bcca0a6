import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// The longest files start first, so two workers finish together. Vitest does that by itself
// from its cache of durations, but a fresh clone (CI) has none: this is that list, measured.
const SLOW_FIRST = [
  "test/reading/layout.test.ts",
  "test/render/epub/render-epub.test.ts",
  "test/e2e/real-books.test.ts",
  "test/convert/pathological.test.ts",
  "test/reading/calibre.test.ts",
  "test/e2e/concurrency.test.ts",
  "test/render/epub/corpus.test.ts",
  "test/import/escape-markdown.test.ts",
  "test/convert/convert.test.ts",
  "test/diagnostics/diagnostics.test.ts",
  "test/e2e/build.test.ts",
  "test/check/epub-structure.test.ts",
  "test/render/browser.test.ts",
  "test/render/browser-faults.test.ts",
  "test/packet/cache.test.ts",
];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.indexOf(relative(process.cwd(), f.moduleId));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    return base.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

// One flag redraws every picture under docs/images/ (test/README.md): the print tests still read
// their older name for it, UPDATE_IMAGES, so UPDATE_SCREENSHOTS=1 sets that too.
const screenshots = process.env.UPDATE_SCREENSHOTS === "1" ? { UPDATE_IMAGES: "1" } : {};

// Node 20 parses the CA file NODE_EXTRA_CA_CERTS names before it runs any JavaScript (~85 ms of
// every process on a machine that sets it, and the suite starts over a thousand): the tests make
// no TLS connection, so the workers and every CLI they start go without it, as bin/imprint does.
delete process.env.NODE_EXTRA_CA_CERTS;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Chromium, pandoc and EPUBCheck are real processes; two cores do not take more than two files at once.
    maxWorkers: 2,
    env: screenshots,
    sequence: { sequencer: SlowFirst },
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});

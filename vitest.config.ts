import { defineConfig } from "vitest/config";

// One flag redraws every picture under docs/images/ (test/README.md): the print tests still read
// their older name for it, UPDATE_IMAGES, so UPDATE_SCREENSHOTS=1 sets that too.
const screenshots = process.env.UPDATE_SCREENSHOTS === "1" ? { UPDATE_IMAGES: "1" } : {};

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Chromium, pandoc and EPUBCheck are real processes; two cores do not take more than two files at once.
    maxWorkers: 2,
    env: screenshots,
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
});

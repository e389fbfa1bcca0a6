/**
 * End to end: build the repository's real manuscript (no mocks: real pandoc, real Chromium) and
 * check that every heading and paragraph of the seed appears word for word, in order, in the text
 * of each edition, and the editorial note exactly once.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, type BuildReport } from "../../src/build.js";
import { epubEditionText, htmlEditionText, pdfEditionText } from "../../src/check/edition-text.js";
import { checkFidelity, expectedTextFromPlainText, type ExpectedText } from "../../src/check/fidelity.js";
import { formatDiagnostic } from "../../src/diagnostics.js";
import { SEED_TEXT } from "../fixtures/paths.js";

const SEED = SEED_TEXT;
const expected: ExpectedText = {
  ...expectedTextFromPlainText({ text: readFileSync(SEED, "utf8"), editorialNote: "first" }),
  sourceFile: SEED,
};

for (const pandoc of ["native", "wasm"] as const) {
  describe(`fidelity of the real manuscript's three editions (pandoc ${pandoc})`, () => {
    const out = mkdtempSync(join(tmpdir(), `imprint-e2e-fidelity-${pandoc}-`));
    let report: BuildReport;
    beforeAll(async () => {
      report = await build({ dir: "manuscript", out, pandoc, checks: "none", env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" } });
    }, 300_000);
    afterAll(() => rmSync(out, { recursive: true, force: true }));
    const file = (ext: string): Uint8Array => new Uint8Array(readFileSync(join(out, `${report.slug ?? ""}.${ext}`)));

    it("builds", () => {
      expect(report.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
      expect(report.ok).toBe(true);
    });

    it("HTML: every paragraph and heading, in order; the note once", () => {
      const text = htmlEditionText(Buffer.from(file("html")).toString("utf8"));
      expect(checkFidelity({ expected, editionText: text, edition: "html" }).map(formatDiagnostic)).toEqual([]);
    });

    it("EPUB: every paragraph and heading, in spine order; the note once", async () => {
      const text = await epubEditionText(file("epub"));
      expect(checkFidelity({ expected, editionText: text, edition: "epub" }).map(formatDiagnostic)).toEqual([]);
    });

    it("PDF: every paragraph and heading, in order, words rejoined at line ends; the note once", async () => {
      const text = await pdfEditionText(file("pdf"));
      expect(checkFidelity({ expected, editionText: text, edition: "pdf" }).map(formatDiagnostic)).toEqual([]);
    });
  });
}

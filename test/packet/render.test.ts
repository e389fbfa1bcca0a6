/**
 * A set rendered on the packet's main thread hands its EPUB to the fast checker it is given (a
 * thread of its own, the compiled worker) and reports that checker's findings; without one, the
 * check runs in-process with the same findings.
 */
import JSZip from "jszip";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FastChecker } from "../../src/check/fast-check.js";
import { renderFresh } from "../../src/packet/render.js";
import { fixtureBook, ROOT, SEED_DIR } from "../helpers/books.js";

type Start = () => FastChecker;
const startCompiled = async (): Promise<Start> => ((await import(join(ROOT, "lib/check/fast-check.js"))) as { startFastChecker: Start }).startFastChecker;

/** The checker, with the EPUB's stylesheet taken out on the way (so its findings are not empty). */
function spoiling(real: FastChecker, sent: string[]): FastChecker {
  return {
    where: real.where,
    async check({ bytes, fileName }) {
      sent.push(fileName);
      const zip = await JSZip.loadAsync(bytes);
      zip.remove("EPUB/css/book.css");
      return real.check({ bytes: await zip.generateAsync({ type: "uint8array", mimeType: "application/epub+zip" }), fileName });
    },
    close: () => real.close(),
  };
}

describe("a packet set's EPUB check", () => {
  it("goes to the checker it is given, and its findings are the set's", async () => {
    const { book, templates } = await fixtureBook(SEED_DIR);
    const real = (await startCompiled())();
    const sent: string[] = [];
    try {
      expect(real.where).toBe("worker");
      const options = { book, templates, formats: ["html", "epub"] as const, engine: "typst" as const, browser: undefined, checks: "fast" as const, displayDir: "out/items" };
      const spoilt = await renderFresh({ ...options, checker: spoiling(real, sent) });
      expect(sent).toEqual([`out/items/${book.metadata.slug}.epub`]);
      const codes = spoilt.diagnostics.map((d) => d.code);
      expect(codes.length).toBeGreaterThan(0);
      expect(codes).toContain("check/epubcheck-ts");
      expect(spoilt.diagnostics.every((d) => d.code.startsWith("check/epub") && d.message.includes("book.css"))).toBe(true);
      // Without a checker the same EPUB is checked here: clean.
      const here = await renderFresh(options);
      expect(here.diagnostics).toEqual([]);
      expect(here.editions.map((e) => e.artifact.name)).toEqual(spoilt.editions.map((e) => e.artifact.name));
    } finally {
      await real.close();
    }
  }, 120_000);
});

/**
 * The build's fast EPUB check in its worker thread finds exactly what the in-process check finds:
 * nothing on a real EPUB, the same errors at the same places on one with a file taken out. The
 * worker is the compiled one (lib/, as the CLI runs it); from the TypeScript sources the checker
 * says it runs in-process.
 */
import JSZip from "jszip";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkEpub } from "../../src/check/epub.js";
import { startFastChecker as fromSources } from "../../src/check/fast-check.js";
import { renderEpub } from "../../src/render/epub/index.js";
import { fixtureBook, ROOT, SEED_DIR } from "../helpers/books.js";

type Checker = typeof fromSources;
const compiled = async (): Promise<Checker> => ((await import(join(ROOT, "lib/check/fast-check.js"))) as { startFastChecker: Checker }).startFastChecker;

async function seedEpub(): Promise<Uint8Array> {
  const { book, templates } = await fixtureBook(SEED_DIR);
  const r = await renderEpub({ book, templates });
  const bytes = r.artifacts[0]?.bytes;
  if (!bytes) throw new Error("no EPUB");
  return bytes;
}

/** The EPUB with its stylesheet taken out (the manifest and every page still name it). */
async function withoutCss(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  zip.remove("EPUB/css/book.css");
  return zip.generateAsync({ type: "uint8array", mimeType: "application/epub+zip" });
}

const brief = (ds: Array<{ code: string; file?: string; line?: number; message: string }>) => ds.map((d) => `${d.code} ${d.file}:${d.line ?? ""} ${d.message}`);

describe("the fast EPUB check in a worker", () => {
  it("finds what the in-process check finds", async () => {
    const good = await seedEpub();
    const bad = await withoutCss(good);
    const checker = (await compiled())();
    try {
      expect(checker.where).toBe("worker");
      expect(await checker.check({ bytes: good, fileName: "seed.epub" })).toEqual([]);
      const found = await checker.check({ bytes: bad, fileName: "seed.epub" });
      const expected = await checkEpub({ bytes: bad, fileName: "seed.epub", checks: ["epubcheck-ts"] });
      expect(expected.length).toBeGreaterThan(0);
      expect(brief(found)).toEqual(brief(expected));
    } finally {
      await checker.close();
    }
  }, 120_000);

  it("runs in-process where no compiled worker is beside it", async () => {
    const checker = fromSources();
    expect(checker.where).toBe("in-process");
    const bad = await withoutCss(await seedEpub());
    expect((await checker.check({ bytes: bad, fileName: "seed.epub" })).some((d) => d.severity === "error")).toBe(true);
    await checker.close();
  }, 120_000);
});

describe("the check worker's warm-up EPUB", () => {
  it("is valid, so warming up runs the same path a real EPUB does", async () => {
    const { warmUpEpub } = await import("../../src/check/warm-epub.js");
    expect(await checkEpub({ bytes: await warmUpEpub(), fileName: "warm-up.epub", checks: ["epubcheck-ts"] })).toEqual([]);
  }, 60_000);
});

/**
 * Real manuscripts through the real loader (pandoc) into the EPUB, and all three checkers silent:
 * the seed (the repository's manuscript), an essay with an SVG figure, a six-file book with notes.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { loadBook } from "../../../src/load-book.js";
import { renderEpub } from "../../../src/render/epub/index.js";
import { expectAllChecksClean, openEpub } from "./inspect.js";
import { CORPUS } from "../../fixtures/paths.js";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

async function build(dir: string) {
  const loaded = await loadBook({ dir, cwd: repo, pandoc: "native" });
  expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const { book, templates } = loaded.value!;
  const result = await renderEpub({ book, templates });
  expect(result.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  return { book, epub: await openEpub(result), name: result.artifacts[0]!.name };
}

describe("real manuscripts", () => {
  test.skipIf(!existsSync(join(repo, "manuscript", "metadata.yaml")))("the seed: author aut, translator trl, editorial note its own document; clean", async () => {
    const { epub, name } = await build(join(repo, "manuscript"));
    const opf = await epub.text("EPUB/package.opf");
    expect(opf).toMatch(/<dc:creator id="(creator-1)">Sergio Rodríguez Gelfenstein<\/dc:creator>[\s\S]*<meta refines="#\1" property="role" scheme="marc:relators">aut<\/meta>/);
    expect(opf).toMatch(/<dc:contributor id="(contributor-\d)">John Catalinotto<\/dc:contributor>[\s\S]*<meta refines="#\1" property="role" scheme="marc:relators">trl<\/meta>/);
    expect(epub.names).toContain("EPUB/editorial-note.xhtml");
    await expectAllChecksClean(epub.bytes, name);
  });

  test.skipIf(!existsSync(CORPUS))("Of Our Spiritual Strivings (an SVG figure with alt text): clean, alternativeText declared", async () => {
    const { epub, name } = await build(join(CORPUS, "of-our-spiritual-strivings"));
    const opf = await epub.text("EPUB/package.opf");
    expect(opf).toContain('<meta property="schema:accessibilityFeature">alternativeText</meta>');
    expect(opf).toMatch(/media-type="image\/svg\+xml"/);
    await expectAllChecksClean(epub.bytes, name);
  });

  test.skipIf(!existsSync(CORPUS))("The Communist Manifesto (six files, notes, one on a heading): clean, footnotes", async () => {
    const { book, epub, name } = await build(join(CORPUS, "communist-manifesto"));
    let asides = 0;
    for (const section of book.sections) {
      const { sectionHref } = await import("../../../src/render/epub/documents.js");
      asides += ((await epub.text(`EPUB/${sectionHref(section)}`)).match(/epub:type="footnote"/g) ?? []).length;
    }
    expect(asides).toBe(book.sections.reduce((n, s) => n + s.notes.length, 0));
    expect(asides).toBeGreaterThan(0);
    await expectAllChecksClean(epub.bytes, name);
  });
});

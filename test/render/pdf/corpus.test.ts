/**
 * Real manuscripts through the whole front half (loadBook: metadata, pandoc, sanitising, model)
 * into the print edition: the repository's seed and Tolstoy's story from the corpus (notes, nine
 * level-2 headings). Structure checks only; the hand-built books cover the details.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preflightPdf } from "../../../src/check/preflight.js";
import { loadBook } from "../../../src/load-book.js";
import { openBrowser, type BrowserSession } from "../../../src/render/browser.js";
import { renderPdf } from "../../../src/render/pdf/index.js";
import { CHROMIUM, pageText, scratch, tool } from "./helpers.js";
import { linkTargets } from "./pdf-inspect.js";
import { CORPUS } from "../../fixtures/paths.js";

const SEED = join(import.meta.dirname, "..", "..", "..", "manuscript");
const TOLSTOY = `${CORPUS}/how-much-land-does-a-man-need`;
const squash = (s: string): string => s.replace(/[\s\u00ad\u2010-]+/g, "");

// Skipped when the product would find no browser (findBrowser) or the corpus is absent.
describe.skipIf(!CHROMIUM || !existsSync(TOLSTOY))("print edition of real manuscripts", () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = (await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: CHROMIUM } })).value!;
  });
  afterAll(async () => browser?.close());

  for (const dir of [SEED, TOLSTOY]) {
    it(`${dir.split("/").pop()}: contents numbers match, fonts embedded, notes linked, preflight clean`, async () => {
      const loaded = await loadBook({ dir, env: { SOURCE_DATE_EPOCH: "1722384000" } });
      expect(loaded.value, JSON.stringify(loaded.diagnostics)).toBeDefined();
      const { book, templates } = loaded.value!;
      const r = await renderPdf({ book, templates, browser });
      expect(r.diagnostics).toEqual([]);
      const bytes = r.artifacts[0]!.bytes;
      const file = scratch(`corpus-${book.metadata.slug}.pdf`, bytes);
      expect(tool("pdfinfo", [file])).toMatch(/Page size:\s+432 x 648 pts/);
      for (const f of tool("pdffonts", [file]).split("\n").slice(2).filter(Boolean)) expect(f).toMatch(/\syes\s+yes\s+yes\s/);
      const entries = pageText(file, 3).split("\n").map((l) => /^\s*(.*?)\s{2,}(\d+)\s*$/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
      expect(entries.length).toBeGreaterThanOrEqual(4);
      for (const [, title, page] of entries) expect(squash(pageText(file, Number(page))), `${title} on ${page}`).toContain(squash(title!.replace(/…$/, "")));
      const notes = book.sections.flatMap((s) => s.notes);
      const links = await linkTargets(bytes);
      for (const n of notes) {
        expect(links.some((l) => l.dest === n.id)).toBe(true);
        expect(links.some((l) => l.dest === `ref-${n.id}`)).toBe(true);
      }
      expect(r.pageStarts.length).toBeGreaterThan(3);
      // A book not aimed at a service may be short; the rest of the preflight must be clean.
      const issues = await preflightPdf({ bytes, file, profile: "kdp", trim: book.metadata.print.trim });
      expect(issues.filter((d) => !/pages; a paperback needs/.test(d.message))).toEqual([]);
    });
  }
});

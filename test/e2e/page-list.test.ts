// The EPUB's page-list must point at the page numbers the PDF prints: every page-break marker sits
// before a block whose first words the PDF shows on that very page.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { CORPUS } from "../fixtures/paths.js";

// Hyphenation (soft hyphens, line-end hyphens) and line breaks differ between the editions; letters do not.
const squash = (s: string) => s.replace(/<[^>]+>/g, "").replace(/&#?\w+;/g, "").replace(/[\s\u00ad\u2010-]+/g, "");

for (const [name, dir] of [["the seed", "manuscript"], ["a nine-section story with notes", `${CORPUS}/how-much-land-does-a-man-need`]] as const) {
  describe(`page-list of ${name}`, () => {
    it("matches the printed pages", async () => {
      const out = mkdtempSync(join(tmpdir(), "imprint-pagelist-"));
      const report = await build({ dir, out, formats: ["pdf", "epub"], checks: "none", env: { ...process.env, SOURCE_DATE_EPOCH: "1722384000" } });
      expect(report.ok).toBe(true);
      const pdf = join(out, `${report.slug}.pdf`);
      const zip = await JSZip.loadAsync(readFileSync(join(out, `${report.slug}.epub`)));
      const nav = await zip.file("EPUB/nav.xhtml")!.async("string");
      const listed = [...nav.matchAll(/<a href="([^"#]+)#page-(\d+)">(\d+)<\/a>/g)];
      expect(listed.length).toBeGreaterThan(5);
      const pageCount = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))?.[1]);
      for (const [, file, id, label] of listed) {
        expect(id).toBe(label);
        const xhtml = await zip.file(`EPUB/${file}`)!.async("string");
        const at = xhtml.indexOf(`id="page-${id}"`);
        expect(at, `marker page-${id} in ${file}`).toBeGreaterThan(0);
        const following = squash(xhtml.slice(xhtml.indexOf(">", at) + 1, at + 2000)).slice(0, 30);
        const page = Number(label);
        expect(page).toBeLessThanOrEqual(pageCount);
        const printed = squash(execFileSync("pdftotext", ["-f", String(page), "-l", String(page), pdf, "-"], { encoding: "utf8" }));
        expect(printed, `page ${page} should show "${following}"`).toContain(following);
      }
    });
  });
}

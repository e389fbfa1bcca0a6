/**
 * A list the manuscript numbers `a)` or `(1)` keeps that delimiter in every edition (it came out
 * as "a." and "1."): the typst and the Chromium print, read back from the PDF's text layer, and the
 * HTML and EPUB, whose stylesheets give each marked list its counter style.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { openZip } from "../../src/zip-read.js";
import { BOOKS_DIR, ROOT } from "../helpers/books.js";
import { NO_BROWSER } from "./test-browser.js";

const MARKERS = ["a) the first provision;", "b) the second provision.", "(1) one in parentheses;", "(2) two in parentheses.", "i) the first reason;", "ii) the second reason.", "(A) upper case, in parentheses;", "(B) and its second.", "3) a list that starts at three;", "4) and goes on.", "1. one with a full stop;", "2. two with a full stop."];

async function built(engine: "typst" | "chromium", formats: Array<"pdf" | "html" | "epub">) {
  const dir = mkdtempSync(join(tmpdir(), `imprint-lists-${engine}-`));
  cpSync(join(BOOKS_DIR, "list-delimiters"), join(dir, "book"), { recursive: true });
  const out = join(dir, "out");
  const report = await build({ dir: join(dir, "book"), out, cwd: ROOT, formats, checks: "fast", pdfEngine: engine });
  expect(report.diagnostics).toEqual([]);
  return { out, slug: report.slug as string };
}

/** The PDF's lines, spaces squeezed. */
const pdfLines = (file: string): string[] => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).split("\n").map((l) => l.trim().replace(/\s+/g, " "));

describe("a list's delimiter", () => {
  it("reaches the typst print, the HTML and the EPUB", async () => {
    const { out, slug } = await built("typst", ["pdf", "html", "epub"]);
    const lines = pdfLines(join(out, `${slug}.pdf`));
    for (const m of MARKERS) expect(lines, m).toContain(m);
    const html = readFileSync(join(out, `${slug}.html`), "utf8");
    expect(html).toMatch(/<ol type="a" class="list-lower-alpha-paren"/);
    expect(html).toContain('@counter-style imprint-lower-alpha-paren { system: extends lower-alpha; suffix: ") "; }');
    expect(html).toContain("ol.list-decimal-parens { list-style-type: imprint-decimal-parens; }");
    const epub = openZip(new Uint8Array(readFileSync(join(out, `${slug}.epub`))));
    const css = epub.names.filter((n) => n.endsWith(".css")).map((n) => epub.text(n) ?? "").join("\n");
    const xhtml = epub.names.filter((n) => n.endsWith(".xhtml")).map((n) => epub.text(n) ?? "").join("\n");
    expect(css).toContain("ol.list-upper-alpha-parens { list-style-type: imprint-upper-alpha-parens; }");
    expect(xhtml).toMatch(/<ol type="A" class="list-upper-alpha-parens"/);
  }, 120_000);

  it.skipIf(NO_BROWSER)("reaches the Chromium print, through the counter styles (skipped without a browser)", async () => {
    const { out, slug } = await built("chromium", ["pdf"]);
    const lines = pdfLines(join(out, `${slug}.pdf`));
    for (const m of MARKERS) expect(lines, m).toContain(m);
  }, 120_000);
});

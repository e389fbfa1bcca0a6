/**
 * End to end through the real front half (load, pandoc, Book) on a small manuscript that uses
 * every block the templates style: the HTML edition keeps it all, self-contained.
 */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { loadBook } from "../../../src/index.js";
import { renderHtml } from "../../../src/render/html/index.js";
import type { Diagnostic } from "../../../src/diagnostics.js";

// Relative to its folder, as a user types it (and as the diagnostics will show it).
const FIXTURES = fileURLToPath(new URL("../../fixtures", import.meta.url));

describe("HTML edition of test/fixtures/html-features", () => {
  let html = "";
  let diagnostics: Diagnostic[] = [];

  beforeAll(async () => {
    const loaded = await loadBook({ dir: "html-features", cwd: FIXTURES, env: { SOURCE_DATE_EPOCH: "1722384000" } });
    diagnostics = [...loaded.diagnostics];
    if (!loaded.value) throw new Error(`the fixture did not load: ${JSON.stringify(loaded.diagnostics)}`);
    const result = await renderHtml({ book: loaded.value.book, templates: loaded.value.templates });
    diagnostics.push(...result.diagnostics);
    html = new TextDecoder().decode(result.artifacts[0]?.bytes);
  }, 120_000);

  it("builds with no warnings: every character has a font, every image is in the book", () => {
    expect(diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  });

  it("keeps the title page, editorial note, contents, verse, figure, break, quotation and notes", () => {
    expect(html).toContain(`<h1 class="title" id="titlepage-title">Small Things Kept</h1>`);
    expect(html).toContain(`Translated by <span class="contributor">Jo Smith</span>`);
    expect(html).toMatch(/<h2 class="editorial-note-title" id="editorial-note-title">Editorial note<\/h2>\s*<div class="editorial-note-body">\s*<p id="en-b1">This note is the publisher’s/);
    expect(html).toMatch(/The first line of a verse<br \/>\s*\u00a0\u00a0\u00a0an indented second line<br \/>\s*and the third/);
    expect(html).toMatch(/<img [^>]*src="data:image\/svg\+xml;base64,/);
    expect(html).toContain(`alt="A red rectangle on white"`);
    expect(html).toMatch(/<hr id="s1-b\d+" \/>/);
    expect(html).toMatch(/<blockquote id="s2-b\d+">\s*<p>A block quotation/);
    expect(html.match(/role="doc-backlink"/g)).toHaveLength(2);
    expect(html).toContain("Ἄνδρα μοι ἔννεπε");
    expect(html).toContain("😀");
  });

  it("keeps verse as a line block that base.css styles", () => {
    expect(html).toMatch(/<div class="line-block" id="s1-b\d+">The first line of a verse/);
    expect(html).toMatch(/\.line-block \{/);
  });

  it("lists both parts and the subheading in the contents, and every link lands on an id", () => {
    const nav = html.slice(html.indexOf(`<nav class="contents"`), html.indexOf("</nav>"));
    expect(nav.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim()).toBe("Contents Editorial note The First Part The Second Part A Subheading");
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const hrefs = [...html.matchAll(/<a\b[^>]*\shref="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(hrefs.length).toBeGreaterThan(6);
    for (const href of hrefs) expect(ids.has(href.slice(1)), href).toBe(true);
  });

  it("embeds the Greek and Cyrillic subsets of the book typeface the text uses", () => {
    const faces = html.match(/@font-face/g) ?? [];
    expect(faces.length).toBeGreaterThanOrEqual(12);
  });
});

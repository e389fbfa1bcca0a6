/**
 * The Chromium print's typography on a small real manuscript (written here, loaded with the real
 * loader and pandoc): verse set as verse, superior note markers on the line, balanced titles,
 * typographic quotes in metadata strings, and the vertical rhythm that keeps text on the grid.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measurePdfTypography, type PdfTypography } from "../../../src/check/typography/index.js";
import { parseBboxLayout, type Page } from "../../../src/check/typography/layout.js";
import { bodyPages } from "../../../src/check/typography/lines.js";
import { layoutMetrics } from "../../../src/check/typography/metrics.js";
import { loadBook } from "../../../src/load-book.js";
import type { Book } from "../../../src/model/book.js";
import { openBrowser, type BrowserSession } from "../../../src/render/browser.js";
import { renderPdf } from "../../../src/render/pdf/index.js";
import { CHROMIUM, pageText, scratch, tool } from "./helpers.js";

const PROSE = "The river ran past the mill and on through the fields, carrying the season’s leaves towards the town, where the bridges were low and the water slowed before the weir. ";

function manuscript(): string {
  const dir = mkdtempSync(join(tmpdir(), "imprint-typography-"));
  writeFileSync(join(dir, "metadata.yaml"), `title: "The Miller's Daughter and the Long Road to the Sea"\nauthors: "Ann O'Neil"\nlanguage: en\ndate: 2024-01-01\n`);
  const body = [
    "# The river",
    "",
    PROSE.repeat(4),
    "",
    "The first line of a poem set by hand\\",
    "its second line, which is a longer one than the first\\",
    "and the third, short",
    "",
    PROSE.repeat(2) + "It ended there.[^1]",
    "",
    "| A line block's first line",
    "| its second",
    "",
    ...Array.from({ length: 12 }, () => ["", PROSE.repeat(3)]).flat(),
    "",
    "[^1]: A note about the weir.",
  ];
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "01-text.md"), body.join("\n") + "\n");
  return dir;
}

describe.skipIf(!CHROMIUM)("the Chromium print's typography", () => {
  let browser: BrowserSession;
  let file: string;
  let layout: Page[];
  let metrics: PdfTypography;
  let book: Book;
  beforeAll(async () => {
    browser = (await openBrowser({ env: { PUPPETEER_EXECUTABLE_PATH: CHROMIUM } })).value!;
    const dir = manuscript();
    const loaded = await loadBook({ dir, cwd: dir, env: { SOURCE_DATE_EPOCH: "" } as NodeJS.ProcessEnv });
    book = loaded.value!.book;
    const result = await renderPdf({ book, templates: loaded.value!.templates, browser });
    expect(result.diagnostics).toEqual([]);
    file = scratch("typography.pdf", result.artifacts[0]!.bytes);
    layout = parseBboxLayout(tool("pdftotext", ["-bbox-layout", file, "-"]));
    metrics = await measurePdfTypography({ file });
  });
  afterAll(async () => browser?.close());

  const lineStarting = (start: string) => layout.flatMap((p) => p.lines).find((l) => l.words.map((w) => w.text).join(" ").startsWith(start));

  it("sets verse as verse: hard line breaks and line blocks keep their lines, unindented, unhyphenated", () => {
    const lines = ["The first line of a poem set by hand", "its second line, which is a longer one than the first", "and the third, short"].map((s) => lineStarting(s));
    for (const l of lines) expect(l, "each verse line is a line of its own").toBeDefined();
    const text = (l: (typeof lines)[number]) => l!.words.map((w) => w.text).join(" ");
    expect(lines.map(text)).toEqual(["The first line of a poem set by hand", "its second line, which is a longer one than the first", "and the third, short"]);
    // No first-line indent: every line starts at the same x as the paragraph lines' left edge.
    const prose = lineStarting("carrying") ?? lineStarting("the");
    expect(Math.abs(lines[0]!.xMin - lines[2]!.xMin)).toBeLessThan(0.5);
    expect(lines[0]!.xMin).toBeLessThanOrEqual((prose?.xMin ?? lines[0]!.xMin) + 0.5);
    expect(lineStarting("A line block’s first line") ?? lineStarting("A line block's first line")).toBeDefined();
  });

  it("puts the note marker on the line in the font's superior figures, not raised between lines", () => {
    // The marker is part of the word it follows (same box, same line height), so it is set in the
    // text's own size with `sups`, not a smaller raised run.
    const line = lineStarting("It ended there.") ?? layout.flatMap((p) => p.lines).find((l) => l.words.some((w) => w.text.startsWith("there.")));
    const marked = line?.words.find((w) => w.text.startsWith("there."));
    expect(marked?.text).toBe("there.1");
    expect(marked!.yMax - marked!.yMin).toBeCloseTo(line!.yMax - line!.yMin, 1);
  });

  it("balances the title over its lines and sets metadata quotes typographically", () => {
    const page1 = pageText(file, 1).split("\n").map((l) => l.trim()).filter(Boolean);
    const titleLines = page1.slice(0, page1.findIndex((l) => l.includes("O’Neil")));
    expect(titleLines.join(" ")).toBe("The Miller’s Daughter and the Long Road to the Sea");
    expect(titleLines.length).toBe(2);
    const [a, b] = titleLines.map((l) => l.length);
    expect(Math.min(a!, b!) / Math.max(a!, b!)).toBeGreaterThan(0.7);
    expect(page1.join(" ")).toContain("Ann O’Neil");
    expect(tool("pdftotext", [file, "-"])).not.toMatch(/Miller's|O'Neil/);
    // The manuscript's own text is pandoc's, unchanged: its metadata stays as typed in the Book.
    expect(book.metadata.title).toBe("The Miller's Daughter and the Long Road to the Sea");
  });

  it("keeps body text after a heading, verse and a line block on the leading grid (within Chromium's pixel rounding)", () => {
    // Chromium rounds baselines to 0.75 pt steps: on a 15.4 pt grid that is at most 0.375 pt off.
    const grid = layoutMetrics(bodyPages(layout, { fontSizePt: 11, leadingPt: 15.4 }), { leadingPt: 15.4, gridTolerancePt: 0.8 });
    expect(grid.bodyLines).toBeGreaterThan(40);
    expect(grid.offGridPct).toBeLessThan(3);
    expect(metrics.widows + metrics.orphans).toBe(0);
    expect(metrics.shortBreaks).toBe(0);
  });
});

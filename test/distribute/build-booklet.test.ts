/**
 * `imprint build --impose booklet` on a real manuscript (real pandoc and Chromium): the booklet is
 * committed beside the editions, its instructions are in the report and on the terminal, and its
 * sheets carry the book's own pages in saddle-stitch order, read back with pdftotext cropped to
 * each half sheet and compared with the print edition's pages.
 */
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer";
import { afterAll, describe, expect, it } from "vitest";
import type { BuildReport } from "../../src/build.js";
import { findBrowser } from "../../src/render/browser.js";
import { runCli } from "../cli/run.js";
import { CHAPTERS_DIR, TOLSTOY_DIR } from "../helpers/books.js";

const executablePath = findBrowser({ env: process.env }).path;
const hasBrowser = Boolean(executablePath);
const IMAGES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "images");
const update = process.env.UPDATE_SCREENSHOTS === "1";

/** The README's picture of a booklet sheet: poppler's rendering, framed like paper on a table. */
async function savePicture({ pdf, page, file }: { pdf: string; page: number; file: string }): Promise<void> {
  const png = join(work, "sheet");
  execFileSync("pdftoppm", ["-r", "110", "-f", String(page), "-l", String(page), "-png", "-singlefile", pdf, png]);
  const data = readFileSync(`${png}.png`).toString("base64");
  const browser = await puppeteer.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 920, height: 720, deviceScaleFactor: 1 });
    await tab.setContent(`<body style="margin:0;padding:24px;background:#d9d4cc"><img src="data:image/png;base64,${data}" style="display:block;width:872px;box-shadow:0 4px 18px rgb(0 0 0 / .35)"></body>`, { waitUntil: "load" });
    const body = await tab.$("body");
    mkdirSync(IMAGES, { recursive: true });
    writeFileSync(file, (await body?.screenshot({ type: "png" })) ?? new Uint8Array());
  } finally {
    await browser.close();
  }
}
const work = mkdtempSync(join(tmpdir(), "imprint-build-booklet-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const words = (s: string) => s.replace(/\s+/g, " ").trim();

function text({ file, page, crop }: { file: string; page: number; crop?: { x: number; y: number; w: number; h: number } }): string {
  const args = ["-f", String(page), "-l", String(page), ...(crop ? ["-x", String(crop.x), "-y", String(crop.y), "-W", String(crop.w), "-H", String(crop.h)] : []), file, "-"];
  return words(execFileSync("pdftotext", args, { encoding: "utf8" }));
}

describe.skipIf(!hasBrowser)("imprint build --impose booklet (skipped: no Chromium found)", () => {
  it("writes <slug>-booklet.pdf with the book's pages in saddle-stitch order and reports how to print it", async () => {
    const out = join(work, "dist");
    const r = await runCli(["build", CHAPTERS_DIR, "--out", out, "--formats", "pdf", "--check", "none", "--impose", "booklet", "--sheet", "letter"]);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "build-report.json"), "utf8")) as BuildReport;
    const booklet = report.editions.find((e) => e.format === "booklet");
    expect(booklet?.path).toMatch(new RegExp(`${report.slug}-booklet\\.pdf$`));
    const pages = report.pageCount ?? 0;
    expect(report.booklet).toMatchObject({ sheet: "letter", sheets: Math.ceil(pages / 4), signatures: 1, blankPages: Math.ceil(pages / 4) * 4 - pages });
    expect(report.booklet?.instructions).toContain("flip on short edge");
    expect(r.out).toContain(`booklet: ${report.booklet?.instructions}`);

    const book = join(out, `${report.slug}.pdf`);
    const imposed = join(out, `${report.slug}-booklet.pdf`);
    expect(execFileSync("pdfinfo", [imposed], { encoding: "utf8" })).toMatch(/Page size:\s+792 x 612 pts/);
    // Halves of a Letter sheet in pdftotext's pixels at 72 dpi: the instructions sit in the bottom margin, left out.
    const left = { x: 0, y: 0, w: 396, h: 590 };
    const right = { x: 396, y: 0, w: 396, h: 590 };
    const n = Math.ceil(pages / 4) * 4;
    const expectPage = (sheetSide: number, half: typeof left, page: number) => {
      const want = page <= pages ? text({ file: book, page }) : "";
      expect(text({ file: imposed, page: sheetSide, crop: half }), `sheet side ${sheetSide}, page ${page}`).toBe(want);
    };
    expect(text({ file: book, page: 1 })).not.toBe("");
    expectPage(1, right, 1);
    expectPage(1, left, n);
    expectPage(2, left, 2);
    expectPage(2, right, n - 1);
    expectPage(3, right, 3);
    expectPage(3, left, n - 2);
  }, 120_000);

  it.skipIf(!update)("saves the README's picture of a booklet sheet (UPDATE_SCREENSHOTS=1)", async () => {
    const out = join(work, "picture");
    const r = await runCli(["build", TOLSTOY_DIR, "--out", out, "--formats", "pdf", "--check", "none", "--impose", "booklet"]);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "build-report.json"), "utf8")) as BuildReport;
    // The back of the third sheet: two pages of running text (pages 6 and n-5).
    await savePicture({ pdf: join(out, `${report.slug}-booklet.pdf`), page: 6, file: join(IMAGES, "booklet-sheet.png") });
  }, 120_000);

  it("fails with a diagnostic and writes nothing when the PDF edition is not built", async () => {
    const out = join(work, "none");
    const r = await runCli(["build", CHAPTERS_DIR, "--out", out, "--formats", "html", "--impose", "booklet"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("[render/booklet-no-pdf]");
    expect(() => readFileSync(join(out, "build-report.json"))).toThrow();
  });

  it("refuses a bad --signature as a usage error", async () => {
    const r = await runCli(["build", CHAPTERS_DIR, "--out", join(work, "bad"), "--impose", "booklet", "--signature", "two"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--signature "two" is not a whole number of sheets');
    const alone = await runCli(["build", CHAPTERS_DIR, "--out", join(work, "bad"), "--sheet", "a4"]);
    expect(alone.code).toBe(2);
    expect(alone.err).toContain("--sheet only applies to a booklet; add --impose booklet");
  });
});

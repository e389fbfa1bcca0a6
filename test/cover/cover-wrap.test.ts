/**
 * The full-wrap cover on real Chromium: sheet size from trim, bleed and spine (page count × paper
 * thickness), exact TrimBox, spine text only when the spine is wide enough, the barcode box clear.
 * With UPDATE_SCREENSHOTS=1 it also writes docs/images/cover-wrap.png for the README.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Book, PrintOptions } from "../../src/model/book.js";
import { coverGeometry, coverPageCountDiagnostics, coverWrapHtml, renderCoverWrap, SPINE_TEXT_MIN_WIDTH_IN } from "../../src/cover/index.js";
import { openBrowser, type BrowserSession } from "../../src/render/browser.js";
import { createTemplates } from "../../src/render/templates.js";
import { seedBook as seed } from "../helpers/books.js";
import { scratch } from "../render/pdf/helpers.js";
import { browserEnv, NO_BROWSER } from "../render/test-browser.js";

const templates = createTemplates();
/** 6x9 in on cream paper (KDP's thicker stock: 300 pages make a 0.75 in spine), no bleed. */
const DEFAULT_PRINT: PrintOptions = { trim: { name: "6x9", widthMm: 152.4, heightMm: 228.6 }, bleed: false, bleedMm: 3.175, paper: "cream", preflight: "none" };
const seedBook = (): Promise<Book> => seed({ print: { paper: "cream" } });

describe("coverGeometry", () => {
  it("makes the spine page count × KDP's per-page paper thickness", () => {
    expect(coverGeometry({ print: { ...DEFAULT_PRINT, paper: "cream" }, pageCount: 300 }).spineInches).toBeCloseTo(0.75, 6);
    expect(coverGeometry({ print: { ...DEFAULT_PRINT, paper: "white" }, pageCount: 300 }).spineInches).toBeCloseTo(0.6756, 6);
    const g = coverGeometry({ print: DEFAULT_PRINT, pageCount: 300 });
    expect(g.width).toBeCloseTo(9 + 432 + 54 + 432 + 9, 6);
    expect(g.height).toBeCloseTo(666, 6);
    // Spine text needs KDP's 79 pages and room for 6 pt text inside the clearances (0.225 in).
    expect(SPINE_TEXT_MIN_WIDTH_IN).toBeCloseTo(0.225, 6);
    expect(coverGeometry({ print: DEFAULT_PRINT, pageCount: 89 }).spineText).toBe(false);
    expect(coverGeometry({ print: DEFAULT_PRINT, pageCount: 90 }).spineText).toBe(true);
    expect(coverGeometry({ print: { ...DEFAULT_PRINT, paper: "white" }, pageCount: 99 }).spineText).toBe(false);
    expect(coverGeometry({ print: { ...DEFAULT_PRINT, paper: "white" }, pageCount: 100 }).spineText).toBe(true);
    expect(coverGeometry({ print: DEFAULT_PRINT, pageCount: 90 }).spineFontSize).toBeCloseTo(6, 6);
    expect(coverGeometry({ print: DEFAULT_PRINT, pageCount: 89 }).spineFontSize).toBe(0);
    expect(coverGeometry({ print: DEFAULT_PRINT, pageCount: 600 }).spineFontSize).toBe(14);
    const rtl = coverGeometry({ print: DEFAULT_PRINT, pageCount: 300, direction: "rtl" });
    expect(rtl.front.x).toBeLessThan(rtl.back.x);
    expect(rtl.barcode.x).toBeGreaterThan(rtl.back.x);
  });
});

describe("coverPageCountDiagnostics", () => {
  it("warns when the wrap's page count is under the chosen service's minimum, naming it", async () => {
    const kdp = await seed({ print: { preflight: "kdp" } });
    expect(coverPageCountDiagnostics({ book: kdp, pageCount: 24 })).toEqual([]);
    const [d] = coverPageCountDiagnostics({ book: kdp, pageCount: 23 });
    expect(d?.code).toBe("render/cover-page-count");
    expect(d?.message).toContain("for 23 pages, but KDP (print.preflight: kdp) binds at least 24");
    const ingram = await seed({ print: { preflight: "ingram" } });
    expect(coverPageCountDiagnostics({ book: ingram, pageCount: 18 })).toEqual([]);
    expect(coverPageCountDiagnostics({ book: ingram, pageCount: 17 })[0]?.message).toContain("IngramSpark");
    // No service chosen: below every service's minimum (the 16-page wrap) still warns.
    const none = await seed({ print: { preflight: "none" } });
    expect(coverPageCountDiagnostics({ book: none, pageCount: 16 })[0]?.message).toMatch(/16 pages, but no print service binds fewer than 18/);
    expect(coverPageCountDiagnostics({ book: none, pageCount: 20 })).toEqual([]);
  });
});

// Skipped only when the product would find no browser (findBrowser): the wrap is drawn by one.
describe.skipIf(NO_BROWSER)("renderCoverWrap", () => {
  let browser: BrowserSession;
  beforeAll(async () => {
    browser = (await openBrowser({ env: browserEnv() })).value!;
  });
  afterAll(async () => browser?.close());

  it("renders back, spine and front at the exact sheet size with the barcode area clear", async () => {
    const book = await seedBook();
    const r = await renderCoverWrap({ book, templates, browser, pageCount: 300 });
    expect(r.diagnostics).toEqual([]);
    expect(r.artifacts[0]!.name).toBe("venezuela-logbook-of-a-new-victory-cover.pdf");
    const file = scratch("cover.pdf", r.artifacts[0]!.bytes);
    const info = execFileSync("pdfinfo", ["-box", file]).toString();
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+936 x 666 pts/);
    expect(info).toMatch(/TrimBox:\s+9\.00\s+9\.00\s+927\.00\s+657\.00/);
    expect(execFileSync("pdffonts", [file]).toString().split("\n").slice(2).filter(Boolean).every((l) => /\syes\s+yes\s+yes\s/.test(l))).toBe(true);
    const bbox = execFileSync("pdftotext", ["-bbox", file, "-"]).toString();
    const words = [...bbox.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)].map((m) => ({ x0: +m[1]!, y0: +m[2]!, x1: +m[3]!, y1: +m[4]!, word: m[5]! }));
    const g = coverGeometry({ print: book.metadata.print, pageCount: 300 });
    const inBarcode = words.filter((w) => w.x1 > g.barcode.x && w.x0 < g.barcode.x + g.barcode.width && w.y1 > g.barcode.y && w.y0 < g.barcode.y + g.barcode.height);
    expect(inBarcode).toEqual([]);
    const onSpine = words.filter((w) => w.x0 >= g.spine.x && w.x1 <= g.spine.x + g.spine.width);
    expect(onSpine.map((w) => w.word).join(" ")).toContain("Venezuela");
    const onFront = words.filter((w) => w.x0 >= g.front.x).map((w) => w.word).join("");
    expect(onFront).toContain("Logbook");
    expect(onFront).toContain("Gelfenstein");
  });

  it("leaves a thin spine without text", async () => {
    const r = await renderCoverWrap({ book: await seedBook(), templates, browser, pageCount: 24 });
    expect(r.diagnostics).toEqual([]);
    const file = scratch("cover-thin.pdf", r.artifacts[0]!.bytes);
    const g = coverGeometry({ print: (await seedBook()).metadata.print, pageCount: 24 });
    const text = execFileSync("pdftotext", ["-x", String(Math.floor(g.spine.x)), "-y", "0", "-W", String(Math.ceil(g.spine.width)), "-H", "666", file, "-"]).toString();
    expect(text.trim()).toBe("");
  });

  it.skipIf(process.env.UPDATE_SCREENSHOTS !== "1")("writes docs/images/cover-wrap.png (UPDATE_SCREENSHOTS=1)", async () => {
    const book = await seedBook();
    const g = coverGeometry({ print: book.metadata.print, pageCount: 300 });
    const { html, files } = await coverWrapHtml({ book, templates, geometry: g });
    const scale = 1100 / ((g.width * 96) / 72);
    const png = await browser.screenshot({ html, files, width: Math.round((g.width * 96) / 72), height: Math.round((g.height * 96) / 72), deviceScaleFactor: scale });
    const dir = join(import.meta.dirname, "..", "..", "docs", "images");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "cover-wrap.png"), png);
  });
});

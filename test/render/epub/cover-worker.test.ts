/**
 * The cover is drawn in a worker thread, which inherits the process's flags: it must draw a PNG
 * whether the process runs CommonJS or, like `node --input-type=module`, ES modules, and it must
 * leave the main thread free while it draws.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rasterize } from "../../../src/render/epub/cover.js";
import { RETIRE_AFTER_BYTES, rasterWorkersStarted } from "../../../src/render/epub/cover-raster.js";
import { ROOT } from "../../helpers/books.js";

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="256"><rect width="160" height="256" fill="#224"/><text x="20" y="120" font-size="30" fill="#fff">Cover</text></svg>';
const PNG_SIGNATURE = "89504e470d0a1a0a";

describe("the cover's worker", () => {
  it("draws a PNG of the SVG's size", async () => {
    const png = await rasterize({ svg: SVG, text: "Cover" });
    expect(Buffer.from(png.subarray(0, 8)).toString("hex")).toBe(PNG_SIGNATURE);
    // IHDR: width and height, big-endian, at bytes 16–23.
    expect(Buffer.from(png).readUInt32BE(16)).toBe(160);
    expect(Buffer.from(png).readUInt32BE(20)).toBe(256);
  });

  it("draws in a process started with --input-type=module", () => {
    const script = `const { rasterize } = await import(${JSON.stringify(join(ROOT, "lib/render/epub/cover.js"))});
const png = await rasterize({ svg: ${JSON.stringify(SVG)}, text: "Cover" });
process.stdout.write(Buffer.from(png.subarray(0, 8)).toString("hex"));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(PNG_SIGNATURE);
  }, 60_000);

  it("is kept for the next picture, and draws as many at once as are asked for", async () => {
    await rasterize({ svg: SVG, text: "Cover" });
    const before = rasterWorkersStarted();
    await rasterize({ svg: SVG.replace("#224", "#242"), text: "Cover" });
    await rasterize({ svg: SVG.replace("#224", "#422"), text: "Cover" });
    expect(rasterWorkersStarted() - before).toBe(0);
    // Two at once: the kept worker and a new one; one of them is kept.
    await Promise.all([rasterize({ svg: SVG, text: "Cover" }), rasterize({ svg: SVG.replace("#224", "#244"), text: "Cover" })]);
    expect(rasterWorkersStarted() - before).toBe(1);
    await Promise.all([rasterize({ svg: SVG, text: "Cover" }), rasterize({ svg: SVG.replace("#224", "#444"), text: "Cover" })]);
    expect(rasterWorkersStarted() - before).toBe(2);
  }, 60_000);

  it("is stopped once it has drawn about RETIRE_AFTER_BYTES of pixels (resvg's memory goes with it)", async () => {
    const cover = SVG.replace('width="160" height="256"', 'width="1600" height="2560"');
    const perCover = 1600 * 2560 * 4;
    // At most this many full covers fit in one worker's allowance (a little more with the fonts' share).
    const perWorker = Math.ceil(RETIRE_AFTER_BYTES / perCover);
    const before = rasterWorkersStarted();
    for (let i = 0; i < 6; i++) await rasterize({ svg: cover.replace("#224", `#2${i}4`), text: "Cover" });
    const started = rasterWorkersStarted() - before;
    expect(started).toBeGreaterThanOrEqual(Math.floor(6 / perWorker));
    expect(started).toBeLessThanOrEqual(Math.ceil(6 / perWorker) + 1);
  }, 120_000);

  it("reports a picture resvg refuses, and the next one is drawn", async () => {
    await expect(rasterize({ svg: "<svg", text: "Cover" })).rejects.toThrow();
    const png = await rasterize({ svg: SVG, text: "Cover" });
    expect(Buffer.from(png.subarray(0, 8)).toString("hex")).toBe(PNG_SIGNATURE);
  }, 60_000);

  it("leaves the main thread free while it draws", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 2);
    const started = performance.now();
    await rasterize({ svg: SVG.replace('width="160" height="256"', 'width="1600" height="2560"'), text: "Cover" });
    const ms = performance.now() - started;
    clearInterval(timer);
    // A synchronous draw would block every tick until it ended.
    expect(ticks).toBeGreaterThan(Math.min(5, ms / 20));
  }, 60_000);
});

describe("a cover started early", () => {
  it("is drawn once and put in the EPUB", async () => {
    const { fixtureBook, SEED_DIR } = await import("../../helpers/books.js");
    const { renderEpub } = await import("../../../src/render/epub/index.js");
    const { prepareEpub } = await import("../../../src/render/epub/early-cover.js");
    const { coversDrawn } = await import("../../../src/render/epub/cover.js");
    const { book, templates } = await fixtureBook(SEED_DIR);
    const before = coversDrawn();
    prepareEpub({ metadata: book.metadata, templates });
    const r = await renderEpub({ book, templates });
    expect(coversDrawn() - before).toBe(1);
    const JSZip = (await import("jszip")).default;
    const png = await (await JSZip.loadAsync(r.artifacts[0]?.bytes ?? new Uint8Array())).file("EPUB/images/cover.png")?.async("uint8array");
    expect(Buffer.from(png?.subarray(0, 8) ?? []).toString("hex")).toBe(PNG_SIGNATURE);
  }, 60_000);
});

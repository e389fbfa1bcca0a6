/**
 * An image's given size reaches the typst PDF as it reaches the HTML editions: `{width=50%}` is
 * half the measure, `{width=1.5in}` (as Word imports write) an inch and a half, raw HTML
 * `width="150"` 150 CSS pixels; without one, the picture's own size up to the measure. Read back
 * from poppler's `pdfimages -list` (the resolution each placement prints at).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { expect, it } from "vitest";
import { build } from "../../../../src/build.js";
import { ROOT } from "../../../helpers/books.js";

/** A plain RGB PNG of the given size (node's zlib and crc32; no image library needed). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x90)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

it("sizes images as the manuscript gives them: a share of the measure, inches, pixels, or their own size", async () => {
  const dir = mkdtempSync(join(tmpdir(), "imprint-image-size-"));
  mkdirSync(join(dir, "img"));
  writeFileSync(join(dir, "img", "wide.png"), png(1200, 375));
  writeFileSync(join(dir, "metadata.yaml"), "title: Images\nauthors: Ada Writer\nlanguage: en\n");
  writeFileSync(join(dir, "01-text.md"), [
    "# Images", "",
    "![Natural](img/wide.png)", "",
    "![Half](img/wide.png){width=50%}", "",
    "![Inches](img/wide.png){width=1.5in}", "",
    '<img src="img/wide.png" width="150" alt="Pixels">', "",
  ].join("\n"));
  const out = join(dir, "out");
  const report = await build({ dir, out, cwd: ROOT, formats: ["pdf"], checks: "none", pdfEngine: "typst" });
  expect(report.ok).toBe(true);
  const list = execFileSync("pdfimages", ["-list", join(out, `${report.slug}.pdf`)], { stdio: ["ignore", "pipe", "ignore"] }).toString();
  // Columns: page num type width height color comp bpc enc interp object ID x-ppi y-ppi …
  const ppi = list.split("\n").slice(2).filter((l) => l.trim()).map((l) => Number(l.trim().split(/\s+/)[12]));
  expect(ppi).toHaveLength(4);
  const [natural, half, inches, pixels] = ppi as [number, number, number, number];
  // The natural 1200 px picture fills the measure (about 4.3 in on a 6x9 page): ~280 ppi.
  expect(1200 / natural).toBeGreaterThan(3.5);
  expect(1200 / natural).toBeLessThan(5);
  expect(half / natural).toBeCloseTo(2, 1);
  expect(inches).toBeCloseTo(1200 / 1.5, -1);
  expect(pixels).toBeCloseTo(1200 / (150 / 96), -1);
}, 120_000);

/**
 * qrSvg: the SVG's dark modules, read back from its path, are exactly the QR code of the URL
 * (level M, four-module quiet zone), the markup is well-formed XML with an accessible name,
 * escaped, and the same URL gives the same markup.
 */
import { execFileSync } from "node:child_process";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { qrSvg } from "../../src/distribute/index.js";

/** The cells the `stroke` path paints: qrcode draws each row's runs as `M x y.5 h n` / `m dx dy h n`. */
function darkCells(svg: string): Set<string> {
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1] ?? "";
  const cells = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, op, a, b] of d.matchAll(/([MmHh])(-?[\d.]+)(?:\s+(-?[\d.]+))?/g)) {
    if (op === "M") [x, y] = [Number(a), Number(b)];
    else if (op === "m") [x, y] = [x + Number(a), y + Number(b)];
    else {
      const n = Number(a);
      for (let i = 0; i < n; i++) cells.add(`${x + i},${Math.floor(y)}`);
      x += n;
    }
  }
  return cells;
}

describe("qrSvg", () => {
  it("draws exactly the QR code of the URL, with a quiet zone of four modules", async () => {
    const url = "https://example.org/packets/reading/";
    const svg = await qrSvg({ url });
    const qr = QRCode.create(url, { errorCorrectionLevel: "M" });
    const size = qr.modules.size;
    expect(svg).toContain(`viewBox="0 0 ${size + 8} ${size + 8}"`);
    const want = new Set<string>();
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (qr.modules.get(r, c)) want.add(`${c + 4},${r + 4}`);
    expect(darkCells(svg)).toEqual(want);
  });

  it("is well-formed, named for screen readers, escaped, and the same every time", async () => {
    const url = 'https://example.org/?q="<x>"&a=1';
    const svg = await qrSvg({ url });
    expect(svg).toBe(await qrSvg({ url }));
    expect(svg).toContain('role="img" aria-label="QR code for https://example.org/?q=&quot;&lt;x&gt;&quot;&amp;a=1"');
    execFileSync("xmllint", ["--noout", "-"], { input: svg });
    expect(await qrSvg({ url, label: "Scan me" })).toContain('aria-label="Scan me"');
  });
});

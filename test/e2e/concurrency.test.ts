// Two books built at the same time in one process get the same bytes as when built one after the
// other. Real pandoc and Chromium through the public `build`.
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFString } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../../src/build.js";
import { loadBook } from "../../src/load-book.js";
import { openBrowser } from "../../src/render/browser.js";
import { renderPdf } from "../../src/render/pdf/index.js";

const ENV = { ...process.env, SOURCE_DATE_EPOCH: "1722384000" };
const root = mkdtempSync(join(tmpdir(), "imprint-concurrency-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Chromium names a table's header cells after the renderer's DOM node counter (see
// src/render/pdf/struct-ids.ts), so one of the books has tables, one with an empty header cell.
const TABLES = `

| Year | Event        | Place    |
|------|--------------|----------|
| 1810 | Independence | Caracas  |
| 1821 | Carabobo     | Valencia |

|      | North | South |
|------|-------|-------|
| 1810 | 3     | 4     |
| 1821 | 5     |       |
`;
function tableBook(): string {
  const dir = join(root, "with-tables");
  cpSync(resolve("manuscript"), dir, { recursive: true });
  appendFileSync(join(dir, "01-text.md"), TABLES);
  return dir;
}
// The second book is small on purpose: 20 rounds of two builds must stay quick on two cores.
const BOOKS = [tableBook(), resolve("test/fixtures/books/chapters")];

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
let outs = 0;

/** Builds one book into a fresh folder; format → SHA-256 of the file written. */
async function hashes({ dir }: { dir: string }): Promise<Record<string, string>> {
  const out = join(root, `out-${outs++}`);
  const report = await build({ dir, out, env: ENV });
  expect(report.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(report.ok).toBe(true);
  const result = Object.fromEntries(report.editions.map((e) => [e.format, sha(readFileSync(resolve(e.path)))]));
  rmSync(out, { recursive: true, force: true });
  return result;
}

describe("builds at the same time", () => {
  it("the print edition does not depend on what the browser printed before (table-cell ids)", async () => {
    const loaded = await loadBook({ dir: BOOKS[0]!, env: ENV });
    expect(loaded.value).toBeDefined();
    const { book, templates } = loaded.value!;
    const browser = (await openBrowser({ env: ENV })).value!;
    try {
      // The second render runs in a renderer whose node counter the first one advanced.
      const first = await renderPdf({ book, templates, browser });
      const second = await renderPdf({ book, templates, browser });
      const pdf = first.artifacts[0]!.bytes;
      const text = Buffer.from(pdf).toString("latin1");
      // The book really carries the ids this is about: six header cells, each a /Headers target.
      expect(text.match(/\/ID \(node\d{8}\)/g)).toEqual(["node00000001", "node00000002", "node00000003", "node00000004", "node00000005", "node00000006"].map((id) => `/ID (${id})`));
      expect(text.match(/\/Headers \[ ?\(node\d{8}\) ?\]/g)?.length).toBe(11);
      // The /IDTree indexes the new names, sorted, each pointing at the element that has it.
      const doc = await PDFDocument.load(pdf, { updateMetadata: false });
      const tree = doc.catalog.lookup(PDFName.of("StructTreeRoot"), PDFDict).lookup(PDFName.of("IDTree"), PDFDict);
      const names = tree.lookup(PDFName.of("Names"), PDFArray).asArray();
      const keys = names.filter((_, i) => i % 2 === 0).map((k) => (k as PDFString).decodeText());
      expect(keys).toEqual(["node00000001", "node00000002", "node00000003", "node00000004", "node00000005", "node00000006"]);
      names.forEach((v, i) => {
        if (i % 2 === 1) expect(doc.context.lookup(v as PDFRef, PDFDict).lookup(PDFName.of("ID"), PDFString).decodeText()).toBe(keys[(i - 1) / 2]);
      });
      expect(sha(second.artifacts[0]!.bytes)).toBe(sha(pdf));
    } finally {
      await browser.close();
    }
  });

  // 20 rounds of two books at once: 3 through the public `build` with every edition (each build
  // its own browser), and 17 of the print edition (the one that went wrong) rendered together in
  // ONE shared browser, which interleaves the two books in the same renderer process, the harder
  // case, at a third of the cost: without the fix (src/render/pdf/struct-ids.ts) every shared-browser
  // round of the table book differs from its serial render.
  it("gives every edition the bytes of its serial build, 20 times out of 20", async () => {
    const serial: Array<Record<string, string>> = [];
    for (const dir of BOOKS) serial.push(await hashes({ dir }));
    for (const s of serial) expect(Object.keys(s).sort()).toEqual(["epub", "html", "pdf"]);
    const mismatches: string[] = [];
    for (let round = 0; round < 3; round++) {
      const built = await Promise.all(BOOKS.map((dir) => hashes({ dir })));
      built.forEach((h, i) => {
        for (const [format, hash] of Object.entries(h)) if (hash !== serial[i]![format]) mismatches.push(`round ${round}: ${BOOKS[i]} ${format}`);
      });
    }
    const loaded = await Promise.all(BOOKS.map((dir) => loadBook({ dir, env: ENV })));
    const books = loaded.map((l) => l.value!);
    const browser = (await openBrowser({ env: ENV })).value!;
    try {
      const pdfSerial: string[] = [];
      for (const { book, templates } of books) pdfSerial.push(sha((await renderPdf({ book, templates, browser })).artifacts[0]!.bytes));
      for (let round = 3; round < 20; round++) {
        const pdfs = await Promise.all(books.map(({ book, templates }) => renderPdf({ book, templates, browser })));
        pdfs.forEach((r, i) => {
          if (sha(r.artifacts[0]!.bytes) !== pdfSerial[i]) mismatches.push(`round ${round}: ${BOOKS[i]} pdf (shared browser)`);
        });
      }
    } finally {
      await browser.close();
    }
    expect(mismatches).toEqual([]);
  }, 400_000);
});

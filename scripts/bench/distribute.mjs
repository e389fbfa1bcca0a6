/**
 * Distribution writers, in-process on the compiled lib/: booklet imposition of 64- and 400-page
 * PDFs (pdf-lib), the OPDS 1.2 and 2.0 feeds and the landing page of a 50-item catalogue, and the
 * zip of a 50-item packet folder. Medians of 5 runs; no target is asserted anywhere.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

async function time(run, runs = 5) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    ms.push(performance.now() - start);
  }
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function bookPdf(pages) {
  const { PDFDocument, StandardFonts } = await import("pdf-lib");
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const line = "The quick brown fox jumps over the lazy dog and keeps running across the page.";
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([432, 648]);
    for (let l = 0; l < 38; l++) page.drawText(line, { x: 54, y: 600 - l * 14, size: 10, font });
    page.drawText(String(n), { x: 210, y: 30, size: 9, font });
  }
  return doc.save();
}

function catalogue(items) {
  const editions = (base) => [
    { format: "epub", path: `${base}.epub`, bytes: 120_000, mediaType: "application/epub+zip" },
    { format: "pdf", path: `${base}.pdf`, bytes: 300_000, mediaType: "application/pdf" },
    { format: "html", path: `${base}.html`, bytes: 60_000, mediaType: "text/html" },
  ];
  const entry = (slug, i) => ({
    identifier: `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    slug,
    title: `Text number ${i}`,
    people: [{ name: `Author ${i}`, role: "aut" }, { name: `Translator ${i}`, role: "trl" }],
    language: "en",
    summary: "A summary of a sentence or two.",
    modified: "2024-07-31T00:00:00Z",
    cover: { path: `covers/${slug}.png`, bytes: 40_000, mediaType: "image/png", width: 800, height: 1280 },
    editions: editions(`items/${slug}`),
  });
  const list = Array.from({ length: items }, (_, i) => entry(`text-${i + 1}`, i + 1));
  return { packet: { ...entry("packet", 0), title: "Packet", editions: editions("packet") }, items: list, parts: [{ title: "Part one", items: list.slice(0, items / 2).map((i) => i.slug) }, { title: "Part two", items: list.slice(items / 2).map((i) => i.slug) }] };
}

export async function run({ log = console.log } = {}) {
  const { imposeBooklet, opdsXml, opdsJson, landingPage, zipFolder } = await import("../../lib/distribute/index.js");
  log("\ndistribution writers (in-process, median of 5):");
  for (const pages of [64, 400]) {
    const pdf = await bookPdf(pages);
    let sheets = 0;
    const ms = await time(async () => (sheets = (await imposeBooklet({ pdf })).sheets));
    log(`  imposeBooklet, ${String(pages).padStart(3)} pages (${sheets} sheets): ${ms.toFixed(0)} ms`);
  }
  const c = catalogue(50);
  log(`  opdsXml, 50 items: ${(await time(() => opdsXml({ catalogue: c }))).toFixed(1)} ms`);
  log(`  opdsJson, 50 items: ${(await time(() => opdsJson({ catalogue: c }))).toFixed(1)} ms`);
  log(`  landingPage, 50 items: ${(await time(() => landingPage({ catalogue: c }))).toFixed(1)} ms`);
  const dir = mkdtempSync(join(tmpdir(), "imprint-bench-zip-"));
  try {
    mkdirSync(join(dir, "items"));
    const files = [];
    for (let i = 1; i <= 150; i++) {
      const name = `items/file-${i}.epub`;
      writeFileSync(join(dir, name), Buffer.alloc(100_000, i));
      files.push(name);
    }
    log(`  zipFolder, 150 files of 100 kB: ${(await time(() => zipFolder({ dir, files, top: "packet" }))).toFixed(0)} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();

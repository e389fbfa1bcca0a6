#!/usr/bin/env node
// Print typography metrics of any PDF, with poppler (pdftotext -bbox-layout, pdffonts, pdfinfo):
//   node scripts/pdf-metrics.mjs FILE.pdf [--manuscript DIR] [--font-size PT] [--leading PT] [--json]
// --manuscript loads the folder with imprint's own loader (real pandoc) and searches the PDF's text
// for every word of it. How each metric is computed: src/check/typography/*.ts. Needs `npm run compile`.
import { parseArgs } from "node:util";
import { measurePdfTypography, metricRows, manuscriptText } from "../lib/check/typography/index.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { manuscript: { type: "string" }, "font-size": { type: "string" }, leading: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
});
if (values.help || positionals.length !== 1) {
  process.stderr.write("usage: pdf-metrics.mjs FILE.pdf [--manuscript DIR] [--font-size PT (11)] [--leading PT (15.4)] [--json]\n");
  process.exit(values.help ? 0 : 2);
}
const number = (name) => {
  const v = values[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!(n > 0)) {
    process.stderr.write(`--${name} must be a positive number of points, not "${v}"\n`);
    process.exit(2);
  }
  return n;
};

/** The manuscript's plain text through imprint's loader (the same Book every edition renders). */
export async function loadManuscriptText(dir) {
  const { loadBook } = await import("../lib/load-book.js");
  const loaded = await loadBook({ dir, env: { ...process.env, SOURCE_DATE_EPOCH: "" } });
  if (!loaded.value) throw new Error(`${dir} did not load: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
  return manuscriptText(loaded.value.book);
}

try {
  const manuscript = values.manuscript ? await loadManuscriptText(values.manuscript) : undefined;
  const fontSizePt = number("font-size");
  const leadingPt = number("leading");
  const m = await measurePdfTypography({ file: positionals[0], manuscript, ...(fontSizePt ? { fontSizePt } : {}), ...(leadingPt ? { leadingPt } : {}) });
  if (values.json) process.stdout.write(JSON.stringify(m, null, 2) + "\n");
  else {
    const rows = metricRows(m);
    const w = Math.max(...rows.map(([k]) => k.length));
    const out = [`${m.file}: ${m.pages} pages, ${m.bodyLines} body lines (${m.justifiedLines} justified), ${m.fontSizePt} pt body`];
    for (const [k, v] of rows) out.push(`  ${k.padEnd(w)}  ${v}`);
    if (m.shortBreakExamples.length) out.push(`  short breaks: ${m.shortBreakExamples.join(", ")}`);
    if (m.missingWords?.length) out.push(`  not found (first ${m.missingWords.length}): ${m.missingWords.join(" ")}`);
    process.stdout.write(out.join("\n") + "\n");
  }
} catch (error) {
  process.stderr.write(`pdf-metrics: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

// The print typography table (issue 10's "Measured" rows) for every print engine, on the seed and
// on the civil-disobedience corpus text: each PDF built by `imprint build --formats pdf` in a fresh
// process (wall time and peak memory of its whole process tree, Chromium's processes included),
// then measured from the PDF alone with poppler (lib/check/typography). Needs `npm run compile`.
// Run alone: node scripts/bench/typography.mjs
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(import.meta.dirname, "..", "..");
const lib = (p) => import(pathToFileURL(join(ROOT, "lib", p)).href);

/** Each book: a label and its manuscript folder. */
export const BOOKS = [
  ["seed", join(ROOT, "manuscript")],
  ["civil-disobedience", join(ROOT, "test", "fixtures", "corpus", "civil-disobedience")],
];

export async function run({ log = console.log } = {}) {
  const { PRINT_ENGINE_NAMES } = await lib("render/print/engine.js");
  const { measurePdfTypography, metricRows, manuscriptText } = await lib("check/typography/index.js");
  const { loadBook } = await lib("load-book.js");
  const { runMeasured, runTimed } = await import(pathToFileURL(join(ROOT, "scripts", "tree-rss.mjs")).href);
  const work = mkdtempSync(join(tmpdir(), "imprint-bench-typography-"));
  const env = { ...process.env, SOURCE_DATE_EPOCH: "1722384000" };
  const texts = new Map();
  for (const [label, dir] of BOOKS) {
    const loaded = await loadBook({ dir, cwd: ROOT, env });
    if (!loaded.value) throw new Error(`${label} did not load: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
    texts.set(label, manuscriptText(loaded.value.book));
  }
  const columns = [];
  try {
    for (const engine of PRINT_ENGINE_NAMES) {
      const cells = [];
      for (const [label, dir] of BOOKS) {
        const out = join(work, `${engine}-${label}`);
        const argv = ["node", join(ROOT, "bin", "imprint.js"), "build", dir, "--out", out, "--formats", "pdf", "--pdf-engine", engine, "--check", "none", "--json"];
        // Timed and sampled apart: sampling slows the run it watches (scripts/tree-rss.mjs).
        const r = await runTimed({ argv, env });
        r.treeMb = (await runMeasured({ argv, env })).treeMb;
        const pdf = readdirSync(out).find((f) => f.endsWith(".pdf"));
        if (!pdf) throw new Error(`${engine} wrote no PDF for ${label}`);
        const m = await measurePdfTypography({ file: join(out, pdf), manuscript: texts.get(label) });
        cells.push({ rows: metricRows(m), wall: r.wall, mb: r.treeMb, pages: m.pages });
      }
      columns.push({ engine, cells });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const labels = columns[0]?.cells[0]?.rows.map(([k]) => k) ?? [];
  const table = [["metric", ...columns.map((c) => c.engine)]];
  labels.forEach((label, i) => table.push([label, ...columns.map((c) => c.cells.map((cell) => cell.rows[i][1]).join(" / "))]));
  table.push(["pages", ...columns.map((c) => c.cells.map((cell) => cell.pages).join(" / "))]);
  table.push(["whole PDF build: wall s / peak tree MB", ...columns.map((c) => c.cells.map((cell) => `${cell.wall.toFixed(2)} s ${cell.mb.toFixed(0)} MB`).join(" / "))]);
  const widths = table[0].map((_, j) => Math.max(...table.map((row) => String(row[j]).length)));
  log(`\nprint typography (${BOOKS.map(([l]) => l).join(" / ")}; computed from each PDF by lib/check/typography):`);
  for (const row of table) log(`  ${row.map((c, j) => String(c).padEnd(widths[j])).join("  ")}`);
  return table;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();

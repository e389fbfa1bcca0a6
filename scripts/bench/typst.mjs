// The print edition with each engine: `imprint build --formats pdf --pdf-engine E` of the seed
// (and, with BENCH_TYPST_CORPUS=1, each corpus text), in fresh processes, interleaved; medians of
// wall time, peak RSS, pages and the typst/Chromium render stage. Called from scripts/bench.mjs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const median = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export async function run({ log = console.log, runs = Number(process.env.BENCH_RUNS ?? 5) } = {}) {
  const work = mkdtempSync(join(tmpdir(), "imprint-bench-typst-"));
  const env = { ...process.env, SOURCE_DATE_EPOCH: "1722384000" };
  const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
  const books = [["seed", resolve("manuscript")]];
  if (process.env.BENCH_TYPST_CORPUS === "1") {
    const corpus = resolve("test/fixtures/corpus");
    for (const d of readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory())) books.push([d.name, join(corpus, d.name)]);
  }
  const engines = ["typst", "chromium"];
  const results = {};
  for (let i = 0; i < runs; i++) {
    for (const [name, dir] of books) {
      for (const engine of engines) {
        const argv = ["bin/imprint", "build", dir, "--out", join(work, `${name}-${engine}`), "--formats", "pdf", "--pdf-engine", engine, "--json"];
        const args = timeBin ? [timeBin, "-f", "__TIME__ %e %M", ...argv] : argv;
        const start = process.hrtime.bigint();
        const r = spawnSync(args[0], args.slice(1), { env, encoding: "utf8", maxBuffer: 64 << 20 });
        const wall = Number(process.hrtime.bigint() - start) / 1e9;
        const entry = (results[`${name} ${engine}`] ??= { wall: [], rss: [], render: [], pages: 0, failed: "" });
        if (r.status !== 0) {
          entry.failed = (r.stderr || r.stdout || "").trim().split("\n").at(-1) ?? "failed";
          continue;
        }
        const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr ?? "");
        const report = JSON.parse(r.stdout);
        entry.wall.push(wall);
        entry.rss.push(m ? Number(m[2]) / 1024 : NaN);
        entry.render.push(report.timings["render-pdf"] ?? NaN);
        entry.pages = report.pageCount ?? 0;
      }
    }
  }
  const pad = (s, n) => String(s).padEnd(n);
  const num = (x, d = 2) => (Number.isNaN(x) ? "n/a" : x.toFixed(d));
  log(`\nprint engines (imprint build --formats pdf --pdf-engine E; ${runs} runs, medians; peak RSS of the largest process):`);
  log(`  ${pad("book / engine", 44)} ${pad("wall s", 8)} ${pad("render ms", 10)} ${pad("RSS MB", 8)} pages`);
  for (const [name, r] of Object.entries(results)) {
    if (r.failed && r.wall.length === 0) log(`  ${pad(name, 44)} failed: ${r.failed}`);
    else log(`  ${pad(name, 44)} ${pad(num(median(r.wall)), 8)} ${pad(num(median(r.render), 0), 10)} ${pad(num(median(r.rss), 0), 8)} ${r.pages}`);
  }
  rmSync(work, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await run({ log: console.log });

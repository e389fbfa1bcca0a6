#!/usr/bin/env node
// npm run bench: builds the seed manuscript in fresh processes, several runs, and prints medians per
// edition and per stage, side by side in one run with native `pandoc -t epub3` on the same Markdown
// and a bare `chromium --headless --print-to-pdf` of our HTML edition (the floor for our PDF).
// Runs are interleaved (A B C A B C …) so drift on a shared machine hits every command alike.
// Options (env): BENCH_RUNS (default 5), BENCH_MANUSCRIPT (default manuscript).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const manuscript = resolve(process.env.BENCH_MANUSCRIPT ?? "manuscript");
const work = mkdtempSync(join(tmpdir(), "imprint-bench-"));
const env = { ...process.env, SOURCE_DATE_EPOCH: "1722384000" };
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(existsSync) ?? process.env.PUPPETEER_EXECUTABLE_PATH;
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const hasPandoc = spawnSync("pandoc", ["--version"]).status === 0;

/** Runs a command as a whole process; wall seconds and peak RSS (MB) from GNU time when present. */
function timed(argv) {
  const args = timeBin ? ["-f", "__TIME__ %e %M", ...argv] : argv;
  const start = process.hrtime.bigint();
  const r = spawnSync(timeBin ?? argv[0], timeBin ? args : argv.slice(1), { env, encoding: "utf8", maxBuffer: 64 << 20 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr ?? "");
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed (${r.status}):\n${(r.stderr ?? "").slice(-2000)}`);
  return { wall, rssMb: m ? Number(m[2]) / 1024 : NaN, stdout: r.stdout };
}

const median = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

// One warm-up build gives the HTML edition for the bare-Chromium floor and the Markdown list for pandoc.
const warm = join(work, "warm");
timed(["bin/imprint", "build", manuscript, "--out", warm, "--quiet"]);
const htmlEdition = readdirSync(warm).find((f) => f.endsWith(".html"));
const markdown = readdirSync(manuscript).filter((f) => f.endsWith(".md") && f !== "editorial-note.md").sort().map((f) => join(manuscript, f));

const commands = {
  "imprint build (all three, native pandoc)": () => ["bin/imprint", "build", manuscript, "--out", join(work, "all"), "--json", ...(hasPandoc ? ["--pandoc", "native"] : [])],
  "imprint build --formats html (native)": () => ["bin/imprint", "build", manuscript, "--out", join(work, "html"), "--formats", "html", "--json", "--pandoc", "native"],
  "imprint build --formats epub (native)": () => ["bin/imprint", "build", manuscript, "--out", join(work, "epub"), "--formats", "epub", "--json", "--pandoc", "native"],
  "imprint build --formats pdf (native)": () => ["bin/imprint", "build", manuscript, "--out", join(work, "pdf"), "--formats", "pdf", "--json", "--pandoc", "native"],
  "imprint build --formats html (wasm)": () => ["bin/imprint", "build", manuscript, "--out", join(work, "html-wasm"), "--formats", "html", "--json", "--pandoc", "wasm"],
  "imprint build (all three, wasm pandoc)": () => ["bin/imprint", "build", manuscript, "--out", join(work, "all-wasm"), "--json", "--pandoc", "wasm"],
  "pandoc -t epub3 (native)": () => ["pandoc", "-f", "markdown", "-t", "epub3", "--metadata", "title=Bench", "-o", join(work, "pandoc.epub"), ...markdown],
  "chromium --print-to-pdf of our HTML (floor)": () => [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", `--user-data-dir=${join(work, "chrome-profile")}`, "--no-pdf-header-footer", `--print-to-pdf=${join(work, "floor.pdf")}`, join(warm, htmlEdition)],
};
if (!hasPandoc) for (const k of Object.keys(commands)) if (k.includes("native")) delete commands[k];
if (!chromium) for (const k of Object.keys(commands)) if (/pdf|all three|chromium/.test(k)) delete commands[k];

const results = Object.fromEntries(Object.keys(commands).map((k) => [k, { wall: [], rss: [], stages: {} }]));
for (let i = 0; i < runs; i++) {
  for (const [name, argv] of Object.entries(commands)) {
    const r = timed(argv());
    const entry = results[name];
    entry.wall.push(r.wall);
    entry.rss.push(r.rssMb);
    if (name.startsWith("imprint")) {
      const report = JSON.parse(r.stdout);
      for (const [stage, ms] of Object.entries(report.timings)) (entry.stages[stage] ??= []).push(ms);
    }
  }
  process.stderr.write(`run ${i + 1}/${runs} done\n`);
}

const pad = (s, n) => String(s).padEnd(n);
const num = (x, d = 2) => (Number.isNaN(x) ? "n/a" : x.toFixed(d));
console.log(`\nimprint bench: ${manuscript} (${runs} runs each, interleaved; medians; node ${process.version}${hasPandoc ? ", " + spawnSync("pandoc", ["--version"], { encoding: "utf8" }).stdout.split("\n")[0] : ""})\n`);
console.log(`${pad("command", 46)} ${pad("wall s", 8)} ${pad("min–max", 13)} peak RSS MB`);
for (const [name, r] of Object.entries(results)) {
  const s = [...r.wall].sort((a, b) => a - b);
  console.log(`${pad(name, 46)} ${pad(num(median(r.wall)), 8)} ${pad(`${num(s[0])}–${num(s[s.length - 1])}`, 13)} ${num(median(r.rss), 0)}`);
}
const ratio = (a, b) => (results[a] && results[b] ? `${(median(results[a].wall) / median(results[b].wall)).toFixed(2)}×` : "n/a");
console.log("\nratios (medians):");
console.log(`  imprint EPUB-only build / native pandoc -t epub3:        ${ratio("imprint build --formats epub (native)", "pandoc -t epub3 (native)")}`);
console.log(`  imprint PDF-only build / bare chromium --print-to-pdf:  ${ratio("imprint build --formats pdf (native)", "chromium --print-to-pdf of our HTML (floor)")}`);
console.log(`  imprint HTML build, wasm pandoc / native pandoc:        ${ratio("imprint build --formats html (wasm)", "imprint build --formats html (native)")}`);
console.log("\nper stage inside `imprint build` (median ms):");
for (const [name, r] of Object.entries(results)) {
  if (!name.startsWith("imprint")) continue;
  console.log(`  ${name}: ${Object.entries(r.stages).map(([k, v]) => `${k} ${num(median(v), 0)}`).join(", ")}`);
}

// Memory of the whole process tree (Chromium's processes included), on the seed and on a long
// book made from the corpus (every text four times over: about 150 pages).
const { runMeasured, runTimed } = await import("./tree-rss.mjs");
const { cpSync, mkdirSync, writeFileSync } = await import("node:fs");
const long = join(work, "long-book");
mkdirSync(long, { recursive: true });
writeFileSync(join(long, "metadata.yaml"), 'title: "A long book of the corpus"\nlanguage: en\n');
let n = 0;
const corpus = resolve("test/fixtures/corpus");
for (let round = 0; round < 4; round++) {
  for (const dir of readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const f of readdirSync(join(corpus, dir.name)).filter((f) => f.endsWith(".md") && f !== "editorial-note.md").sort()) {
      cpSync(join(corpus, dir.name, f), join(long, `${String(++n).padStart(3, "0")}-${f}`));
    }
    if (existsSync(join(corpus, dir.name, "images"))) cpSync(join(corpus, dir.name, "images"), join(long, "images"), { recursive: true });
  }
}
console.log("\npeak memory of the whole process tree (imprint build, all three editions, sampled every 25 ms):");
for (const [label, dir] of [["seed", manuscript], ["long book (corpus ×4)", long]]) {
  const tree = [];
  const walls = [];
  let pages = "?";
  for (let i = 0; i < Math.min(runs, 3); i++) {
    const argv = ["bin/imprint", "build", dir, "--out", join(work, `mem-${i}`), "--json"];
    // Timed and sampled runs apart: sampling slows the run it watches (scripts/tree-rss.mjs).
    const r = await runTimed({ argv, env });
    walls.push(r.wall);
    tree.push((await runMeasured({ argv, env })).treeMb);
    pages = JSON.parse(r.stdout).pageCount ?? pages;
  }
  console.log(`  ${pad(label, 24)} ${pad(`${pages} pages`, 11)} wall ${num(median(walls))} s   peak tree PSS ${num(median(tree), 0)} MB (max ${num(Math.max(...tree), 0)})`);
}
rmSync(work, { recursive: true, force: true });
await (await import("./bench/distribute.mjs")).run({ log: console.log });

// Print typography per engine (scripts/bench/typography.mjs).
await (await import("./bench/typography.mjs")).run({ log: console.log });
await (await import("./bench/typst.mjs")).run({ log: console.log, runs });

// Reading packets of 5 and 50 items, cold and after a one-item edit (scripts/bench/packet.mjs).
await (await import("./bench/packet.mjs")).run({ log: console.log });
await (await import("./bench/speed.mjs")).run({ log: console.log }); // issue 11: targets and whether met

// The speed bench (issue 11), run by `npm run bench` after compiling: every row with its target
// and whether it is met. Side by side in one run, medians of interleaved fresh processes:
//  - the cold three-edition build (default engine, and each print engine) against a bare
//    `chromium --print-to-pdf` of the HTML edition (the floor);
//  - EPUB-only and HTML-only builds against native `pandoc -t epub3` / `-t html5 -s`;
//  - generated books of 16, 150 and 800 pages: wall time and peak memory of the process tree;
//  - `imprint preview` (default engine, then Chromium's): save → the HTML edition reloaded in the
//    page, save → the PDF reloaded.
// Options (env): SPEED_RUNS (default BENCH_RUNS or 5), SPEED_PAGES ("16,150,800"),
// BENCH_MANUSCRIPT (default manuscript), SPEED_SKIP ("books,preview,preview-chromium" to leave parts out).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { makeBook } from "./books.mjs";
import { runMeasured, runTimed } from "../tree-rss.mjs";

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const pad = (s, n) => String(s).padEnd(n);
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");

function timed({ argv, env }) {
  const start = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env, encoding: "utf8", maxBuffer: 256 << 20 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed (${r.status}):\n${(r.stderr ?? "").slice(-2000)}`);
  return { wall, stdout: r.stdout };
}

export async function run({ log = console.log } = {}) {
  const runs = Number(process.env.SPEED_RUNS ?? process.env.BENCH_RUNS ?? 5);
  const skip = new Set((process.env.SPEED_SKIP ?? "").split(",").filter(Boolean));
  const manuscript = resolve(process.env.BENCH_MANUSCRIPT ?? "manuscript");
  const work = mkdtempSync(join(tmpdir(), "imprint-speed-"));
  const env = { ...process.env, SOURCE_DATE_EPOCH: "1722384000" };
  const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find(existsSync) ?? process.env.PUPPETEER_EXECUTABLE_PATH;
  const { PRINT_ENGINE_NAMES } = await import("../../lib/render/print/engine.js");
  const rows = [];
  const row = ({ name, value, unit, target, met, command }) => rows.push({ name, value, unit, target, met, command });
  const imprint = (args) => ["bin/imprint", ...args];

  try {
    // A warm-up build gives the HTML edition for the floor, and pandoc the same Markdown files.
    const warm = join(work, "warm");
    timed({ argv: imprint(["build", manuscript, "--out", warm, "--quiet"]), env });
    const htmlEdition = join(warm, readdirSync(warm).find((f) => f.endsWith(".html")));
    const markdown = readdirSync(manuscript).filter((f) => f.endsWith(".md") && f !== "editorial-note.md").sort().map((f) => join(manuscript, f));
    const title = /^title:\s*"?([^"\n]+)"?/m.exec(readFileSync(join(manuscript, "metadata.yaml"), "utf8"))?.[1] ?? "Bench";

    const commands = {
      "imprint build (default engine)": imprint(["build", manuscript, "--out", join(work, "default"), "--quiet"]),
      ...Object.fromEntries(PRINT_ENGINE_NAMES.map((e) => [`imprint build --pdf-engine ${e}`, imprint(["build", manuscript, "--out", join(work, `engine-${e}`), "--quiet", "--pdf-engine", e])])),
      "chromium --print-to-pdf (floor)": chromium ? [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", `--user-data-dir=${join(work, "chrome-profile")}`, "--no-pdf-header-footer", `--print-to-pdf=${join(work, "floor.pdf")}`, htmlEdition] : undefined,
      "imprint build --formats epub": imprint(["build", manuscript, "--out", join(work, "epub"), "--formats", "epub", "--quiet"]),
      // The same without the in-process EPUB check (epubcheck-ts): what validating costs.
      "imprint build --formats epub --check none": imprint(["build", manuscript, "--out", join(work, "epub-nocheck"), "--formats", "epub", "--check", "none", "--quiet"]),
      "pandoc -t epub3": ["pandoc", "-f", "markdown", "-t", "epub3", "--metadata", `title=${title}`, "-o", join(work, "pandoc.epub"), ...markdown],
      "imprint build --formats html": imprint(["build", manuscript, "--out", join(work, "html"), "--formats", "html", "--quiet"]),
      "pandoc -t html5 -s": ["pandoc", "-f", "markdown", "-t", "html5", "-s", "--metadata", `title=${title}`, "-o", join(work, "pandoc.html"), ...markdown],
    };
    for (const [k, v] of Object.entries(commands)) if (!v) delete commands[k];
    const walls = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
    for (let i = 0; i < runs; i++) {
      for (const [name, argv] of Object.entries(commands)) walls[name].push(timed({ argv, env }).wall);
      process.stderr.write(`speed: cold builds, run ${i + 1}/${runs}\n`);
    }
    const m = (k) => median(walls[k] ?? []);
    const floor = m("chromium --print-to-pdf (floor)");
    const ratioRow = ({ name, of, to, limit }) => {
      const ratio = m(of) / m(to);
      row({ name, value: ratio, unit: "×", target: `≤ ${limit}×`, met: ratio <= limit, command: `${fmt(m(of))} s / ${fmt(m(to))} s` });
    };
    for (const k of Object.keys(commands)) row({ name: k, value: m(k), unit: "s", target: "", met: undefined, command: commands[k].slice(0, 4).join(" ") + " …" });
    if (Number.isFinite(floor)) {
      ratioRow({ name: "three editions, default engine / floor", of: "imprint build (default engine)", to: "chromium --print-to-pdf (floor)", limit: 1.0 });
      for (const e of PRINT_ENGINE_NAMES) ratioRow({ name: `three editions, ${e} engine / floor`, of: `imprint build --pdf-engine ${e}`, to: "chromium --print-to-pdf (floor)", limit: e === "chromium" ? 1.5 : 1.0 });
    }
    ratioRow({ name: "EPUB-only build / pandoc -t epub3", of: "imprint build --formats epub", to: "pandoc -t epub3", limit: 3 });
    ratioRow({ name: "HTML-only build / pandoc -t html5 -s", of: "imprint build --formats html", to: "pandoc -t html5 -s", limit: 3 });

    if (!skip.has("books")) await books({ work, env, runs, row });
    if (!skip.has("preview")) {
      // The default engine (typst unless the book says otherwise), then Chromium's, for comparison.
      await previewLatency({ work, env, runs, manuscript, chromium, row, engine: undefined });
      if (!skip.has("preview-chromium")) await previewLatency({ work, env, runs, manuscript, chromium, row, engine: "chromium" });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  log(`\nspeed (issue 11): medians of ${runs} interleaved runs in fresh processes; node ${process.version}\n`);
  log(`${pad("row", 48)} ${pad("value", 12)} ${pad("target", 12)} met   detail`);
  for (const r of rows) {
    const v = r.unit === "×" ? `${fmt(r.value)}×` : r.unit === "MB" ? `${fmt(r.value, 0)} MB` : r.unit === "ms" ? `${fmt(r.value, 0)} ms` : `${fmt(r.value)} s`;
    log(`${pad(r.name, 48)} ${pad(v, 12)} ${pad(r.target, 12)} ${pad(r.met === undefined ? "" : r.met ? "yes" : "NO", 5)} ${r.command ?? ""}`);
  }
  return rows;
}

/** Generated books: time and peak tree memory, and whether cost grows at most linearly. */
async function books({ work, env, runs, row }) {
  const sizes = (process.env.SPEED_PAGES ?? "16,150,800").split(",").map(Number);
  const results = [];
  for (const pages of sizes) {
    const dir = join(work, `book-${pages}`);
    makeBook({ pages, dir });
    const walls = [];
    const trees = [];
    let pageCount = NaN;
    const argv = ["bin/imprint", "build", dir, "--out", join(work, `book-out-${pages}`), "--json"];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      const r = await runTimed({ argv, env });
      walls.push(r.wall);
      pageCount = JSON.parse(r.stdout).pageCount ?? pageCount;
    }
    // Memory from a run of its own: sampling slows the run it watches (scripts/tree-rss.mjs).
    trees.push((await runMeasured({ argv, env })).treeMb);
    process.stderr.write(`speed: the ${pages}-page book done\n`);
    const wall = median(walls);
    const tree = Math.max(...trees);
    results.push({ pages: pageCount, wall });
    const big = pages >= 800;
    row({ name: `book of ${pageCount} pages: time`, value: wall, unit: "s", target: big ? "≤ 8 s" : "", met: big ? wall <= 8 : undefined, command: `imprint build (generated, ~${pages} pages asked)` });
    row({ name: `book of ${pageCount} pages: peak tree memory`, value: tree, unit: "MB", target: "≤ 1024 MB", met: tree <= 1024, command: "PSS of node + pandoc + Chromium, sampled every 25 ms in a run of its own" });
  }
  if (results.length >= 3) {
    const [a, b, c] = results;
    // Marginal seconds per page from the small to the middle book, and from the middle to the big one.
    const early = (b.wall - a.wall) / (b.pages - a.pages);
    const late = (c.wall - b.wall) / (c.pages - b.pages);
    row({ name: "cost per extra page, big / middle book", value: late / early, unit: "×", target: "≤ 1.25×", met: late / early <= 1.25, command: `${fmt(early * 1000, 1)} ms/page then ${fmt(late * 1000, 1)} ms/page` });
  }
}

/** `imprint preview` on a copy of the manuscript: save → reloaded, as the open pages see it. */
async function previewLatency({ work, env, runs, manuscript, chromium, row, engine }) {
  if (!chromium) return;
  const puppeteer = (await import("puppeteer")).default;
  const label = engine ? `preview, ${engine}` : "preview";
  const dir = join(work, `preview-book-${engine ?? "default"}`);
  cpSync(manuscript, dir, { recursive: true });
  const child = spawn("bin/imprint", ["preview", dir, "--out", join(work, `preview-out-${engine ?? "default"}`), ...(engine ? ["--pdf-engine", engine] : [])], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    for (let i = 0; i < 1200 && !/http:\S+/.test(stdout); i++) await new Promise((r) => setTimeout(r, 100));
    const url = /http:\S+/.exec(stdout)?.[0];
    if (!url) throw new Error("imprint preview printed no URL");
    const html = await browser.newPage();
    const pdf = await browser.newPage();
    await html.goto(url);
    await pdf.goto(`${url}#pdf`);
    const wait = { timeout: 120_000, polling: 5 };
    await html.waitForFunction(() => document.body.dataset.htmlVersion && document.body.dataset.phase === "full", wait);
    await pdf.waitForFunction(() => document.body.dataset.pdfVersion, wait);
    const file = readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "editorial-note.md").sort()[0];
    const original = readFileSync(join(dir, file), "utf8");
    const toHtml = [];
    const toPdf = [];
    for (let i = 0; i < runs; i++) {
      const [h0, p0] = [await html.evaluate(() => document.body.dataset.htmlVersion), await pdf.evaluate(() => document.body.dataset.pdfVersion)];
      // One paragraph edited: a word added to the first paragraph of body text, new each time.
      const edited = original.replace(/\n\n([A-Z][^\n]{40,})\n/, (_m, p) => `\n\n${p} Edit ${i + 1}.\n`);
      const start = performance.now();
      writeFileSync(join(dir, file), edited);
      const seen = (page, key, before) => page.waitForFunction((k, b) => document.body.dataset[k] && document.body.dataset[k] !== b, wait, key, before).then(() => performance.now() - start);
      const [h, p] = await Promise.all([seen(html, "htmlVersion", h0), seen(pdf, "pdfVersion", p0)]);
      toHtml.push(h);
      toPdf.push(p);
      await html.waitForFunction(() => document.body.dataset.phase === "full" && document.body.dataset.state === "ok", wait);
    }
    process.stderr.write(`speed: ${label} latencies done (HTML ${toHtml.map(Math.round).join(", ")} ms; PDF ${toPdf.map(Math.round).join(", ")} ms)\n`);
    const h = median(toHtml);
    const p = median(toPdf);
    row({ name: `${label}: save → HTML edition reloaded`, value: h, unit: "ms", target: "≤ 250 ms", met: h <= 250, command: `imprint preview${engine ? ` --pdf-engine ${engine}` : ""}; one paragraph of the seed edited` });
    row({ name: `${label}: save → PDF reloaded`, value: p, unit: "ms", target: "≤ 1000 ms", met: p <= 1000, command: `imprint preview${engine ? ` --pdf-engine ${engine}` : ""}; the PDF tab's viewer given the new PDF` });
  } finally {
    await browser.close();
    child.kill("SIGINT");
    await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
  }
}

// `node scripts/bench/speed.mjs` on its own (after `npm run compile`).
if (import.meta.url === `file://${process.argv[1]}`) await run({ log: console.log });

/**
 * Not a timed test: a measurement, run on demand (BENCH=1), printing medians of the print
 * edition's time next to a bare `chromium --print-to-pdf` of the same HTML (the physical floor)
 * and, when installed outside the repo (PAGEDJS_CLI=path), pagedjs-cli on the same HTML.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect, it } from "vitest";
import { openBrowser } from "../../../src/render/browser.js";
import { renderPdf } from "../../../src/render/pdf/index.js";
import { prepareBook } from "../../../src/render/pdf/print-html.js";
import { createTemplates } from "../../../src/render/templates.js";
import { seedBook } from "../../helpers/books.js";
import { BROWSER } from "../test-browser.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--no-pdf-header-footer"];

// On demand only (BENCH=1), and only with a browser the product would find.
it.skipIf(!process.env.BENCH || !BROWSER)("bench: print PDF vs bare chromium --print-to-pdf (and pagedjs-cli)", { timeout: 600_000 }, async () => {
  const templates = createTemplates();
  const book = await seedBook();
  const dir = mkdtempSync(join(tmpdir(), "imprint-bench-"));
  try {
    // The final print HTML and its fonts on disk, for the command-line tools.
    const { value: warm } = await openBrowser({});
    const first = await renderPdf({ book, templates, browser: warm! });
    for (const [path, file] of prepareBook({ book }).files) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), file.bytes);
    }
    writeFileSync(join(dir, "index.html"), first.html ?? "");
    const times: Record<string, number[]> = { "imprint cold (launch + 2 passes + overlay + close)": [], "imprint warm (browser open)": [], "chromium --print-to-pdf": [], "pagedjs-cli": [] };
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      const { value: cold } = await openBrowser({});
      await renderPdf({ book, templates, browser: cold! });
      await cold!.close();
      times["imprint cold (launch + 2 passes + overlay + close)"]!.push(performance.now() - t);
      t = performance.now();
      await renderPdf({ book, templates, browser: warm! });
      times["imprint warm (browser open)"]!.push(performance.now() - t);
      t = performance.now();
      const profile = mkdtempSync(join(tmpdir(), "imprint-bench-profile-"));
      execFileSync(BROWSER!, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `--print-to-pdf=${join(dir, "bare.pdf")}`, `file://${join(dir, "index.html")}`], { stdio: "ignore" });
      times["chromium --print-to-pdf"]!.push(performance.now() - t);
      rmSync(profile, { recursive: true, force: true });
      if (process.env.PAGEDJS_CLI) {
        t = performance.now();
        execFileSync(process.env.PAGEDJS_CLI, [join(dir, "index.html"), "-o", join(dir, "paged.pdf"), "--browserArgs=--no-sandbox,--disable-gpu,--disable-background-networking,--disable-component-update,--no-first-run,--disable-sync"], { stdio: "ignore", env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: BROWSER } });
        times["pagedjs-cli"]!.push(performance.now() - t);
      }
    }
    await warm!.close();
    const floor = median(times["chromium --print-to-pdf"]!);
    for (const [name, xs] of Object.entries(times)) {
      if (xs.length) console.log(`${name.padEnd(52)} median ${Math.round(median(xs))} ms  (${(median(xs) / floor).toFixed(2)}× floor; runs ${xs.map(Math.round).join(", ")})`);
    }
    expect(times["imprint warm (browser open)"]!.length).toBe(RUNS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * DAISY Ace (`@daisy/ace-cli`, its puppeteer runner) with the discovered Chromium
 * (PUPPETEER_EXECUTABLE_PATH; the runner already launches with --no-sandbox). Ace writes
 * report.json into a temporary folder; every assertion that failed, of any impact, becomes an
 * error diagnostic naming the document inside the EPUB. Ace exits 0 even when the book fails, so
 * the report, not the exit code, decides.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, posix } from "node:path";
import { openZip } from "../zip-read.js";
import { diag, type Diagnostic } from "../diagnostics.js";
import { findBrowser } from "../render/browser.js";
import { safeEpubName } from "./epubcheck.js";
import { runTool, withTempDir } from "./run-tool.js";

interface AceAssertion {
  "earl:result"?: { "earl:outcome"?: string; "dct:description"?: string; html?: string; "earl:pointer"?: { css?: string[] } };
  "earl:test"?: { "earl:impact"?: string; "dct:title"?: string; "dct:description"?: string; help?: { url?: string } };
  assertions?: AceAssertion[];
  "earl:testSubject"?: { url?: string };
}
interface AceReport {
  assertions?: AceAssertion[];
}

function aceScript(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve("@daisy/ace-cli/package.json")), "bin", "ace.js");
  } catch {
    return undefined;
  }
}

export async function runAce(options: { bytes: Uint8Array; fileName: string; browserPath?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Diagnostic[]> {
  const env = options.env ?? process.env;
  const script = aceScript();
  if (!script || !existsSync(script)) return [diag("check/tool-missing", { message: "DAISY Ace (@daisy/ace-cli) is not installed; run npm ci", file: options.fileName })];
  const browser = options.browserPath ?? findBrowser({ env }).path;
  if (!browser) return [diag("check/tool-missing", { message: "Ace needs Chrome or Chromium and none was found; set PUPPETEER_EXECUTABLE_PATH or install chromium", file: options.fileName })];
  const opfDir = await packageDir(options.bytes);
  return withTempDir("imprint-ace-", async (dir) => {
    const epub = join(dir, safeEpubName(options.fileName));
    const out = join(dir, "report");
    await writeFile(epub, options.bytes);
    const run = await runTool({
      command: process.execPath,
      args: ["--max-old-space-size=1024", script, "--silent", "--force", "--outdir", out, "--tempdir", join(dir, "tmp"), epub],
      env: { ...env, PUPPETEER_EXECUTABLE_PATH: browser, PUPPETEER_SKIP_DOWNLOAD: "1", HOME: env.HOME ?? dir },
      timeoutMs: options.timeoutMs ?? 300_000,
    });
    if (run.timedOut) return [diag("check/ace", { message: "Ace did not finish in time", file: options.fileName })];
    let report: AceReport;
    try {
      report = JSON.parse(await readFile(join(out, "report.json"), "utf8")) as AceReport;
    } catch {
      const said = (run.stderr || run.stdout).trim().split("\n").slice(-3).join(" ");
      return [diag("check/ace", { message: `Ace wrote no report (exit ${run.code ?? "?"}): ${said}`, file: options.fileName })];
    }
    return aceDiagnostics({ report, opfDir, fileName: options.fileName });
  });
}

/** The folder of the package document ("EPUB"), from META-INF/container.xml. */
async function packageDir(bytes: Uint8Array): Promise<string> {
  try {
    const container = openZip(bytes).text("META-INF/container.xml");
    const path = /full-path="([^"]+)"/.exec(container ?? "")?.[1] ?? "";
    return posix.dirname(path) === "." ? "" : posix.dirname(path);
  } catch {
    return "";
  }
}

export function aceDiagnostics({ report, opfDir, fileName }: { report: AceReport; opfDir: string; fileName: string }): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const subject of report.assertions ?? []) {
    const file = innerPath(subject["earl:testSubject"]?.url, opfDir) ?? fileName;
    for (const a of subject.assertions ?? []) {
      if (a["earl:result"]?.["earl:outcome"] !== "fail") continue;
      const test = a["earl:test"] ?? {};
      const where = a["earl:result"]?.["earl:pointer"]?.css?.[0];
      const what = (a["earl:result"]?.["dct:description"] ?? test["dct:description"] ?? "").split("\n")[0];
      out.push(
        diag("check/ace", {
          message: `${test["earl:impact"] ?? "unknown"} ${test["dct:title"] ?? "rule"}: ${what}${where ? ` (at ${where})` : ""}`,
          file,
          ...(test.help?.url ? { hint: test.help.url } : {}),
        }),
      );
    }
  }
  return out;
}

/** Ace names documents relative to the package ("s1.xhtml") or the container ("/EPUB/nav.xhtml"). */
function innerPath(url: string | undefined, opfDir: string): string | undefined {
  if (!url) return undefined;
  if (url.startsWith("/")) return url.slice(1);
  if (opfDir && (url === opfDir || url.startsWith(`${opfDir}/`))) return url;
  return opfDir ? `${opfDir}/${url}` : url;
}

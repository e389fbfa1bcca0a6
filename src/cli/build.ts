/** `imprint build [DIR] [--out OUT] [--formats epub,pdf,html] …` */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { FORMATS, type CheckLevel, type Format } from "../formats.js";
import { DEFAULT_PRINT_ENGINE, PRINT_ENGINE_NAMES, type PrintEngineName } from "../render/print/engine.js";
import { EXIT, formatBytes, printDiagnostics, summary, type Printer } from "./output.js";
import { choice, formatList, limitSetting, positiveInteger, seconds } from "./parse.js";
import { bookletRequest } from "../distribute/booklet-options.js";
import { deferOptimiser } from "../optimiser.js";

/** `build --watch`: the preview's warm rebuild loop without its server (src/watch/). */
async function watchCommand({ dir, flags, printer }: { dir: string; flags: BuildFlags; printer: Printer }): Promise<number> {
  const { untilSignal, rebuildLine } = await import("./preview.js");
  const signals = untilSignal();
  try {
    const { watchBuild } = await import("../watch/index.js");
    const handle = await watchBuild({
      build: { dir, out: flags.out, formats: flags.formats, timeoutMs: flags.timeout * 1000, pandoc: flags.pandoc, checks: flags.check, failOnWarnings: Boolean(flags.failOnWarnings), pdfEngine: flags.pdfEngine },
      onRebuild: (r) => {
        printDiagnostics({ diagnostics: r.report.diagnostics, printer });
        if (!flags.quiet) printer.err(rebuildLine(r));
      },
      onChange: (paths) => flags.quiet || printer.err(`changed: ${paths.length === 1 ? paths[0] : `${paths.length} files`}`),
    });
    if (!flags.quiet) printer.err(`watching ${dir} (Ctrl-C to stop)`);
    await signals.signalled;
    await handle.close();
    return EXIT.ok;
  } finally {
    signals.dispose();
  }
}

interface BuildFlags {
  out: string;
  formats: Format[];
  timeout: number;
  pandoc: "auto" | "native" | "wasm";
  check: CheckLevel;
  json?: boolean;
  log?: string;
  failOnWarnings?: boolean;
  quiet?: boolean;
  pdfEngine?: PrintEngineName;
  maxImagePixels?: number;
  pandocMemory?: number;
  limit?: Record<string, number>;
  impose?: string;
  signature?: string;
  sheet?: string;
  watch?: boolean;
}

export function registerBuild({ program, printer, setExit }: { program: Command; printer: Printer; setExit: (code: number) => void }): void {
  program
    .command("build")
    .description("build the EPUB, PDF and HTML editions of a manuscript folder")
    .argument("[dir]", "manuscript folder", "manuscript")
    .option("-o, --out <dir>", "output folder", "dist")
    .option("-f, --formats <list>", `editions to build, comma-separated (${FORMATS.join(",")})`, formatList, [...FORMATS])
    .option("--timeout <seconds>", "pandoc timeout per file, in seconds", seconds, 30)
    .option("--pandoc <backend>", "pandoc to use: auto (native if installed, else the embedded WebAssembly one), native or wasm", choice(["auto", "native", "wasm"]), "auto")
    .option("--check <level>", "checks after rendering: fast (in-process EPUB rules), full (also EPUBCheck and DAISY Ace), none", choice(["fast", "full", "none"]), "fast")
    .option("--pdf-engine <engine>", `print engine for the PDF: ${PRINT_ENGINE_NAMES.join(" or ")} (default: print.engine in metadata.yaml, else ${DEFAULT_PRINT_ENGINE})`, choice(PRINT_ENGINE_NAMES))
    .option("--max-image-pixels <n>", "largest image allowed, in pixels (width × height; default 50000000)", positiveInteger)
    .option("--pandoc-memory <MB>", "memory cap for pandoc, in MiB (default 1024)", positiveInteger)
    .option("--limit <name=n>", "raise a cap: max-svg-elements (50000), max-svg-use-depth (8), max-svg-use-expansion (100000), max-total-image-pixels (600000000); repeatable", limitSetting)
    .option("--impose <kind>", "also impose the PDF edition: booklet (saddle-stitched, two pages up on landscape sheets) as <slug>-booklet.pdf")
    .option("--signature <sheets>", "booklet: sheets per signature, for thick books (default: one signature)")
    .option("--sheet <name>", "booklet: landscape sheet, letter or a4 (default: a4 for ISO trims such as A5, else letter)")
    .option("--json", "print the build report as JSON on stdout")
    .option("--log <file>", "also write the build report as JSON to this file")
    .option("--fail-on-warnings", "exit 1 and write nothing when there are warnings (for CI)")
    .option("-q, --quiet", "print only diagnostics")
    .option("-w, --watch", "stay running and rebuild on every save of the manuscript or its templates (Ctrl-C stops)")
    .addHelpText("after", "\nExit codes: 0 built, 1 bad input or failed build (nothing written), 2 usage error.")
    .action(async (dir: string, flags: BuildFlags) => {
      const showStages = !flags.quiet && !flags.json && process.stderr.isTTY;
      // A bad booklet value is a usage error with its diagnostic, before anything is built.
      const booklet = bookletRequest({ impose: flags.impose, signature: flags.signature, sheet: flags.sheet });
      if (booklet.diagnostics.length > 0) {
        printDiagnostics({ diagnostics: booklet.diagnostics, printer });
        setExit(EXIT.usage);
        return;
      }
      if (flags.watch) return setExit(await watchCommand({ dir, flags, printer }));
      // One build, then exit: see src/optimiser.ts.
      deferOptimiser();
      const { build } = await import("../build.js");
      const report = await build({
        dir,
        out: flags.out,
        formats: flags.formats,
        timeoutMs: flags.timeout * 1000,
        pandoc: flags.pandoc,
        checks: flags.check,
        failOnWarnings: Boolean(flags.failOnWarnings),
        ...(flags.pdfEngine ? { pdfEngine: flags.pdfEngine } : {}),
        ...(flags.maxImagePixels || flags.pandocMemory || flags.limit ? { limits: { ...flags.limit, ...(flags.maxImagePixels ? { maxImagePixels: flags.maxImagePixels } : {}), ...(flags.pandocMemory ? { pandocMemoryMb: flags.pandocMemory } : {}) } } : {}),
        ...(showStages ? { onStage: (s: string) => printer.err(`  ${s}…`) } : {}),
        ...(flags.impose ? { impose: "booklet" as const, ...booklet.value } : {}),
      });
      printDiagnostics({ diagnostics: report.diagnostics, printer });
      if (flags.log) await writeFile(flags.log, JSON.stringify(report, null, 2) + "\n");
      if (flags.json) printer.out(JSON.stringify(report, null, 2));
      else if (!flags.quiet) {
        if (report.ok) {
          for (const e of report.editions) printer.out(`${e.path}  ${formatBytes(e.bytes)}  ${e.ms} ms`);
          printer.out(`built ${report.editions.length} edition${report.editions.length === 1 ? "" : "s"} of "${report.slug}" (${summary(report.diagnostics)})`);
          if (report.booklet) printer.out(`booklet: ${report.booklet.instructions}`);
        } else printer.err(`build failed (${summary(report.diagnostics)}); nothing was written to ${flags.out}/`);
      }
      setExit(report.ok ? EXIT.ok : EXIT.failed);
    });
}

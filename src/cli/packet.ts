/** `imprint packet [DIR|FILE] [--out OUT] [--formats epub,pdf,html] [--impose booklet] [--signature N] [--sheet letter|a4] [--jobs N]` */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { FORMATS, type CheckLevel, type Format } from "../formats.js";
import { EXIT, formatBytes, printDiagnostics, summary, type Printer } from "./output.js";
import { choice, formatList, positiveInteger, seconds } from "./parse.js";
import { DEFAULT_PRINT_ENGINE, PRINT_ENGINE_NAMES, type PrintEngineName } from "../render/print/engine.js";

interface PacketFlags {
  pdfEngine?: PrintEngineName;
  out: string;
  formats: Format[];
  impose?: "booklet";
  signature?: number;
  sheet?: "letter" | "a4";
  jobs?: number;
  check: CheckLevel;
  cache: boolean;
  catalogue: boolean;
  timeout: number;
  pandoc: "auto" | "native" | "wasm";
  json?: boolean;
  log?: string;
  failOnWarnings?: boolean;
  quiet?: boolean;
}

export function registerPacket({ program, printer, setExit }: { program: Command; printer: Printer; setExit: (code: number) => void }): void {
  program
    .command("packet")
    .description("build a reading packet (packet.yaml: many manuscripts in one) with its editions, each item's editions, covers, landing page, OPDS feeds and a zip")
    .argument("[path]", "the packet folder (holding packet.yaml) or the packet file", ".")
    .option("-o, --out <dir>", "output folder; the packet goes to OUT/<packet-slug>/", "dist")
    .option("-f, --formats <list>", `editions to build, comma-separated (${FORMATS.join(",")})`, formatList, [...FORMATS])
    .option("--impose <kind>", "also impose the print edition: booklet (saddle stitch, two pages up)", choice(["booklet"]))
    .option("--signature <n>", "booklet: sheets per signature (default: one signature)", positiveInteger)
    .option("--sheet <size>", "booklet: the landscape sheet, letter or a4 (default from the trim size)", choice(["letter", "a4"]))
    .option("-j, --jobs <n>", "items built at once (default: the number of cores)", positiveInteger)
    .option("--check <level>", "checks after rendering: fast, full (also EPUBCheck and DAISY Ace), none", choice(["fast", "full", "none"]), "fast")
    .option("--no-cache", "convert and render everything again, ignoring OUT/.imprint-cache")
    .option("--no-catalogue", "only the editions and covers: no landing page, OPDS feeds, zip or QR code")
    .option("--timeout <seconds>", "pandoc timeout per file, in seconds", seconds, 30)
    .option("--pandoc <backend>", "pandoc to use: auto, native or wasm", choice(["auto", "native", "wasm"]), "auto")
    .option("--pdf-engine <engine>", `print engine for every PDF: ${PRINT_ENGINE_NAMES.join(" or ")} (default: each book's print.engine, else ${DEFAULT_PRINT_ENGINE})`, choice(PRINT_ENGINE_NAMES))
    .option("--json", "print the build report as JSON on stdout")
    .option("--log <file>", "also write the build report as JSON to this file")
    .option("--fail-on-warnings", "exit 1 and write nothing when there are warnings (for CI)")
    .option("-q, --quiet", "print only diagnostics")
    .addHelpText("after", "\nExit codes: 0 built, 1 bad input or failed build (nothing written), 2 usage error.")
    .action(async (path: string, flags: PacketFlags) => {
      const { buildPacket } = await import("../packet/index.js");
      const { progressReporter } = await import("../packet/progress.js");
      // A bar needs the terminal itself; plain lines go through the printer like everything else.
      const stream = process.stderr.isTTY ? process.stderr : { isTTY: false, write: (s: string) => printer.err(s.replace(/\n$/, "")) };
      const progress = !flags.quiet && !flags.json ? progressReporter({ stream }) : undefined;
      const report = await buildPacket({
        path,
        out: flags.out,
        formats: flags.formats,
        checks: flags.check,
        timeoutMs: flags.timeout * 1000,
        pandoc: flags.pandoc,
        ...(flags.pdfEngine ? { pdfEngine: flags.pdfEngine } : {}),
        failOnWarnings: Boolean(flags.failOnWarnings),
        catalogue: flags.catalogue,
        ...(flags.cache ? {} : { cache: false as const }),
        ...(flags.impose ? { impose: flags.impose } : {}),
        ...(flags.signature ? { signature: flags.signature } : {}),
        ...(flags.sheet ? { sheet: flags.sheet } : {}),
        ...(flags.jobs ? { jobs: flags.jobs } : {}),
        ...(progress ? { onProgress: progress } : {}),
      });
      printDiagnostics({ diagnostics: report.diagnostics, printer });
      if (flags.log) await writeFile(flags.log, JSON.stringify(report, null, 2) + "\n");
      if (flags.json) printer.out(JSON.stringify(report, null, 2));
      else if (!flags.quiet) {
        if (report.ok) {
          for (const e of report.editions) printer.out(`${e.path}  ${formatBytes(e.bytes)}  ${e.ms} ms`);
          if (report.booklet) printer.out(`booklet: ${report.booklet.instructions}`);
          printer.out(`built the packet "${report.slug}": ${report.items.length} item${report.items.length === 1 ? "" : "s"} in ${report.outDir}/ (${summary(report.diagnostics)})`);
        } else printer.err(`packet build failed (${summary(report.diagnostics)}); nothing was written to ${flags.out}/`);
      }
      setExit(report.ok ? EXIT.ok : EXIT.failed);
    });
}

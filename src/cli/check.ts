/** `imprint check FILE.epub|FILE.pdf [--preflight kdp|ingram]` */
import type { Command } from "commander";
import type { EpubCheckName } from "../check/index.js";
import { hasErrors } from "../diagnostics.js";
import { EXIT, printDiagnostics, summary, type Printer } from "./output.js";
import { choice } from "./parse.js";

interface CheckFlags {
  preflight?: "kdp" | "ingram";
  only?: string;
  json?: boolean;
}

export function registerCheck({ program, printer, setExit }: { program: Command; printer: Printer; setExit: (code: number) => void }): void {
  program
    .command("check")
    .description("check an EPUB (EPUBCheck, epubcheck-ts, DAISY Ace) or a PDF (print-service preflight)")
    .argument("<files...>", ".epub or .pdf files")
    .option("--preflight <profile>", "PDF: the print service to check for (default: both)", choice(["kdp", "ingram"]))
    .option("--only <checks>", "EPUB: comma-separated subset of epubcheck,epubcheck-ts,ace")
    .option("--json", "print the diagnostics as JSON on stdout")
    .addHelpText("after", "\nExit codes: 0 no errors, 1 errors found or a file could not be read, 2 usage error.")
    .action(async (files: string[], flags: CheckFlags) => {
      const { checkFiles } = await import("../check/index.js");
      const epubChecks = flags.only?.split(",").map((s) => s.trim()).filter((s): s is EpubCheckName => ["epubcheck", "epubcheck-ts", "ace"].includes(s));
      const diagnostics = await checkFiles({ files, ...(epubChecks?.length ? { epubChecks } : {}), ...(flags.preflight ? { preflight: [flags.preflight] } : {}) });
      printDiagnostics({ diagnostics, printer });
      if (flags.json) printer.out(JSON.stringify(diagnostics, null, 2));
      else printer.out(`checked ${files.length} file${files.length === 1 ? "" : "s"}: ${summary(diagnostics)}`);
      setExit(hasErrors(diagnostics) ? EXIT.failed : EXIT.ok);
    });
}

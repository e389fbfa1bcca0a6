/** `imprint check FILE.epub|FILE.pdf [--preflight kdp|ingram]` */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { diag, hasErrors, type Diagnostic } from "../diagnostics.js";
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
      const diagnostics: Diagnostic[] = [];
      for (const file of files) {
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await readFile(file));
        } catch (error) {
          diagnostics.push(diag("load/unreadable", { message: `cannot read "${file}": ${(error as Error).message}`, file }));
          continue;
        }
        if (/\.epub$/i.test(file)) {
          const { checkEpub } = await import("../check/epub.js");
          const checks = flags.only?.split(",").map((s) => s.trim()).filter((s): s is "epubcheck" | "epubcheck-ts" | "ace" => ["epubcheck", "epubcheck-ts", "ace"].includes(s));
          diagnostics.push(...(await checkEpub({ bytes, fileName: file, ...(checks?.length ? { checks } : {}) })));
        } else if (/\.pdf$/i.test(file)) {
          const { preflightPdf } = await import("../check/preflight.js");
          for (const profile of flags.preflight ? [flags.preflight] : (["kdp", "ingram"] as const)) diagnostics.push(...(await preflightPdf({ bytes, file, profile })));
        } else {
          diagnostics.push(diag("cli/usage", { message: `"${file}" is neither an .epub nor a .pdf`, file }));
        }
      }
      printDiagnostics({ diagnostics, printer });
      if (flags.json) printer.out(JSON.stringify(diagnostics, null, 2));
      else printer.out(`checked ${files.length} file${files.length === 1 ? "" : "s"}: ${summary(diagnostics)}`);
      setExit(hasErrors(diagnostics) ? EXIT.failed : EXIT.ok);
    });
}

/** `imprint cover [DIR] [--out FILE.pdf]` */
import type { Command } from "commander";
import { EXIT, printDiagnostics, summary, type Printer } from "./output.js";
import { choice } from "./parse.js";

export function registerCover({ program, printer, setExit }: { program: Command; printer: Printer; setExit: (code: number) => void }): void {
  program
    .command("cover")
    .description("make the paperback's full-wrap cover PDF (back, spine, front, with bleed); the spine width follows the page count and paper")
    .argument("[dir]", "manuscript folder", "manuscript")
    .option("-o, --out <file>", "output PDF (default DIST/<slug>-cover.pdf)")
    .option("--dist <dir>", "the build's output folder: the page count comes from its build-report.json", "dist")
    .option("--pandoc <backend>", "pandoc to use: auto, native or wasm", choice(["auto", "native", "wasm"]), "auto")
    .addHelpText("after", "\nPaper (white or cream) and trim size come from metadata.yaml's print: block.\nExit codes: 0 written, 1 bad input or failed, 2 usage error.")
    .action(async (dir: string, flags: { out?: string; dist: string; pandoc: "auto" | "native" | "wasm" }) => {
      const { makeCover } = await import("../make-cover.js");
      const result = await makeCover({ dir, out: flags.dist, pandoc: flags.pandoc, ...(flags.out ? { outFile: flags.out } : {}) });
      printDiagnostics({ diagnostics: result.diagnostics, printer });
      if (result.value) {
        printer.out(`${result.value.path}  (spine for ${result.value.pageCount} pages${result.value.pageCountFrom === "build" ? ", as built" : result.value.pageCountFrom === "rendered" ? ", counted by rendering the print edition: no build of it was found" : ""}; ${summary(result.diagnostics)})`);
        setExit(EXIT.ok);
      } else setExit(EXIT.failed);
    });
}

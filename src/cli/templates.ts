/** `imprint templates [--print NAME] [--manuscript DIR]`: list the templates, or print a default to start from. */
import type { Command } from "commander";
import { diag } from "../diagnostics.js";
import type { TemplateFile } from "../render/templates.js";
import { EXIT, printDiagnostics, type Printer } from "./output.js";

export function registerTemplates({ program, printer, setExit }: { program: Command; printer: Printer; setExit: (code: number) => void }): void {
  program
    .command("templates")
    .description("list the templates and stylesheets, or print a built-in one to copy into your manuscript's templates/ folder")
    .option("-p, --print <name>", "print the built-in template or stylesheet of that name")
    .option("-m, --manuscript <dir>", "also show which ones this manuscript overrides")
    .addHelpText("after", "\nOverride a template by saving a file of the same name in MANUSCRIPT/templates/, e.g.\n  imprint templates --print base.css > manuscript/templates/base.css")
    .action(async (flags: { print?: string; manuscript?: string }) => {
      const { createTemplates } = await import("../render/templates.js");
      const builtIn = createTemplates();
      if (flags.print !== undefined) {
        const file = builtIn.file(flags.print);
        if (!file) {
          printDiagnostics({ diagnostics: [diag("render/template-missing", { message: `no template named "${flags.print}"; known: ${builtIn.names().join(", ")}` })], printer });
          setExit(EXIT.failed);
          return;
        }
        process.stdout.write(file.text);
        setExit(EXIT.ok);
        return;
      }
      let overrides: TemplateFile[] = [];
      if (flags.manuscript !== undefined) {
        const { loadProject } = await import("../load/project.js");
        const project = await loadProject({ dir: flags.manuscript });
        printDiagnostics({ diagnostics: project.diagnostics, printer });
        if (!project.value) {
          setExit(EXIT.failed);
          return;
        }
        overrides = project.value.templateOverrides;
      }
      const merged = createTemplates({ overrides });
      for (const name of merged.names()) {
        const f = merged.file(name);
        printer.out(f?.origin === "manuscript" ? `${name}  (overridden by ${f.path})` : name);
      }
      setExit(EXIT.ok);
    });
}

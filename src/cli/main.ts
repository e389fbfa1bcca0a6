/**
 * The CLI: a thin parser over the functions src/index.ts exports. Heavy modules (pandoc, Chromium)
 * load only inside the command that needs them, so `imprint --help` starts fast.
 */
import { Command, CommanderError } from "commander";
import { stopTypstWorkers } from "../render/print/typst/compiler.js";
import { VERSION } from "../version.js";
import { registerBuild } from "./build.js";
import { registerCheck } from "./check.js";
import { registerCover } from "./cover.js";
import { registerImport } from "./import.js";
import { registerPacket } from "./packet.js";
import { registerPreview } from "./preview.js";
import { consolePrinter, EXIT, type Printer } from "./output.js";
import { registerTemplates } from "./templates.js";

/** What a command left running for reuse (warm typst workers) stops, and is waited for. */
export async function shutdown(): Promise<void> {
  await stopTypstWorkers();
}

export async function main(argv: string[], printer: Printer = consolePrinter): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command("imprint")
    .description("One manuscript folder in: a store-ready EPUB 3, a print-ready PDF and an HTML edition out.")
    .version(VERSION, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .addHelpText("after", "\nExit codes: 0 success, 1 bad input or failed build, 2 usage error.\nRun `imprint <command> --help` for a command's options.")
    .configureOutput({ writeOut: (s) => printer.out(s.replace(/\n$/, "")), writeErr: (s) => printer.err(s.replace(/\n$/, "")) })
    .exitOverride();
  for (const register of [registerBuild, registerPacket, registerImport, registerCheck, registerTemplates, registerCover, registerPreview]) register({ program, printer, setExit });
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (s) => printer.out(s.replace(/\n$/, "")), writeErr: (s) => printer.err(s.replace(/\n$/, "")) });

  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return EXIT.ok;
      if (error.code === "commander.executeSubCommandAsync") return EXIT.failed;
      return EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}

/** `imprint preview [DIR] [--port N] [--host H] [--open] …`: build, serve, rebuild on save. */
import { spawn } from "node:child_process";
import type { Command } from "commander";
import { FORMATS, type Format } from "../formats.js";
import { DEFAULT_PRINT_ENGINE, PRINT_ENGINE_NAMES, type PrintEngineName } from "../render/print/engine.js";
import type { Rebuild } from "../watch/session.js";
import { EXIT, printDiagnostics, summary, type Printer } from "./output.js";
import { choice, formatList, positiveInteger } from "./parse.js";

interface PreviewFlags {
  out?: string;
  formats: Format[];
  port?: number;
  host?: string;
  open?: boolean;
  pandoc: "auto" | "native" | "wasm";
  pdfEngine?: PrintEngineName;
  check: "fast" | "none";
}

/** Resolves on the first SIGINT or SIGTERM (Ctrl-C, a service manager), so the caller can clean up. */
export function untilSignal(): { signalled: Promise<NodeJS.Signals>; dispose(): void } {
  let done: (s: NodeJS.Signals) => void = () => undefined;
  const signalled = new Promise<NodeJS.Signals>((res) => (done = res));
  const on = (s: NodeJS.Signals) => () => done(s);
  const int = on("SIGINT");
  const term = on("SIGTERM");
  // `on`, not `once`: signal-exit (in proper-lockfile) re-raises a signal that no other listener
  // is left to handle, which would end the process before it cleans up.
  process.on("SIGINT", int);
  process.on("SIGTERM", term);
  return {
    signalled,
    dispose() {
      process.off("SIGINT", int);
      process.off("SIGTERM", term);
    },
  };
}

/** One line per build for the terminal. */
export function rebuildLine(r: Rebuild): string {
  if (!r.report.ok) return `build failed (${summary(r.report.diagnostics)}); the last good editions stay`;
  // The quick phases' editions are in memory (shown at once); the full build writes every edition.
  if (r.early) return `made ${r.early.map((e) => e.format).join(", ")} in ${r.ms} ms (shown; written with the rest)`;
  const editions = r.report.editions.map((e) => e.format).join(", ");
  return `built ${editions || "nothing new"} in ${r.ms} ms (${summary(r.report.diagnostics)})`;
}

function openInBrowser(url: string): void {
  const command = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  try {
    spawn(command, [url], { stdio: "ignore", detached: true }).on("error", () => undefined).unref();
  } catch {
    // Nothing to open it with: the URL is printed anyway.
  }
}

export function registerPreview({ program, printer, setExit }: { program: Command; printer: Printer; setExit: (code: number) => void }): void {
  program
    .command("preview")
    .description("build, serve the editions on http://127.0.0.1:PORT, and rebuild and reload on every save")
    .argument("[dir]", "manuscript folder", "manuscript")
    .option("-o, --out <dir>", "where the editions are written (default: a temporary folder, removed on exit)")
    .option("-f, --formats <list>", `editions to preview, comma-separated (${FORMATS.join(",")})`, formatList, [...FORMATS])
    .option("-p, --port <n>", "port to listen on (default: a free one)", positiveInteger)
    .option("--host <address>", "interface to listen on (default 127.0.0.1, this machine only; 0.0.0.0 shares it on your network)")
    .option("--open", "open the preview in the default browser")
    .option("--pandoc <backend>", "pandoc to use: auto, native or wasm", choice(["auto", "native", "wasm"]), "auto")
    .option("--pdf-engine <engine>", `print engine for the PDF: ${PRINT_ENGINE_NAMES.join(", ")} (default: print.engine in metadata.yaml, else ${DEFAULT_PRINT_ENGINE}, as for build)`, choice(PRINT_ENGINE_NAMES))
    .option("--check <level>", "checks after each build: fast (in-process EPUB rules) or none", choice(["fast", "none"]), "fast")
    .addHelpText("after", "\nStops on Ctrl-C, ending pandoc and the browser. Exit codes: 0 stopped, 1 could not start, 2 usage error.")
    .action(async (dir: string, flags: PreviewFlags) => {
      const signals = untilSignal();
      try {
        const { preview } = await import("../preview/index.js");
        const handle = await preview({
          build: { dir, formats: flags.formats, pandoc: flags.pandoc, checks: flags.check, ...(flags.pdfEngine ? { pdfEngine: flags.pdfEngine } : {}), ...(flags.out ? { out: flags.out } : {}) },
          ...(flags.host ? { host: flags.host } : {}),
          ...(flags.port ? { port: flags.port } : {}),
          onRebuild: (r) => {
            printDiagnostics({ diagnostics: r.report.diagnostics.filter((d) => d.severity !== "info"), printer });
            printer.err(rebuildLine(r));
          },
          onChange: (paths) => printer.err(`changed: ${paths.length === 1 ? paths[0] : `${paths.length} files`}`),
        });
        printer.out(`imprint preview: ${handle.url}  (Ctrl-C to stop)`);
        if (flags.open) openInBrowser(handle.url);
        await signals.signalled;
        printer.err("stopping…");
        await handle.close();
        setExit(EXIT.ok);
      } catch (error) {
        printer.err(`imprint preview could not start: ${(error as Error).message}`);
        setExit(EXIT.failed);
      } finally {
        signals.dispose();
      }
    });
}

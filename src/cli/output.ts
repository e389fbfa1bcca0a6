/** How the CLI prints: diagnostics as `file:line:column: severity: message [code]` on stderr. */
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from "../diagnostics.js";

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface Printer {
  out(text: string): void;
  err(text: string): void;
}

export const consolePrinter: Printer = {
  out: (text) => process.stdout.write(text.endsWith("\n") ? text : text + "\n"),
  err: (text) => process.stderr.write(text.endsWith("\n") ? text : text + "\n"),
};

export function printDiagnostics({ diagnostics, printer }: { diagnostics: readonly Diagnostic[]; printer: Printer }): void {
  for (const d of sortDiagnostics(diagnostics)) printer.err(formatDiagnostic(d));
}

export function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
}

/** Decimal units, as the landing page, phones and file managers give them (5 533 038 bytes: "5.5 MB"). */
export function formatBytes(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${(n / 1000).toFixed(1)} kB`;
}

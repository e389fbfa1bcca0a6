/**
 * Diagnostics: every stage returns its value together with these. User mistakes never throw;
 * only internal bugs do. Shaped like vfile-message (file, line, column, rule id) with a stable
 * code per kind of problem, printed as `file:line:column: severity: message [code]`.
 */
import { CODES, type CodeInfo, type DiagnosticCode } from "./codes.js";

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  /** What happened and what would be valid; no "Error:" prefix, no location inside. */
  message: string;
  /** Path as the user would type it (relative to the working directory where possible). */
  file?: string;
  line?: number;
  column?: number;
  /** The metadata field or element concerned, when there is one. */
  field?: string;
  /** Optional extra advice printed on its own line. */
  hint?: string;
}

export interface Result<T> {
  value: T;
  diagnostics: Diagnostic[];
}

/** What a stage says about a problem; the code's catalogue entry supplies the default severity. */
export type DiagnosticInput = Omit<Diagnostic, "code" | "severity"> & { severity?: Severity };

/** Builds a diagnostic for a catalogued code; severity defaults to the catalogue's. */
export function diag(code: DiagnosticCode, input: DiagnosticInput): Diagnostic {
  const entry: CodeInfo = CODES[code];
  const d: Diagnostic = { severity: input.severity ?? entry.severity, code, message: input.message };
  if (input.file !== undefined) d.file = input.file;
  if (input.line !== undefined) d.line = input.line;
  if (input.column !== undefined) d.column = input.column;
  if (input.field !== undefined) d.field = input.field;
  const hint = input.hint ?? entry.hint;
  if (hint !== undefined) d.hint = hint;
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** `file:line:column: severity: message [code]`; missing parts are left out, never invented. */
/**
 * Controls and bidirectional overrides shown as escapes: a file name holding a line break (and a
 * made-up "file:1: error:") or U+202E must not forge or reorder the lines a user reads.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The first such character in `text`, or undefined. */
export function firstUnprintable(text: string): string | undefined {
  return text.match(new RegExp(UNPRINTABLE.source))?.[0];
}

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`);
}

export function formatDiagnostic(d: Diagnostic): string {
  let where = "";
  if (d.file) {
    where = printable(d.file);
    if (d.line !== undefined) {
      where += `:${d.line}`;
      if (d.column !== undefined) where += `:${d.column}`;
    }
    where += ": ";
  }
  const head = `${where}${d.severity}: ${printable(d.message)} [${d.code}]`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Stable order for reports: by file, line, column, then code. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      (a.file ?? "").localeCompare(b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code),
  );
}

/** Raised only for user-facing failures that must stop a stage (carried as diagnostics). */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "DiagnosticError";
  }
}

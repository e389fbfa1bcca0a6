/**
 * epubcheck-ts: a TypeScript port of EPUBCheck with EPUB 3.3 rules, run in-process (no Java).
 * fatal/error → error, warning → warning; info and usage (best-practice advice) are not reported.
 * Imported lazily so a build that never checks does not pay for its WebAssembly XML engine.
 */
import { diag, type Diagnostic, type Severity } from "../diagnostics.js";

export async function runEpubcheckTs({ bytes, fileName }: { bytes: Uint8Array; fileName: string }): Promise<Diagnostic[]> {
  let mod: typeof import("@likecoin/epubcheck-ts");
  try {
    mod = await import("@likecoin/epubcheck-ts");
  } catch (error) {
    return [diag("check/tool-missing", { message: `epubcheck-ts could not be loaded (${(error as Error).message}); run npm ci`, file: fileName })];
  }
  const result = await mod.EpubCheck.validate(bytes, { includeUsage: false, includeInfo: false });
  const out: Diagnostic[] = [];
  for (const m of result.messages) {
    const severity = mapSeverity(m.severity);
    if (!severity) continue;
    const loc = m.location;
    out.push(
      diag("check/epubcheck-ts", {
        severity,
        message: `${m.message} (${m.id})`,
        file: loc?.path ? loc.path : fileName,
        ...(loc?.line && loc.line > 0 ? { line: loc.line } : {}),
        ...(loc?.column && loc.column > 0 ? { column: loc.column } : {}),
        ...(m.suggestion ? { hint: m.suggestion } : {}),
      }),
    );
  }
  return out;
}

function mapSeverity(s: string): Severity | undefined {
  if (s === "fatal" || s === "error") return "error";
  if (s === "warning") return "warning";
  return undefined;
}

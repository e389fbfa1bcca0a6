/**
 * W3C EPUBCheck (the Java tool; Debian ships 4.2.6 as /usr/share/java/epubcheck.jar), run on a
 * temporary copy with `--json` into a temporary file, its messages turned into our diagnostics:
 * FATAL/ERROR → error, WARNING → warning, INFO/USAGE → not reported (they are advice, e.g.
 * "uses @font-face").
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { diag, type Diagnostic, type Severity } from "../diagnostics.js";
import { runTool, withTempDir } from "./run-tool.js";

export const DEFAULT_EPUBCHECK_JAR = "/usr/share/java/epubcheck.jar";

/**
 * EPUBCheck runs for seconds, not hours: the client compiler alone and the serial collector start
 * it about twice as fast (measured 6.6 s → 2.8–3.7 s on the seed's EPUB on this 2-core machine);
 * its heap is capped like every child process's.
 */
const JVM_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx1024m"];

interface EpubcheckLocation {
  path?: string;
  line?: number;
  column?: number;
}
interface EpubcheckMessage {
  ID?: string;
  severity?: string;
  message?: string;
  locations?: EpubcheckLocation[];
  suggestion?: string | null;
}

export async function runEpubcheck(options: { bytes: Uint8Array; fileName: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Diagnostic[]> {
  const env = options.env ?? process.env;
  const jar = env.EPUBCHECK_JAR ?? DEFAULT_EPUBCHECK_JAR;
  if (!existsSync(jar)) {
    return [diag("check/tool-missing", { message: `EPUBCheck was not found at ${jar}; install it (apt-get install epubcheck) or set EPUBCHECK_JAR`, file: options.fileName })];
  }
  return withTempDir("imprint-epubcheck-", async (dir) => {
    const epub = join(dir, safeEpubName(options.fileName));
    const report = join(dir, "report.json");
    await writeFile(epub, options.bytes);
    const run = await runTool({ command: env.JAVA ?? "java", args: [...JVM_FLAGS, "-jar", jar, epub, "--json", report], env, timeoutMs: options.timeoutMs ?? 180_000 });
    if (run.spawnError) {
      return [diag("check/tool-missing", { message: `Java could not be started (${run.spawnError.code ?? run.spawnError.message}); EPUBCheck needs a Java runtime (apt-get install default-jre-headless)`, file: options.fileName })];
    }
    if (run.timedOut) return [diag("check/epubcheck", { message: "EPUBCheck did not finish in time", file: options.fileName })];
    let parsed: { messages?: EpubcheckMessage[] };
    try {
      parsed = JSON.parse(await readFile(report, "utf8")) as { messages?: EpubcheckMessage[] };
    } catch {
      const said = (run.stderr || run.stdout).trim().split("\n").slice(-3).join(" ");
      return [diag("check/epubcheck", { message: `EPUBCheck wrote no report (exit ${run.code ?? "?"}): ${said}`, file: options.fileName })];
    }
    return epubcheckDiagnostics({ messages: parsed.messages ?? [], fileName: options.fileName });
  });
}

export function epubcheckDiagnostics({ messages, fileName }: { messages: EpubcheckMessage[]; fileName: string }): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of messages) {
    const severity = mapSeverity(m.severity);
    if (!severity) continue;
    const loc = m.locations?.find((l) => (l.line ?? -1) > 0) ?? m.locations?.[0];
    const d = diag("check/epubcheck", {
      severity,
      message: `${m.message ?? "(no message)"} (${m.ID ?? "?"})`,
      // The inner path ("EPUB/s1.xhtml"); the EPUB itself when the tool names no file.
      file: loc?.path ? loc.path : fileName,
      ...(loc?.line && loc.line > 0 ? { line: loc.line } : {}),
      ...(loc?.column && loc.column > 0 ? { column: loc.column } : {}),
      ...(m.suggestion ? { hint: m.suggestion } : {}),
    });
    out.push(d);
  }
  return out;
}

function mapSeverity(s: string | undefined): Severity | undefined {
  switch ((s ?? "").toUpperCase()) {
    case "FATAL":
    case "ERROR":
      return "error";
    case "WARNING":
      return "warning";
    default:
      return undefined;
  }
}

/** A file name safe to write in a temp folder, keeping the `.epub` extension the tools want. */
export function safeEpubName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? "book.epub";
  const clean = base.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "") || "book";
  return clean.toLowerCase().endsWith(".epub") ? clean : `${clean}.epub`;
}

/**
 * The native pandoc backend: a child process per run, spawned with an argument array (never a
 * shell), its output collected as Buffers and decoded once, killed (SIGKILL) when the timeout
 * passes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  MIN_PANDOC_VERSION,
  assertSafeArgs,
  compareVersions,
  nativeArgs,
  parseStderrWarnings,
  parseVersionBanner,
  stderrErrors,
} from "./args.js";
import { PandocError, type PandocBackend, type PandocOutput, type PandocRun } from "./types.js";

interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
}

interface ExecOptions {
  command: string;
  args: string[];
  stdin: Uint8Array;
  timeoutMs: number;
  sourceFile: string;
}

/**
 * Live pandoc processes, killed if this process exits first. pandoc is not detached: it stays
 * in our process group, so Ctrl-C on the terminal reaches it too, and with filters refused it
 * starts no processes of its own, so killing it leaves nothing behind.
 */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const c of live) c.kill("SIGKILL");
    });
  }
  live.add(child);
  child.once("close", () => live.delete(child));
}

/** Runs one process to completion or timeout; rejects only with a PandocError "missing". */
function exec({ command, args, stdin, timeoutMs, sourceFile }: ExecOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ["pipe", "pipe", "pipe"],
      windowsHide: true,
      // A fixed, small environment: the same input gives the same output whoever runs it.
      env: { PATH: process.env.PATH ?? "", LANG: "C.UTF-8", LC_ALL: "C.UTF-8", HOME: process.env.HOME ?? "/" },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let settled = false;
    track(child);
    const kill = (): void => {
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    // pandoc may exit before reading all of stdin (bad option); that EPIPE is not our failure.
    child.stdin.on("error", () => undefined);
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      reject(new PandocError("missing", `pandoc could not be started as "${command}" (${error.code ?? error.message})`, sourceFile));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err), timedOut });
    });
    child.stdin.end(stdin);
  });
}

export interface NativeOptions {
  /** The pandoc executable; "pandoc" looks it up on PATH. */
  pandocPath?: string;
  /** Bound on `pandoc --version`. */
  probeTimeoutMs?: number;
}

/** Starts native pandoc's backend after checking its version; PandocError "missing" if unusable. */
export async function createNativePandoc({ pandocPath = "pandoc", probeTimeoutMs = 10_000 }: NativeOptions = {}): Promise<PandocBackend> {
  const probe = await exec({ command: pandocPath, args: ["--version"], stdin: new Uint8Array(), timeoutMs: probeTimeoutMs, sourceFile: "" });
  const banner = probe.stdout.toString("utf8");
  const version = parseVersionBanner(banner);
  if (probe.timedOut || probe.code !== 0 || version === undefined) {
    throw new PandocError("missing", `"${pandocPath} --version" did not answer like pandoc`, "");
  }
  if (compareVersions(version, MIN_PANDOC_VERSION) < 0) {
    throw new PandocError("missing", `pandoc ${version} at "${pandocPath}" is too old; imprint needs ${MIN_PANDOC_VERSION.join(".")} or newer`, "");
  }
  return new NativePandoc(pandocPath, version);
}

class NativePandoc implements PandocBackend {
  readonly name = "native" as const;
  constructor(
    private readonly command: string,
    readonly version: string,
  ) {}

  async run(run: PandocRun): Promise<PandocOutput> {
    const extra = run.args ?? [];
    assertSafeArgs(extra);
    // --sandbox: readers and writers may read no file but the input (no includes, no images).
    const args = ["--from", run.from, "--to", run.to, "--sandbox", ...nativeArgs(extra, this.version)];
    const stdin = run.inputBytes ?? Buffer.from(run.input, "utf8");
    const result = await exec({ command: this.command, args, stdin, timeoutMs: run.timeoutMs, sourceFile: run.sourceFile });
    if (result.timedOut) {
      throw new PandocError("timeout", `pandoc did not finish converting ${run.sourceFile} within ${formatMs(run.timeoutMs)}`, run.sourceFile);
    }
    const stderr = result.stderr.toString("utf8");
    if (result.code !== 0) {
      const why = stderrErrors(stderr) || (result.signal ? `killed by ${result.signal}` : `exit code ${String(result.code)}`);
      throw new PandocError("failed", `pandoc failed on ${run.sourceFile}: ${why}`, run.sourceFile);
    }
    return { output: result.stdout.toString("utf8"), warnings: parseStderrWarnings(stderr) };
  }

  async close(): Promise<void> {
    // Each run's process ends with the run; nothing is kept between runs.
  }
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The native pandoc backend: a child process per run, spawned with an argument array (never a
 * shell), its output collected as Buffers and decoded once, killed (SIGKILL) when the timeout
 * passes, and held to a memory cap: pandoc's own `+RTS -M` when its build accepts RTS options
 * (portable, and it fails with a clear "Heap exhausted"), else the kernel's data limit through
 * `prlimit` or `sh -c 'ulimit -d'`. Not the address-space limit (`--as`, `ulimit -v`): GHC's
 * runtime reserves a terabyte of address space at start, so any such cap stops every run.
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
import { DEFAULT_LIMITS } from "../load/limits.js";
import { PandocError, type MemoryCap, type PandocBackend, type PandocOutput, type PandocRun } from "./types.js";
import { luaFilterPath } from "./list-delimiters.js";

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
  /** Memory cap of each run in MiB (default `DEFAULT_LIMITS.pandocMemoryMb`, 1024). */
  maxMemoryMb?: number;
}

/** How to start pandoc under a cap: a command and the arguments that go before pandoc's own. */
interface Launcher {
  cap: MemoryCap;
  command: string;
  prefix: string[];
  /** Arguments after the prefix and before pandoc's (the RTS options). */
  rts: string[];
}

/** The ways to cap pandoc, best first; each is tried with `--version` until one answers. */
function launchers(pandocPath: string, mb: number): Launcher[] {
  const bytes = String(mb * 1024 * 1024);
  return [
    { cap: { mb, enforcedBy: "rts" }, command: pandocPath, prefix: [], rts: ["+RTS", `-M${mb}m`, "-RTS"] },
    { cap: { mb, enforcedBy: "prlimit" }, command: "prlimit", prefix: [`--data=${bytes}`, pandocPath], rts: [] },
    // The cap and pandoc's path are positional parameters, never part of the script text.
    { cap: { mb, enforcedBy: "ulimit" }, command: "sh", prefix: ["-c", 'ulimit -d "$1" || exit 127; shift; exec "$@"', "sh", String(mb * 1024), pandocPath], rts: [] },
    { cap: { mb, enforcedBy: "none" }, command: pandocPath, prefix: [], rts: [] },
  ];
}

/** pandoc's own words when it ran out of its cap (RTS heap, or a kernel limit on commits). */
const OUT_OF_MEMORY = /Heap exhausted|Unable to commit|out of memory|Cannot allocate memory/i;

/** Starts native pandoc's backend after checking its version; PandocError "missing" if unusable. */
export async function createNativePandoc({ pandocPath = "pandoc", probeTimeoutMs = 10_000, maxMemoryMb = DEFAULT_LIMITS.pandocMemoryMb }: NativeOptions = {}): Promise<PandocBackend> {
  if (!Number.isInteger(maxMemoryMb) || maxMemoryMb < 1) throw new RangeError(`maxMemoryMb must be a positive whole number of MiB, not ${maxMemoryMb}`);
  let probed: { launcher: Launcher; banner: string } | undefined;
  for (const launcher of launchers(pandocPath, maxMemoryMb)) {
    const args = [...launcher.prefix, ...launcher.rts, "--version"];
    try {
      const probe = await exec({ command: launcher.command, args, stdin: new Uint8Array(), timeoutMs: probeTimeoutMs, sourceFile: "" });
      if (!probe.timedOut && probe.code === 0) {
        probed = { launcher, banner: probe.stdout.toString("utf8") };
        break;
      }
    } catch (error) {
      // prlimit or sh missing: try the next way; pandoc itself missing shows at the last one.
      if (!(error instanceof PandocError) || launcher.cap.enforcedBy === "none") throw error;
    }
  }
  const version = probed && parseVersionBanner(probed.banner);
  if (!probed || version === undefined) {
    throw new PandocError("missing", `"${pandocPath} --version" did not answer like pandoc`, "");
  }
  if (compareVersions(version, MIN_PANDOC_VERSION) < 0) {
    throw new PandocError("missing", `pandoc ${version} at "${pandocPath}" is too old; imprint needs ${MIN_PANDOC_VERSION.join(".")} or newer`, "");
  }
  return new NativePandoc(probed.launcher, version);
}

class NativePandoc implements PandocBackend {
  readonly name = "native" as const;
  readonly memoryCap: MemoryCap;
  constructor(
    private readonly launcher: Launcher,
    readonly version: string,
  ) {
    this.memoryCap = launcher.cap;
  }

  async run(run: PandocRun): Promise<PandocOutput> {
    return this.execute({ run, stdin: run.inputBytes ?? Buffer.from(run.input, "utf8"), paths: [] });
  }

  async runFiles(run: Omit<PandocRun, "input" | "inputBytes"> & { paths: string[] }): Promise<PandocOutput> {
    // Paths go after "--", so none can be read as an option.
    return this.execute({ run: { ...run, args: [...(run.args ?? []), "--file-scope"] }, stdin: new Uint8Array(), paths: ["--", ...run.paths] });
  }

  private async execute({ run, stdin, paths }: { run: Omit<PandocRun, "input" | "inputBytes">; stdin: Uint8Array; paths: string[] }): Promise<PandocOutput> {
    const extra = run.args ?? [];
    assertSafeArgs(extra);
    // --sandbox: readers and writers may read no file but the input (no includes, no images).
    const { command, prefix, rts, cap } = this.launcher;
    const filters = (run.luaFilters ?? []).map((f) => `--lua-filter=${luaFilterPath(f)}`);
    const args = [...prefix, ...rts, "--from", run.from, "--to", run.to, "--sandbox", ...nativeArgs(extra, this.version), ...filters, ...paths];
    const result = await exec({ command, args, stdin, timeoutMs: run.timeoutMs, sourceFile: run.sourceFile });
    if (result.timedOut) {
      throw new PandocError("timeout", `pandoc did not finish converting ${run.sourceFile} within ${formatMs(run.timeoutMs)}`, run.sourceFile);
    }
    const stderr = result.stderr.toString("utf8");
    if (result.code !== 0) {
      if (cap.enforcedBy !== "none" && OUT_OF_MEMORY.test(stderr)) {
        throw new PandocError("memory", `pandoc needed more than its ${cap.mb} MB memory cap converting ${run.sourceFile}`, run.sourceFile);
      }
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
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  // Under a tenth of a second (a test's or a user's tiny --timeout), in milliseconds: "0.0 s" says nothing.
  return ms < 100 ? `${Math.round(ms * 10) / 10} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The pandoc-wasm backend (pandoc's own WebAssembly build). Its convert() is synchronous,
 * blocks its thread and is not re-entrant, so it runs in a worker thread, one job at a time;
 * a job that passes its timeout terminates the worker, and the next job starts a fresh one.
 * Memory is capped twice: pandoc's linear memory by the maximum the worker writes into the module
 * (see wasm-worker-source.ts), and the worker's JavaScript heap by Node's resourceLimits.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { assertSafeArgs, stderrErrors, wasmOptions } from "./args.js";
import { formatMs } from "./native.js";
import { DEFAULT_LIMITS } from "../load/limits.js";
import { PandocError, type MemoryCap, type PandocBackend, type PandocOutput, type PandocRun } from "./types.js";
import { WORKER_SOURCE } from "./wasm-worker-source.js";

type WorkerMessage =
  | { type: "ready"; version: string; capped: boolean }
  | { type: "fatal"; message: string }
  | { type: "done"; id: number; stdout: string; stderr: string; warnings: string[] }
  | { type: "error"; id: number; message: string; memory: boolean };

export interface WasmOptions {
  /** Bound on loading the module (it compiles 58 MB of wasm; slow on a busy machine). */
  startTimeoutMs?: number;
  /** Cap on pandoc's memory in MiB (default `DEFAULT_LIMITS.pandocMemoryMb`, 1024; at most 4096, wasm32's limit). */
  maxMemoryMb?: number;
}

interface Live {
  worker: Worker;
  version: string;
  capped: boolean;
}

interface WorkerSetup {
  moduleUrl: string;
  startTimeoutMs: number;
  maxMemoryMb: number;
}

/**
 * The JavaScript heap of the worker: it holds one job's input and output strings (a few MB for a
 * long chapter); pandoc's own memory is wasm memory, outside this heap and under its own cap.
 */
const WORKER_HEAP_MB = 256;

/** The file URL of pandoc-wasm's Node entry point, resolved from this package. */
function pandocWasmUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve("pandoc-wasm")).href;
}

/** Starts a worker and waits until pandoc-wasm is loaded in it. */
function startWorker({ moduleUrl, startTimeoutMs, maxMemoryMb }: WorkerSetup): Promise<Live> {
  return new Promise((resolve, reject) => {
    const maxPages = Math.min(65536, maxMemoryMb * 16); // 64 KiB pages
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { moduleUrl, maxPages }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    // Only our own listeners go: Worker keeps internal ones that start its message port.
    const detach = (): void => {
      clearTimeout(timer);
      worker.off("error", onError);
      worker.off("exit", onExit);
      worker.off("message", onMessage);
    };
    const fail = (message: string): void => {
      detach();
      void worker.terminate();
      reject(new PandocError("missing", `pandoc-wasm could not be loaded: ${message}`, ""));
    };
    const timer = setTimeout(() => fail(`not ready after ${formatMs(startTimeoutMs)}`), startTimeoutMs);
    const onError = (error: Error): void => fail(error.message);
    const onExit = (code: number): void => fail(`its worker exited with code ${code}`);
    const onMessage = (message: WorkerMessage): void => {
      if (message.type === "ready") {
        detach();
        worker.unref();
        resolve({ worker, version: message.version, capped: message.capped });
      } else {
        fail(message.type === "fatal" ? message.message : "unexpected first message");
      }
    };
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.on("message", onMessage);
  });
}

/** Loads pandoc-wasm in a worker; PandocError "missing" when it cannot be loaded. */
export async function createWasmPandoc({ startTimeoutMs = 120_000, maxMemoryMb = DEFAULT_LIMITS.pandocMemoryMb }: WasmOptions = {}): Promise<PandocBackend> {
  if (!Number.isInteger(maxMemoryMb) || maxMemoryMb < 1) throw new RangeError(`maxMemoryMb must be a positive whole number of MiB, not ${maxMemoryMb}`);
  const setup = { moduleUrl: pandocWasmUrl(), startTimeoutMs, maxMemoryMb };
  const live = await startWorker(setup);
  return new WasmPandoc(setup, live);
}

class WasmPandoc implements PandocBackend {
  readonly name = "wasm" as const;
  readonly version: string;
  readonly memoryCap: MemoryCap;
  private live: Live | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly setup: WorkerSetup,
    live: Live,
  ) {
    this.live = live;
    this.version = live.version;
    this.memoryCap = { mb: Math.min(4096, setup.maxMemoryMb), enforcedBy: live.capped ? "wasm" : "none" };
  }

  run(run: PandocRun): Promise<PandocOutput> {
    // One job at a time: the instance is not re-entrant.
    const result = this.queue.then(() => this.runNow(run));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async runNow(run: PandocRun): Promise<PandocOutput> {
    if (this.closed) throw new Error("pandoc-wasm backend used after close()");
    const extra = run.args ?? [];
    assertSafeArgs(extra);
    const options: Record<string, unknown> = { ...wasmOptions(extra), from: run.from, to: run.to };
    const files: Record<string, Uint8Array> = {};
    let stdin: string | null = run.input;
    if (run.inputBytes !== undefined) {
      // Binary readers (docx, odt) need a file: the wrapper's stdin is text only.
      const name = `input.${run.from.replace(/[^a-z0-9]/gi, "") || "bin"}`;
      files[name] = run.inputBytes;
      options["input-files"] = [name];
      stdin = null;
    }
    if (run.luaFilters?.length) {
      for (const f of run.luaFilters) files[f.name] = new TextEncoder().encode(f.text);
      options.filters = run.luaFilters.map((f) => f.name);
    }
    this.live ??= await startWorker(this.setup);
    const live = this.live;
    const id = this.nextId++;
    const message = await this.exchange(live, { type: "run", id, options, stdin, files }, run);
    if (message.type === "error") {
      await this.discard(live);
      if (message.memory) throw this.memoryError(run);
      throw new PandocError("failed", `pandoc-wasm failed on ${run.sourceFile}: ${message.message}`, run.sourceFile);
    }
    if (message.type !== "done") throw new Error(`pandoc-wasm worker sent ${message.type} during a run`);
    // The wrapper reports warnings as data and leaves only errors on stderr.
    if (message.stderr.trim() !== "") {
      throw new PandocError("failed", `pandoc failed on ${run.sourceFile}: ${stderrErrors(message.stderr) || message.stderr.trim()}`, run.sourceFile);
    }
    const warnings = message.warnings.map((w) => w.replace(/ at \/stdin line /g, " at line "));
    return { output: message.stdout, warnings };
  }

  /** Posts a job and waits for its answer, the worker's death or the timeout. */
  private exchange(live: Live, job: object, run: PandocRun): Promise<WorkerMessage> {
    return new Promise((resolve, reject) => {
      const { worker } = live;
      const cleanup = (): void => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        worker.unref();
      };
      const onMessage = (message: WorkerMessage): void => {
        cleanup();
        resolve(message);
      };
      const onError = (error: Error & { code?: string }): void => {
        cleanup();
        void this.discard(live);
        // The worker's JavaScript heap passed its resourceLimits.
        if (error.code === "ERR_WORKER_OUT_OF_MEMORY") reject(this.memoryError(run));
        else reject(new PandocError("failed", `pandoc-wasm crashed on ${run.sourceFile}: ${error.message}`, run.sourceFile));
      };
      const onExit = (code: number): void => {
        cleanup();
        if (this.live === live) this.live = undefined;
        reject(new PandocError("failed", `pandoc-wasm's worker exited (code ${code}) on ${run.sourceFile}`, run.sourceFile));
      };
      const timer = setTimeout(() => {
        cleanup();
        // terminate() interrupts the running wasm; the next job starts a fresh worker.
        void this.discard(live).then(() =>
          reject(new PandocError("timeout", `pandoc did not finish converting ${run.sourceFile} within ${formatMs(run.timeoutMs)}`, run.sourceFile)),
        );
      }, run.timeoutMs);
      worker.ref();
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage(job);
    });
  }

  private memoryError(run: PandocRun): PandocError {
    return new PandocError("memory", `pandoc needed more than its ${this.memoryCap.mb} MB memory cap converting ${run.sourceFile}`, run.sourceFile);
  }

  private async discard(live: Live): Promise<void> {
    if (this.live === live) this.live = undefined;
    await live.worker.terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    const live = this.live;
    this.live = undefined;
    if (live) await live.worker.terminate();
  }
}

/**
 * The pandoc-wasm backend (pandoc's own WebAssembly build). Its convert() is synchronous,
 * blocks its thread and is not re-entrant, so it runs in a worker thread, one job at a time;
 * a job that passes its timeout terminates the worker, and the next job starts a fresh one.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { assertSafeArgs, wasmOptions } from "./args.js";
import { formatMs } from "./native.js";
import { PandocError, type PandocBackend, type PandocOutput, type PandocRun } from "./types.js";
import { WORKER_SOURCE } from "./wasm-worker-source.js";

type WorkerMessage =
  | { type: "ready"; version: string }
  | { type: "fatal"; message: string }
  | { type: "done"; id: number; stdout: string; stderr: string; warnings: string[] }
  | { type: "error"; id: number; message: string };

export interface WasmOptions {
  /** Bound on loading the module (it compiles 58 MB of wasm; slow on a busy machine). */
  startTimeoutMs?: number;
}

interface Live {
  worker: Worker;
  version: string;
}

/** The file URL of pandoc-wasm's Node entry point, resolved from this package. */
function pandocWasmUrl(): string {
  const require = createRequire(import.meta.url);
  return pathToFileURL(require.resolve("pandoc-wasm")).href;
}

/** Starts a worker and waits until pandoc-wasm is loaded in it. */
function startWorker(moduleUrl: string, startTimeoutMs: number): Promise<Live> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { moduleUrl } });
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
        resolve({ worker, version: message.version });
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
export async function createWasmPandoc({ startTimeoutMs = 120_000 }: WasmOptions = {}): Promise<PandocBackend> {
  const moduleUrl = pandocWasmUrl();
  const live = await startWorker(moduleUrl, startTimeoutMs);
  return new WasmPandoc(moduleUrl, startTimeoutMs, live);
}

class WasmPandoc implements PandocBackend {
  readonly name = "wasm" as const;
  readonly version: string;
  private live: Live | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly moduleUrl: string,
    private readonly startTimeoutMs: number,
    live: Live,
  ) {
    this.live = live;
    this.version = live.version;
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
    this.live ??= await startWorker(this.moduleUrl, this.startTimeoutMs);
    const live = this.live;
    const id = this.nextId++;
    const message = await this.exchange(live, { type: "run", id, options, stdin, files }, run);
    if (message.type === "error") {
      await this.discard(live);
      throw new PandocError("failed", `pandoc-wasm failed on ${run.sourceFile}: ${message.message}`, run.sourceFile);
    }
    if (message.type !== "done") throw new Error(`pandoc-wasm worker sent ${message.type} during a run`);
    // The wrapper reports warnings as data and leaves only errors on stderr.
    if (message.stderr.trim() !== "") {
      throw new PandocError("failed", `pandoc failed on ${run.sourceFile}: ${message.stderr.trim()}`, run.sourceFile);
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
      const onError = (error: Error): void => {
        cleanup();
        void this.discard(live);
        reject(new PandocError("failed", `pandoc-wasm crashed on ${run.sourceFile}: ${error.message}`, run.sourceFile));
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
